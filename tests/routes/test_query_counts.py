"""Teacher pages run a fixed number of SQL statements, whatever the size of the class."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.models import Attempt, Enrollment, User
from app.services.classrooms import create_classroom
from tests.factories import app_context, login, make_assignment, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()


def _class_of(db, teacher, size: int):
    """A class of `size` students, each with one handed-in attempt (bulk-inserted)."""
    from app import grading

    with app_context(db):
        classroom = create_classroom(db, teacher, f"Class of {size}")
    db.commit()
    assignment = make_assignment(db, classroom)
    answers = {q.id: q.read_response(form_for([q])).to_json() for q in LESSON.questions}
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
            answers=answers,
            scores=result.scores,
            awarded_num=result.awarded.numerator,
            awarded_den=result.awarded.denominator,
            max_points=result.points,
            awaiting_teacher=True,
            submitted_at=classroom.created_at,
        )
        for s in students
    )
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


@pytest.mark.parametrize(
    "url",
    [
        "/teacher/classes/{c}",
        "/teacher/classes/{c}/gradebook",
        "/teacher/classes/{c}/gradebook.csv",
        "/teacher/classes/{c}/marking",
        "/teacher/assignments/{a}/analysis",
        "/teacher/assignments/{a}/responses.csv",
    ],
)
def test_statement_count_is_the_same_for_5_and_200_students(app, client, db, url):
    teacher = make_teacher(db, email="t@school.test")
    small = _class_of(db, teacher, 5)
    large = _class_of(db, teacher, 200)
    login(client, "t@school.test")
    counts = [_count(app, client, url.format(c=c, a=a)) for c, a in (small, large)]
    assert counts[0] == counts[1], counts
