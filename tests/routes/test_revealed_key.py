"""Once a student can see an assignment's key, nothing more of theirs can be handed in for it."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select, update

from app.models import Assignment, Attempt, utcnow
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
CLOSED = "The answers for this assignment are now shown, so it is closed for new work."


def _url(assignment, action=""):
    return f"/student/assignments/{assignment.id}{action}"


def _flat(response) -> str:
    return " ".join(unescape(response.get_data(as_text=True)).split())


def _attempts(db):
    db.expire_all()
    return db.scalars(select(Attempt).order_by(Attempt.number)).all()


def _all_wrong(attempt: int) -> dict:
    choice = LESSON.questions[0]
    # Only one question answered: confirm=1 hands it in anyway, as the confirm step's button does.
    return form_for([choice], attempt=attempt, confirm="1", **choice.example_answer(right=False))


def _all_right(attempt: int) -> dict:
    data = form_for(LESSON.questions, attempt=attempt)
    for question in LESSON.questions:
        data.update(question.example_answer(right=True))
    return data


def _first_done_second_open(client, db, **settings):
    """A student hands in attempt 1 (one wrong answer) and saves attempt 2, still open."""
    classroom = make_classroom(db, make_teacher(db))
    make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom, **settings)
    login(client, "sam.t")
    client.post(_url(assignment, "/submit"), data=_all_wrong(1))
    client.post(_url(assignment, "/save"), data=_all_wrong(2))
    assert [a.status for a in _attempts(db)] == ["submitted", "in_progress"]
    return assignment


def _change(db, assignment, **values):
    db.execute(update(Assignment).where(Assignment.id == assignment.id).values(**values))
    db.commit()


def _assert_key_shows_and_attempt_2_is_closed(client, db, assignment, reason=CLOSED):
    explanation = " ".join(LESSON.questions[0].explanation.split())[:50]
    assert explanation in _flat(client.get(_url(assignment, "/attempts/1")))
    submit = client.post(_url(assignment, "/submit"), data=_all_right(2))
    assert submit.headers["Location"] == _url(assignment)
    save = client.post(_url(assignment, "/save?auto=1"), data=_all_right(2))
    assert save.status_code == 403
    assert save.get_json()["message"] == reason
    first, second = _attempts(db)
    assert second.status == "in_progress" and second.submitted_at is None
    assert second.answers == first.answers, "answers typed after the key showed are not kept"
    page = _flat(client.get(_url(assignment)))
    assert reason in page and 'action="/student/assignments' not in page.split("Quiz:")[1]


@pytest.mark.parametrize("reveal", ["after_last", "after_due", "after_attempt"])
def test_an_open_attempt_closes_when_the_due_date_reveals_the_key(client, db, reveal):
    assignment = _first_done_second_open(
        client, db, due_at=utcnow() + timedelta(hours=1), reveal=reveal, accept_late=True
    )
    _change(db, assignment, due_at=utcnow() - timedelta(minutes=1))
    _assert_key_shows_and_attempt_2_is_closed(client, db, assignment)


def test_an_open_attempt_closes_when_the_teacher_lowers_the_attempts(client, db):
    assignment = _first_done_second_open(client, db, max_attempts=3, reveal="after_last")
    _change(db, assignment, max_attempts=1)
    used = "You have used all your attempts."
    _assert_key_shows_and_attempt_2_is_closed(client, db, assignment, reason=used)


def test_after_each_attempt_the_next_attempt_stays_open_before_the_due_date(client, db):
    assignment = _first_done_second_open(
        client, db, due_at=utcnow() + timedelta(hours=1), reveal="after_attempt"
    )
    response = client.post(_url(assignment, "/submit"), data=_all_right(2))
    assert response.headers["Location"] == _url(assignment, "/attempts/2")
    assert [a.status for a in _attempts(db)] == ["submitted", "submitted"]


def test_the_closed_quiz_names_the_real_reason(client, db):
    classroom = make_classroom(db, make_teacher(db))
    make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom, max_attempts=2, reveal="after_last")
    login(client, "sam.t")
    client.post(_url(assignment, "/submit"), data=_all_wrong(1))
    _change(db, assignment, due_at=utcnow() - timedelta(minutes=1))
    page = _flat(client.get(_url(assignment)))
    assert CLOSED in page and "You have used all your attempts" not in page
