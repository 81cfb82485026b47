"""A teacher's control over a live assignment: release answers, close and reopen, and one
student's own due date and attempts."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

from sqlalchemy import select

from app.models import Assignment, Attempt, StudentException, utcnow
from app.services.attempts import CLOSED_BY_TEACHER
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
RELEASED = "The answers for this assignment are now shown, so it is closed for new work."


def _flat(response) -> str:
    return " ".join(unescape(response.get_data(as_text=True)).split())


def _answers(attempt: int) -> dict:
    """One wrong answer, handed in on purpose with the rest blank (so past the confirm step)."""
    choice = LESSON.questions[0]
    data = form_for([choice], attempt=attempt, **choice.example_answer(right=False))
    return {**data, "confirm": "1"}


def _class(db, *usernames, **settings):
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher)
    students = [make_student(db, classroom, username=name) for name in usernames]
    return classroom, students, make_assignment(db, classroom, **settings)


def _teacher(app):
    client = app.test_client()
    login(client, "t@school.test")
    return client


def _student_url(assignment, action=""):
    return f"/student/assignments/{assignment.id}{action}"


def _attempts(db, student):
    db.expire_all()
    query = select(Attempt).where(Attempt.student_id == student.id).order_by(Attempt.number)
    return db.scalars(query).all()


def test_release_asks_first_and_says_it_closes_open_attempts(app, db):
    _, _, assignment = _class(db, "sam.t")
    page = _flat(_teacher(app).get(f"/teacher/assignments/{assignment.id}/release"))
    assert "cannot be undone" in page and "Unfinished attempts can no longer be saved" in page
    db.expire_all()
    assert db.get(Assignment, assignment.id).released_at is None


def test_released_answers_show_and_close_an_open_attempt(app, client, db):
    _, (sam,), assignment = _class(db, "sam.t", reveal="after_due", max_attempts=3)
    login(client, "sam.t")
    client.post(_student_url(assignment, "/submit"), data=_answers(1))
    client.post(_student_url(assignment, "/save"), data=_answers(2))
    answer = _teacher(app).post(f"/teacher/assignments/{assignment.id}/release")
    assert answer.status_code == 302
    explanation = " ".join(LESSON.questions[0].explanation.split())[:50]
    assert explanation in _flat(client.get(_student_url(assignment, "/attempts/1")))
    save = client.post(_student_url(assignment, "/save?auto=1"), data=_answers(2))
    assert save.status_code == 403 and save.get_json()["message"] == RELEASED
    client.post(_student_url(assignment, "/submit"), data=_answers(2))
    assert [a.status for a in _attempts(db, sam)] == ["submitted", "in_progress"]


def test_releasing_twice_says_it_was_already_done(app, db):
    _, _, assignment = _class(db, "sam.t")
    teacher = _teacher(app)
    teacher.post(f"/teacher/assignments/{assignment.id}/release")
    again = teacher.post(f"/teacher/assignments/{assignment.id}/release", follow_redirects=True)
    assert "already released" in _flat(again)


def test_a_closed_assignment_refuses_work_until_reopened(app, client, db):
    _, (sam,), assignment = _class(db, "sam.t")
    teacher = _teacher(app)
    teacher.post(f"/teacher/assignments/{assignment.id}/close")
    login(client, "sam.t")
    assert CLOSED_BY_TEACHER in _flat(client.get(_student_url(assignment)))
    client.post(_student_url(assignment, "/submit"), data=_answers(1))
    assert _attempts(db, sam) == []
    teacher.post(f"/teacher/assignments/{assignment.id}/reopen")
    client.post(_student_url(assignment, "/submit"), data=_answers(1))
    assert [a.status for a in _attempts(db, sam)] == ["submitted"]


def test_the_class_page_offers_close_then_reopen(app, db):
    classroom, _, assignment = _class(db, "sam.t")
    teacher = _teacher(app)
    assert "Close now" in _flat(teacher.get(f"/teacher/classes/{classroom.id}"))
    teacher.post(f"/teacher/assignments/{assignment.id}/close")
    page = _flat(teacher.get(f"/teacher/classes/{classroom.id}"))
    assert "Reopen" in page and "Close now" not in page


def _give(app, assignment, student, **form):
    data = {"due_date": "", "due_time": "", "extra_attempts": "0", **form}
    url = f"/teacher/assignments/{assignment.id}/students/{student.id}/exception"
    return _teacher(app).post(url, data=data)


def test_a_later_due_date_lets_one_student_hand_in_while_another_is_refused(app, db):
    _, (sam, kim), assignment = _class(
        db, "sam.t", "kim.o", due_at=utcnow() + timedelta(minutes=5), accept_late=False
    )
    later = (utcnow() + timedelta(days=3)).date().isoformat()
    assert _give(app, assignment, sam, due_date=later).status_code == 302
    db.execute(
        Assignment.__table__.update()
        .where(Assignment.id == assignment.id)
        .values(due_at=utcnow() - timedelta(minutes=1))
    )
    db.commit()
    for student in (sam, kim):
        client = app.test_client()
        login(client, student.username)
        client.post(_student_url(assignment, "/submit"), data=_answers(1))
    assert [a.status for a in _attempts(db, sam)] == ["submitted"]
    assert [a.is_late for a in _attempts(db, sam)] == [False]
    assert [a.status for a in _attempts(db, kim)] == ["in_progress"]


def test_extra_attempts_are_for_that_student_only(app, db):
    _, (sam, kim), assignment = _class(db, "sam.t", "kim.o", max_attempts=1, reveal="after_due")
    _give(app, assignment, sam, extra_attempts="1")
    for student in (sam, kim):
        client = app.test_client()
        login(client, student.username)
        client.post(_student_url(assignment, "/submit"), data=_answers(1))
        client.post(_student_url(assignment, "/submit"), data=_answers(2))
    assert len(_attempts(db, sam)) == 2 and len(_attempts(db, kim)) == 1


def test_own_terms_show_in_the_gradebook_and_on_the_students_pages(app, client, db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    _give(app, assignment, sam, extra_attempts="2")
    teacher = _teacher(app)
    assert "Own terms: 2 extra attempts" in _flat(
        teacher.get(f"/teacher/classes/{classroom.id}/gradebook")
    )
    student_page = teacher.get(f"/teacher/classes/{classroom.id}/students/{sam.id}")
    assert "Own terms: 2 extra attempts." in _flat(student_page)
    login(client, "sam.t")
    page = _flat(client.get(_student_url(assignment)))
    assert "0 of 4 attempts used" in page and "2 extra attempts" in page


def test_empty_terms_remove_the_exception(app, db):
    _, (sam,), assignment = _class(db, "sam.t")
    _give(app, assignment, sam, extra_attempts="1")
    _give(app, assignment, sam)
    db.expire_all()
    assert db.scalars(select(StudentException)).all() == []


def test_a_past_own_due_date_is_refused(app, db):
    _, (sam,), assignment = _class(db, "sam.t")
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    page = _flat(_give(app, assignment, sam, due_date=yesterday))
    assert "Choose a due date and time in the future." in page


def test_terms_for_a_student_of_another_class_are_not_found(app, db):
    _, _, assignment = _class(db, "sam.t")
    elsewhere = make_classroom(db, make_teacher(db, email="o@school.test"), "Other")
    outsider = make_student(db, elsewhere, username="out.sider")
    url = f"/teacher/assignments/{assignment.id}/students/{outsider.id}/exception"
    assert _teacher(app).get(url).status_code == 404


def test_assigning_a_lesson_twice_to_a_class_warns(app, db):
    classroom, _, _ = _class(db, "sam.t")
    data = {"classrooms": [str(classroom.id)], "max_attempts": "2", "reveal": "after_last"}
    response = _teacher(app).post(
        "/teacher/lessons/tiotkino-raid/assign", data=data, follow_redirects=True
    )
    assert "was already assigned to Period 1, so it is there twice now" in _flat(response)
