"""Submitting with blank questions asks first (without JavaScript, the server asks)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.models import Attempt
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()


@pytest.fixture
def url(client, db):
    """The submit address of an assignment, with its student logged in."""
    classroom = make_classroom(db, make_teacher(db))
    make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom)
    login(client, "sam.t")
    return f"/student/assignments/{assignment.id}"


def _attempt(db):
    db.expire_all()
    return db.scalars(select(Attempt)).one()


def test_a_partial_submit_is_not_handed_in_but_saved(client, db, url):
    response = client.post(f"{url}/submit", data=form_for(LESSON.questions[:2]))
    assert response.status_code == 200
    attempt = _attempt(db)
    assert attempt.status == "in_progress" and len(attempt.answers) == 2


def test_the_confirm_step_links_to_each_blank_question(client, url):
    page = unescape(
        client.post(f"{url}/submit", data=form_for(LESSON.questions[:2])).get_data(True)
    )
    blank = LESSON.questions[2:]
    assert f"{len(blank)} questions not answered yet" in page
    for number, question in enumerate(blank, 3):
        assert f'<a href="#q-{question.id}">Question {number}</a>' in page
    assert f'id="q-{LESSON.questions[0].id}"' in page
    assert '<a href="#q-' + LESSON.questions[0].id + '">' not in page


def _fields(page: str) -> list[str]:
    """The page's answer fields as written. The CSRF token is left out: it is signed with the
    second it was made, so two pages a moment apart carry different ones."""
    fields = re.findall(r"<input[^>]*>|<textarea[^>]*>[^<]*</textarea>", page)
    return [field for field in fields if 'name="csrf_token"' not in field]


def test_the_confirm_step_shows_the_answers_just_sent_so_submit_anyway_hands_them_in(client, url):
    asked = client.post(f"{url}/submit", data=form_for(LESSON.questions[:2])).get_data(True)
    saved = client.get(url).get_data(True)
    assert any(" checked" in field for field in _fields(asked))
    assert _fields(asked) == _fields(saved)


def test_submit_anyway_hands_in_once_and_lands_on_the_result(client, db, url):
    data = form_for(LESSON.questions[:2]) | {"confirm": "1"}
    first = client.post(f"{url}/submit", data=data)
    second = client.post(f"{url}/submit", data=data)
    assert first.headers["Location"] == second.headers["Location"] == f"{url}/attempts/1"
    assert _attempt(db).status != "in_progress"


def test_a_full_submit_needs_no_confirm_step(client, url):
    response = client.post(f"{url}/submit", data=form_for(LESSON.questions))
    assert response.headers["Location"] == f"{url}/attempts/1"
