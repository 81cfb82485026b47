"""Each page runs a fixed number of SQL statements, whatever the size of the class or the data.

The budgets are exact: a page that starts running one more statement per request fails here, and
the new number has to be written down on purpose.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app import grading
from app.check_in_rules import form_for as form_letter
from app.models import Attempt, CheckInAttempt, Classroom, Enrollment, User, utcnow
from app.services import check_ins, standings
from app.services.classrooms import create_classroom
from tests.factories import app_context, login, make_assignment, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()


def _class_of(db, teacher, size: int):
    """A class of `size` students, each with one handed-in attempt (bulk-inserted)."""
    with app_context(db):
        classroom = create_classroom(db, teacher, f"Class of {size}")
    db.commit()
    assignment = make_assignment(db, classroom)
    answers = {q.id: q.read_response(form_for([q])) for q in LESSON.questions}
    result = grading.grade(LESSON.questions, answers)
    students = [
        User(
            role="student", username=f"s{size}-{n}", display_name=f"Student {n}", password_hash="x"
        )
        for n in range(size)
    ]
    db.add_all(students)
    db.flush()
    db.add_all(Enrollment(classroom_id=classroom.id, student_id=s.id) for s in students)
    db.add_all(
        Attempt(
            assignment_id=assignment.id,
            student_id=s.id,
            number=1,
            lesson_version=LESSON.version,
            status="submitted",
            answers=grading.answers_json(answers),
            scores=result.scores_json(),
            awarded_num=result.awarded.numerator,
            awarded_den=result.awarded.denominator,
            max_points=result.points,
            awaiting_teacher=True,
            pending_points=result.pending_points,  # so the pages show pending scores too
            submitted_at=classroom.created_at,
        )
        for s in students
    )
    db.flush()
    standings.rebuild(db, [assignment.id])
    db.commit()
    return classroom.id, assignment.id


def _count(app, client, url: str) -> int:
    statements = []

    def record(*_args):
        statements.append(1)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


# Pages built from a class report read every student's stored standing, own terms and (as the
# page needs) counted attempt's scores and answers in one statement (standings.class_cells),
# whatever the size of the class.
TEACHER_BUDGETS = {
    "/teacher/classes/{c}": 8,
    "/teacher/classes/{c}/gradebook": 5,
    "/teacher/classes/{c}/gradebook.csv": 5,
    "/teacher/classes/{c}/marking": 4,
    "/teacher/assignments/{a}/analysis": 5,
    "/teacher/assignments/{a}/responses.csv": 5,
}
STUDENT_BUDGETS = {
    "/student/": 3,  # the user, classes, assignments with standings (no check-in set)
    "/student/assignments/{a}": 2,
    "/student/assignments/{a}/attempts/1": 2,
}


@pytest.mark.parametrize(("url", "budget"), TEACHER_BUDGETS.items())
def test_teacher_page_runs_its_budget_for_5_and_200_students(app, client, db, url, budget):
    teacher = make_teacher(db, email="t@school.test")
    small = _class_of(db, teacher, 5)
    large = _class_of(db, teacher, 200)
    login(client, "t@school.test")
    counts = [_count(app, client, url.format(c=c, a=a)) for c, a in (small, large)]
    assert counts == [budget, budget]


DASHBOARD_BUDGET = 5


def test_dashboard_runs_its_budget_for_one_small_class_and_three_large_ones(app, db):
    """The to-do list reads the same number of statements whatever the classes and their size."""
    from datetime import timedelta

    from app.models import Assignment, utcnow

    counts = []
    for email, sizes in (("one@school.test", [5]), ("three@school.test", [200, 150, 120])):
        teacher = make_teacher(db, email=email)
        for size in sizes:
            _, assignment_id = _class_of(db, teacher, size)
            db.get(Assignment, assignment_id).due_at = utcnow() + timedelta(days=2)
            late = make_assignment(db, db.get(Assignment, assignment_id).classroom)
            late.due_at = utcnow() - timedelta(days=1)
        db.commit()
        client = app.test_client()
        login(client, email)
        counts.append(_count(app, client, "/teacher/"))
    assert counts == [DASHBOARD_BUDGET, DASHBOARD_BUDGET]


def _student_with(db, assignments: int):
    """A student in a class with `assignments` assignments, one of them handed in."""
    from tests.factories import make_classroom, make_student, make_submitted_attempt

    classroom = make_classroom(db, make_teacher(db), f"Class with {assignments}")
    student = make_student(db, classroom, username=f"q{assignments}")
    made = [make_assignment(db, classroom) for _ in range(assignments)]
    make_submitted_attempt(db, made[0], student)
    return student.username, made[0].id


@pytest.mark.parametrize(("url", "budget"), STUDENT_BUDGETS.items())
def test_student_page_runs_its_budget_for_1_and_12_assignments(app, db, url, budget):
    counts = []
    for size in (1, 12):
        username, assignment_id = _student_with(db, size)
        client = app.test_client()
        login(client, username)
        counts.append(_count(app, client, url.format(a=assignment_id)))
    assert counts == [budget, budget]


CHECK_IN_FORMS = {"A": lesson("check-in-signals-a"), "B": lesson("check-in-signals-b")}
CHECK_IN_BUDGETS = {
    "/teacher/check-ins/{k}": 5,
    "/teacher/check-ins/{k}/report.csv": 5,
}


def _check_in_of(db, teacher, size: int) -> int:
    """A class of `size` with a check-in that every student handed in before and after."""
    classroom_id, _ = _class_of(db, teacher, size)
    check_in = check_ins.create(
        db, db.get(Classroom, classroom_id), "signals", None, b"key", utcnow()
    )
    db.flush()
    seats = check_ins.seat(db, check_in, [], b"key")
    for student_id, order in seats.items():
        for phase in ("before", "after"):
            form = CHECK_IN_FORMS[form_letter(order, phase)]
            answers = {q.id: q.read_response(form_for([q])) for q in form.questions[:6]}
            result = grading.grade(form.questions, answers)
            db.add(
                CheckInAttempt(
                    check_in_id=check_in.id,
                    student_id=student_id,
                    phase=phase,
                    form=form.check_in.form,
                    lesson_slug=form.slug,
                    lesson_version=form.version,
                    status="submitted",
                    answers=grading.answers_json(answers),
                    scores=result.scores_json(),
                    awarded_num=result.awarded.numerator,
                    awarded_den=result.awarded.denominator,
                    max_points=result.points,
                    submitted_at=utcnow(),
                )
            )
    db.commit()
    return check_in.id


STUDENT_HOME_WITH_CHECK_INS = 4  # one more: the check-ins, with the student's seat and attempts


def test_student_home_reads_check_ins_in_one_statement_for_1_and_3_check_ins(app, db):
    from tests.factories import make_classroom, make_student

    counts = []
    for made in (1, 3):
        classroom = make_classroom(db, make_teacher(db), f"Class with {made} check-ins")
        username = make_student(db, classroom, username=f"home{made}").username
        make_assignment(db, classroom)
        for _ in range(made):
            check_ins.create(db, classroom, "signals", None, b"key", utcnow())
        db.commit()
        client = app.test_client()
        login(client, username)
        page = client.get("/student/").get_data(as_text=True)
        assert page.count("Check-in:") == made
        counts.append(_count(app, client, "/student/"))
    assert counts == [STUDENT_HOME_WITH_CHECK_INS, STUDENT_HOME_WITH_CHECK_INS]


@pytest.mark.parametrize(("url", "budget"), CHECK_IN_BUDGETS.items())
def test_check_in_report_runs_its_budget_for_5_and_200_students(app, client, db, url, budget):
    teacher = make_teacher(db, email="t@school.test")
    small, large = _check_in_of(db, teacher, 5), _check_in_of(db, teacher, 200)
    login(client, "t@school.test")
    counts = [_count(app, client, url.format(k=k)) for k in (small, large)]
    assert counts == [budget, budget]
