"""A shared school computer: one Chromium context, one student logs out, the next logs in.

The quiz keeps an offline copy of unsent answers in the browser. None of it may reach the
next student: not on their page, not in their saved attempt, not left readable in storage.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import create_app
from app.db import get_session
from app.models import Attempt, Classroom
from app.services import accounts, classrooms
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in, quiz_script_ran
from tests.factories import PASSWORD
from tests.quiz_forms import lesson

LESSON = lesson("tiotkino-raid")
SHORT = next(q for q in LESSON.questions if q.type == "short_answer")
CHOICE = next(q for q in LESSON.questions if q.type == "single_choice")
X_ANSWER = "Sam wrote: the Legion checks nothing independently."
OFFLINE_KEYS = "() => Object.keys(localStorage).filter(k => k.startsWith('sourcewise'))"


@pytest.fixture
def two_students(live_server, database, assigned):
    """A second student, Ria, in the same class as Sam, who has the same assignment."""
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        ria = accounts.create_student(db, "ria.k", "Ria K.", PASSWORD)
        classrooms.enroll(db, db.get(Classroom, assigned["classroom"]), ria)
        db.commit()
        ids = {**assigned, "ria": ria.id}
    app.extensions["db_engine"].dispose()
    return ids


def _stored_answers(database, student_id: int) -> list[dict]:
    """Every attempt's stored answers for the student, read straight from the database."""
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        found = get_session().scalars(select(Attempt).where(Attempt.student_id == student_id))
        answers = [attempt.answers for attempt in found]
    app.extensions["db_engine"].dispose()
    return answers


def _open_quiz(page: Page, login: str) -> None:
    log_in(page, login)
    page.get_by_role("link", name=LESSON.title).click()
    expect(page.get_by_role("heading", name=re.compile("^Quiz:"))).to_be_visible()
    quiz_script_ran(page)


def _sam_types_an_answer(page: Page) -> None:
    """Sam types a written answer: the offline copy is written at once, the save comes later."""
    _open_quiz(page, "sam.t")
    page.locator(f"textarea[name='q-{SHORT.id}']").fill(X_ANSWER)
    assert page.evaluate(OFFLINE_KEYS) != []  # the copy this test is about exists


def _ria_answers_and_saves(page: Page) -> None:
    """Ria opens the same quiz, checks it is empty, answers one question and waits for the save."""
    _open_quiz(page, "ria.k")
    expect(page.locator(f"textarea[name='q-{SHORT.id}']")).to_have_value("")
    expect(page.locator("[data-answered]")).to_have_text("0")
    option = CHOICE.options[0].id
    page.locator(f"label:has(> input[name='q-{CHOICE.id}'][value='{option}'])").click()
    expect(page.locator("[data-save-status]")).to_contain_text("All answers saved", timeout=20000)


def _assert_ria_has_nothing_of_sams(page: Page, database, ids) -> None:
    """Ria's page and her stored attempt hold her one answer and nothing of Sam's."""
    expect(page.locator(f"textarea[name='q-{SHORT.id}']")).to_have_value("")
    [answers] = _stored_answers(database, ids["ria"])
    assert list(answers) == [CHOICE.id] and X_ANSWER not in json.dumps(answers)


def test_the_next_student_on_a_shared_computer_gets_nothing_of_the_last_ones_answer(
    page: Page, database, two_students
):
    _sam_types_an_answer(page)
    page.get_by_role("button", name="Log out").click()  # within a second: no save has run yet
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    assert page.evaluate(OFFLINE_KEYS) == []
    _ria_answers_and_saves(page)
    _assert_ria_has_nothing_of_sams(page, database, two_students)


def test_the_log_out_button_drops_the_copies_even_if_log_out_never_gets_through(
    page: Page, database, two_students
):
    _sam_types_an_answer(page)
    page.route("**/logout", lambda route: route.abort())  # the school network drops it
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: url.startswith("chrome-error:"))  # the browser's error page
    page.goto("/static/css/app.css")  # this origin, but none of the app's scripts run here
    assert page.evaluate(OFFLINE_KEYS) == []


def test_the_page_after_log_out_drops_the_copies_even_if_the_log_out_handler_never_ran(
    page: Page, database, two_students
):
    _sam_types_an_answer(page)
    # form.submit() fires no submit event, as when the script was blocked or still loading.
    page.evaluate("document.querySelector('form[action$=\"/logout\"]').submit()")
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    assert page.evaluate(OFFLINE_KEYS) == []


def test_a_copy_left_by_a_session_that_ended_without_log_out_is_not_given_to_the_next_student(
    page: Page, database, two_students
):
    _sam_types_an_answer(page)
    page.context.clear_cookies()  # Sam's session ends (it expired, or the cookie was cleared)
    _ria_answers_and_saves(page)
    _assert_ria_has_nothing_of_sams(page, database, two_students)
    # Nor is Sam's copy left in the browser for Ria to read.
    copies = page.evaluate("() => Object.values(localStorage).join(' ')")
    assert X_ANSWER not in copies


def test_a_copy_owned_by_someone_else_is_never_restored_even_under_this_students_key(
    page: Page, database, two_students
):
    _open_quiz(page, "ria.k")
    page.locator(f"textarea[name='q-{SHORT.id}']").fill("Ria's draft")
    [key] = page.evaluate(OFFLINE_KEYS)
    page.evaluate(
        "([k, text]) => { const copy = JSON.parse(localStorage.getItem(k));"
        " copy.owner = 'someone-else'; copy.entries = copy.entries.map("
        ' ([n, v]) => [n, v === "Ria\'s draft" ? text : v]);'
        " localStorage.setItem(k, JSON.stringify(copy)); }",
        [key, X_ANSWER],
    )
    page.route("**/save?auto=1", lambda route: route.abort())  # keep the planted copy unsent
    page.reload()
    expect(page.locator(f"textarea[name='q-{SHORT.id}']")).not_to_have_value(X_ANSWER)
    assert page.evaluate("k => localStorage.getItem(k)", key) is None  # dropped, unread
