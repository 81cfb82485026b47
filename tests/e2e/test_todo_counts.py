"""The to-do counts in Chromium: a teacher's My classes page and a student's home page.

The class has three students. "Tiotkino" is due tomorrow: Ann handed it in with a written
answer, so 1 of 3 finished and 1 attempt waits for a mark. "Luhansk" was due yesterday: Bo
handed it in, Sam and Ann did nothing, so 2 of 3 are missing. Sam sees Luhansk overdue and
Tiotkino due soon.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from app import create_app
from app.db import get_session
from app.models import Classroom, User, utcnow
from app.questions import Response
from app.services import accounts, attempts, classrooms
from app.services.assignments import create_assignment
from tests.a11y import assert_accessible
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in
from tests.quiz_forms import lesson

SOON, LATE = lesson("tiotkino-raid"), lesson("luhansk-underground")
SHORT = next(q for q in SOON.questions if q.type == "short_answer")


def _hand_in(db, assignment, student, the_lesson, answers):
    view = attempts.student_view(db, assignment, student, utcnow())
    attempt = attempts.attempt_for_form(view, student, the_lesson, 1)
    assert attempts.submit(db, view, attempt, the_lesson, answers)


def _seed(database, seeded) -> None:
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        classroom = db.get(Classroom, seeded["classroom"])
        ann = accounts.create_student(db, "ann.l", "Ann L.", "password-123")
        bo = accounts.create_student(db, "bo.k", "Bo K.", "password-123")
        for student in (ann, bo):
            classrooms.enroll(db, classroom, student)
        soon = create_assignment(db, classroom, SOON.slug, due_at=utcnow() + timedelta(days=1))
        late = create_assignment(db, classroom, LATE.slug, due_at=utcnow() + timedelta(hours=1))
        written = {SHORT.id: Response("short_answer", text="Because the Legion gains.")}
        _hand_in(db, soon, ann, SOON, written)
        _hand_in(db, late, bo, LATE, {})
        late.due_at = utcnow() - timedelta(days=1)
        db.commit()
        assert db.get(User, seeded["student"]).username == "sam.t"
    app.extensions["db_engine"].dispose()


def test_teacher_sees_the_to_do_counts_and_reaches_the_marking_queue(page: Page, seeded, database):
    _seed(database, seeded)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, "rivera@school.test")
    page.goto("/teacher/")
    todo = page.get_by_role("region", name="What needs you today")
    due = todo.get_by_role("list", name="Due in the next 7 days")
    expect(due.get_by_role("listitem")).to_have_count(1)
    expect(due).to_contain_text(SOON.title)
    expect(due).to_contain_text("1 of 3 finished")
    missing = todo.get_by_role("list", name="Missing work (due in the last 14 days)")
    expect(missing.get_by_role("listitem")).to_have_count(1)
    expect(missing).to_contain_text(LATE.title)
    expect(missing).to_contain_text("2 of 3 missing")
    _assert_no_sideways_scroll(page)
    assert_accessible(page)
    todo.get_by_role("link", name="Mark 1 handed-in attempt in Period 3 Civics").click()
    expect(page).to_have_url(f"/teacher/classes/{seeded['classroom']}/marking")
    expect(page.get_by_text("Because the Legion gains.")).to_be_visible()


def test_student_home_shows_overdue_and_due_soon_first(page: Page, seeded, database):
    _seed(database, seeded)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, "sam.t")
    page.goto("/student/")
    summary = page.get_by_role("region", name="Your work at a glance")
    expect(summary).to_contain_text("1 overdue")
    expect(summary).to_contain_text("1 due in the next 2 days")
    expect(summary).to_contain_text("0 finished")
    rows = page.locator(".assignment-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(LATE.title)
    expect(rows.nth(0)).to_contain_text("Overdue")
    expect(rows.nth(1)).to_contain_text(SOON.title)
    expect(rows.nth(1)).to_contain_text("Due soon")
    _assert_no_sideways_scroll(page)
    assert_accessible(page)


def _assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px wide)"
