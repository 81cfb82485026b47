"""In Chromium, the most dangerous payloads in names, class names and answers never run.

Class names, student names, written answers and marking comments are set to payloads that
would open a dialog or log XSS-MARKER if the browser ever parsed them as markup. Every page
that shows them is visited while dialogs and console messages are recorded. The tour runs
twice: with the Content-Security-Policy bypassed, so that escaping alone is on trial (an
injected script would run), and with the policy on, where Chromium must report no violation
either (a violation means markup got through and only the policy stopped it).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from playwright.sync_api import Page

from app import create_app
from app.db import get_session
from app.lesson_library import DEFAULT_FOLDER, library_for
from app.models import utcnow
from app.questions import Response
from app.services import accounts, attempts, classrooms, teaching
from app.services.assignments import create_assignment
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD

LESSON = library_for(DEFAULT_FOLDER).get("tiotkino-raid")
SHORT = next(q for q in LESSON.questions if q.type == "short_answer")
MARKER = "XSS-MARKER"
DANGEROUS = (
    "<img src=x onerror=\"console.log('XSS-MARKER')\">",
    "<script>console.log('XSS-MARKER')</script>",
    '</textarea>"><svg onload=alert(1)>',  # out of a text box, out of an attribute, then runs
)


# The page's text and its text boxes' contents, read a moment later so that handlers that
# fire in a later task (an image's onerror) have run before the page is left.
SHOWN_TEXT = """() => new Promise(done => setTimeout(() => done(
    document.documentElement.textContent
    + [...document.querySelectorAll('textarea')].map(box => box.value).join('')
), 20))"""


class Watch:
    """Dialogs, console messages and script errors of one page, from when it is attached."""

    def __init__(self, page: Page):
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(message.text))
        page.on("pageerror", lambda error: self.console.append(str(error)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def problems(self) -> list[str]:
        """Dialogs opened, markers logged, and policy violations reported."""
        logged = [m for m in self.console if MARKER in m or "Content Security Policy" in m]
        return [f"dialog: {d}" for d in self.dialogs] + [f"console: {m}" for m in logged]


def _hand_in(db, assignment, student, answers: dict, *, submit: bool = True):
    view = attempts.student_view(db, assignment, student, utcnow())
    attempt = attempts.attempt_for_form(view, student, LESSON, len(view.attempts) + 1)
    if submit:
        assert attempts.submit(db, view, attempt, LESSON, answers)
    else:
        assert attempts.store_answers(db, view, attempt, answers)
    db.expire_all()  # the services update attempts in bulk, past the session's copies
    return attempt


def _seed(database) -> dict:
    """Per payload: a class so named, with a student so named, and a reader who answers with
    it three times (marked with it as the comment, waiting for a mark, and saved but open)."""
    app = create_app({**BASE_CONFIG, **database})
    seeded: dict = {"classes": [], "assignments": [], "named": []}
    with app.app_context():
        db = get_session()
        teacher = accounts.create_teacher(db, "Ms. Rivera", "rivera@school.test", PASSWORD)
        reader = accounts.create_student(db, "reader", "Reader", PASSWORD)
        for number, payload in enumerate(DANGEROUS):
            classroom = classrooms.create_classroom(db, teacher, payload)
            named = accounts.create_student(db, f"pupil{number}", payload, PASSWORD)
            classrooms.enroll(db, classroom, reader)
            classrooms.enroll(db, classroom, named)
            assignment = create_assignment(db, classroom, LESSON.slug, max_attempts=3)
            answers = {SHORT.id: Response("short_answer", text=payload)}
            marked = _hand_in(db, assignment, reader, answers)
            teaching.mark_written_answer(db, marked, LESSON, SHORT.id, Fraction(1), payload)
            _hand_in(db, assignment, reader, answers)
            _hand_in(db, assignment, reader, answers, submit=False)
            _hand_in(db, assignment, named, answers)
            seeded["classes"].append(classroom.id)
            seeded["assignments"].append(assignment.id)
            seeded["named"].append(named.id)
        seeded["reader"] = reader.id
        db.commit()
    app.extensions["db_engine"].dispose()
    return seeded


def _teacher_pages(seeded: dict) -> list[tuple[str, str]]:
    pages = [("/teacher/", payload) for payload in DANGEROUS]
    for number, payload in enumerate(DANGEROUS):
        base = f"/teacher/classes/{seeded['classes'][number]}"
        pages += [
            (base, payload),
            (f"{base}/gradebook", payload),
            (f"{base}/marking", payload),
            (f"{base}/students/{seeded['reader']}", payload),
            (f"{base}/students/{seeded['named'][number]}", payload),
        ]
    return pages


def _student_pages(seeded: dict) -> list[tuple[str, str]]:
    pages = [("/student/", payload) for payload in DANGEROUS]
    for number, payload in enumerate(DANGEROUS):
        quiz = f"/student/assignments/{seeded['assignments'][number]}"
        pages += [(quiz, payload), (f"{quiz}/attempts/1", payload)]
    return pages


def _tour(page: Page, origin: str, login: str, pages: list[tuple[str, str]]) -> list[str]:
    """Visit each page as `login`; say where a payload was not shown as plain text."""
    log_in(page, login)
    missing = []
    for url, payload in dict.fromkeys(pages):
        if page.url != origin + url:
            page.goto(url)
        text = page.evaluate(SHOWN_TEXT)
        if payload not in text:
            missing.append(f"{url}: {payload!r} not shown as text")
    return missing


@pytest.fixture
def payloads_seeded(live_server, database):
    """The payloads in class names, student names, written answers and marking comments."""
    return _seed(database)


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping_alone", "with_csp"])
def test_dangerous_payloads_never_run_on_teacher_or_student_pages(
    browser, live_server, payloads_seeded, bypass_csp
):
    found: list[str] = []
    for login, pages in (
        ("rivera@school.test", _teacher_pages(payloads_seeded)),
        ("reader", _student_pages(payloads_seeded)),
    ):
        context = browser.new_context(base_url=live_server, bypass_csp=bypass_csp)
        page = context.new_page()
        watch = Watch(page)
        try:
            found += _tour(page, live_server, login, pages)
        finally:
            context.close()
        found += [f"{login}: {problem}" for problem in watch.problems()]
    assert not found, "\n".join(found)


STRICT_POLICY = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">'


def _watched(browser, html: str) -> list[str]:
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page)
    try:
        page.set_content(html)
        page.evaluate(SHOWN_TEXT)
    finally:
        context.close()
    return watch.problems()


def test_watch_reports_payloads_that_run_as_dialogs_and_markers(browser):
    problems = _watched(browser, "".join(DANGEROUS))
    assert any(p.startswith("dialog:") for p in problems), problems
    assert any(p.startswith("console:") and MARKER in p for p in problems), problems


def test_watch_reports_payloads_a_policy_blocked_as_violations(browser):
    problems = _watched(browser, f"<head>{STRICT_POLICY}</head><body>{''.join(DANGEROUS)}</body>")
    assert problems and all("Content Security Policy" in p for p in problems), problems
