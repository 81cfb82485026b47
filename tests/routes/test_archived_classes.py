"""An archived class is read-only: students read their work and results but cannot answer."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from app.models import Assignment, Attempt
from app.services.classrooms import set_archived
from tests.factories import (
    app_context,
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
FIRST, SECOND = LESSON.questions[0], LESSON.questions[1]
CLOSED = "This class is archived, so its work is closed"


@pytest.fixture
def setup(client, db):
    """A class with a student logged in and one assignment (2 attempts, key after each one)."""
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher)
    student = make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom, reveal="after_attempt")
    login(client, "sam.t")
    return classroom, student, assignment


def _archive(db, classroom, archived: bool = True) -> None:
    with app_context(db):
        set_archived(db, classroom, archived)
    db.commit()


def _url(assignment, action=""):
    return f"/student/assignments/{assignment.id}{action}"


def _attempts(db):
    db.expire_all()
    return db.scalars(select(Attempt).order_by(Attempt.number)).all()


def _page(client, url):
    return " ".join(unescape(client.get(url).get_data(as_text=True)).split())


def _save_first_answer(client, assignment):
    """An open attempt holding an answer to the first question only."""
    response = client.post(_url(assignment, "/save"), data=form_for([FIRST]))
    assert response.status_code == 302


def test_archived_class_page_says_work_is_closed_and_offers_no_quiz_form(client, db, setup):
    classroom, _, assignment = setup
    _archive(db, classroom)
    page = _page(client, _url(assignment))
    assert CLOSED in page and "data-quiz" not in page and "Submit answers" not in page
    assert LESSON.title in page  # the reading is still there


def test_archived_class_refuses_to_start_an_attempt(client, db, setup):
    classroom, _, assignment = setup
    _archive(db, classroom)
    client.post(_url(assignment, "/save"), data=form_for([FIRST]))
    client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions))
    assert _attempts(db) == []


def test_archived_class_refuses_a_form_save_and_keeps_the_stored_answers(client, db, setup):
    classroom, _, assignment = setup
    _save_first_answer(client, assignment)
    _archive(db, classroom)
    response = client.post(_url(assignment, "/save"), data=form_for([FIRST, SECOND]))
    assert response.headers["Location"] == _url(assignment)
    [attempt] = _attempts(db)
    assert list(attempt.answers) == [FIRST.id]
    assert "Those answers were not saved. This class is archived" in _page(client, _url(assignment))


def test_archived_class_refuses_an_autosave_with_a_json_reason(client, db, setup):
    classroom, _, assignment = setup
    _save_first_answer(client, assignment)
    _archive(db, classroom)
    response = client.post(_url(assignment, "/save?auto=1"), data=form_for([FIRST, SECOND]))
    body = response.get_json()
    assert response.status_code == 403
    assert body["saved"] is False and body["closed"] is True and CLOSED in body["message"]
    [attempt] = _attempts(db)
    assert list(attempt.answers) == [FIRST.id]


def test_archived_class_refuses_submit_and_keeps_the_open_attempt_and_its_answers(
    client, db, setup
):
    classroom, _, assignment = setup
    _save_first_answer(client, assignment)
    _archive(db, classroom)
    response = client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions))
    assert response.headers["Location"] == _url(assignment)
    [attempt] = _attempts(db)
    assert attempt.status == "in_progress" and list(attempt.answers) == [FIRST.id]
    assert "Your answers were not handed in. This class is archived" in _page(
        client, _url(assignment)
    )


def test_results_and_revealed_keys_stay_visible_in_an_archived_class(client, db, setup):
    classroom, student, assignment = setup
    make_submitted_attempt(
        db, assignment, student, {FIRST.id: FIRST.read_response(form_for([FIRST]))}
    )
    _archive(db, classroom)
    result = _page(client, _url(assignment, "/attempts/1"))
    assert "Your results: attempt 1" in result and "Try again" not in result
    assert " ".join(FIRST.explanation.split())[:50] in result  # revealed after each attempt
    page = _page(client, _url(assignment))
    assert "attempt 1 (" in page and CLOSED in page


def test_student_home_says_the_archived_class_is_closed(client, db, setup):
    classroom, _, _ = setup
    _archive(db, classroom)
    page = _page(client, "/student/")
    assert LESSON.title in page and "work is closed" in page


def test_restoring_the_class_reopens_work(app, client, db, setup):
    classroom, _, assignment = setup
    _save_first_answer(client, assignment)
    teacher = app.test_client()
    login(teacher, "t@school.test")
    teacher.post(f"/teacher/classes/{classroom.id}/archive")
    refused = client.post(_url(assignment, "/save?auto=1"), data=form_for([FIRST, SECOND]))
    teacher.post(f"/teacher/classes/{classroom.id}/unarchive")
    saved = client.post(_url(assignment, "/save?auto=1"), data=form_for([FIRST, SECOND]))
    assert (refused.status_code, saved.status_code) == (403, 200)
    client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions))
    [attempt] = _attempts(db)
    assert attempt.is_submitted


# ---- Teachers ------------------------------------------------------------------------------


@pytest.fixture
def teacher_classes(client, db):
    """A logged-in teacher with an active class and an archived one."""
    teacher = make_teacher(db, email="t@school.test")
    active, archived = make_classroom(db, teacher, "Active"), make_classroom(db, teacher, "Old")
    _archive(db, archived)
    login(client, "t@school.test")
    return active, archived


def test_an_archived_class_is_not_offered_for_assigning(client, teacher_classes):
    active, archived = teacher_classes
    page = client.get(f"/teacher/lessons/{LESSON.slug}/assign").get_data(as_text=True)
    assert f'name="classrooms" type="checkbox" value="{active.id}"' in page
    assert f'name="classrooms" type="checkbox" value="{archived.id}"' not in page


def test_assigning_to_an_archived_class_is_refused_with_a_reason(client, db, teacher_classes):
    active, archived = teacher_classes
    data = {
        "classrooms": [str(active.id), str(archived.id)],
        "max_attempts": "2",
        "reveal": "after_last",
    }
    response = client.post(f"/teacher/lessons/{LESSON.slug}/assign", data=data)
    page = unescape(response.get_data(as_text=True))
    assert "“Old” is archived, so no new lessons can be assigned to it." in page
    assert "Not a valid" not in page and "not a valid" not in page
    db.expire_all()
    assert db.scalars(select(Assignment)).all() == []


def test_archived_class_page_offers_no_assigning(client, teacher_classes):
    _, archived = teacher_classes
    page = _page(client, f"/teacher/classes/{archived.id}")
    assert "Assign a lesson" not in page and "Restore class" in page
