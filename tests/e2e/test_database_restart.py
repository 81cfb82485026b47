"""In Chromium: an autosave while PostgreSQL restarts shows the server's reason and keeps the copy.

The quiz is served from a PostgreSQL cluster of the test's own, which the test stops and starts;
the suite's test database and live server are not involved.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.db import get_session
from app.models import Attempt
from app.services import accounts, classrooms
from app.services.assignments import create_assignment
from tests import servers
from tests.conftest import make_test_app
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.quiz_forms import lesson

LESSON = lesson()
DATABASE = "sourcewise"
FIRST, SECOND = [q for q in LESSON.questions if q.type == "single_choice"][:2]


@pytest.fixture(scope="module")
def cluster():
    """A migrated throwaway cluster for this module, removed at the end."""
    with servers.migrated_postgres(DATABASE) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def outage_app(cluster):
    """The app on the throwaway cluster, with CSRF on as in production."""
    app = make_test_app(
        {"DATABASE_URL": cluster.url(DATABASE), "DATABASE_SCHEMA": ""}, WTF_CSRF_ENABLED=True
    )
    yield app
    app.extensions["db_engine"].dispose()


def _assign(app) -> int:
    """A class of one student (sam.t) with the lesson assigned; the assignment's id."""
    with app.app_context():
        db = get_session()
        teacher = accounts.create_teacher(db, "Ms. Rivera", "rivera@school.test", PASSWORD)
        classroom = classrooms.create_classroom(db, teacher, "Period 3 Civics")
        classrooms.enroll(db, classroom, accounts.create_student(db, "sam.t", "Sam T.", PASSWORD))
        assignment = create_assignment(db, classroom, LESSON.slug)
        db.commit()
        return assignment.id


@pytest.fixture
def quiz(outage_app, browser: Browser) -> Iterator[Page]:
    """Sam's quiz open in Chromium, served from the throwaway cluster."""
    assignment_id = _assign(outage_app)
    with servers.served_in_thread(outage_app) as base:
        context = browser.new_context(base_url=base)
        page = context.new_page()
        log_in(page, "sam.t")
        page.goto(f"/student/assignments/{assignment_id}")
        yield page
        context.close()


def _choose(page: Page, question) -> str:
    """Click the question's first option, as a student would; the option's id."""
    value = question.options[0].id
    page.locator(f"label:has(> input[name='q-{question.id}'][value='{value}'])").click()
    return value


def _copies(page: Page) -> list[list[list[str]]]:
    """The entries of every quiz copy this browser keeps."""
    stored = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('sourcewise:'))"
        ".map(k => localStorage.getItem(k))"
    )
    return [json.loads(copy)["entries"] for copy in stored]


def _saved_answers(app) -> dict:
    with app.app_context():
        return get_session().scalars(select(Attempt)).one().answers


def test_an_autosave_during_a_restart_shows_the_reason_and_the_copy_saves_after(
    quiz, cluster, outage_app
):
    status = quiz.locator("[data-save-status]")
    first = _choose(quiz, FIRST)
    expect(status).to_contain_text("All answers saved", timeout=10000)
    cluster.stop("fast")
    try:
        second = _choose(quiz, SECOND)
        expect(status).to_contain_text("Your answers are kept on this page", timeout=10000)
        copies = _copies(quiz)
        assert len(copies) == 1 and [f"q-{SECOND.id}", second] in copies[0]
    finally:
        cluster.start()
    quiz.reload()  # coming back later: the copy is put back and sent
    expect(status).to_contain_text("All answers saved", timeout=10000)
    assert _copies(quiz) == []
    answers = _saved_answers(outage_app)
    assert answers[FIRST.id]["choices"] == [first] and answers[SECOND.id]["choices"] == [second]
