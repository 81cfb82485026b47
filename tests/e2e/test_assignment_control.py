"""A teacher in Chromium takes control of an assignment: close, reopen, release the answers,
and give one student a later due date that lets them hand in while another is refused."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from app import create_app
from app.db import get_session
from app.models import Assignment, Classroom, utcnow
from app.services import accounts, classrooms
from app.services.assignments import create_assignment
from tests.a11y import assert_accessible
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in, quiz_script_ran
from tests.factories import PASSWORD
from tests.quiz_forms import lesson

LESSON = lesson("tiotkino-raid")
RELEASED = "The answers for this assignment are now shown, so it is closed for new work."


def _student(browser: Browser, base_url: str, login: str) -> Page:
    """A separate browser for a student, logged in."""
    page = browser.new_context(base_url=base_url).new_page()
    log_in(page, login)
    return page


def _open_assignment(page: Page) -> None:
    page.get_by_role("link", name=LESSON.title).click()
    expect(page.get_by_role("heading", name=re.compile("^Quiz:"))).to_be_visible()
    quiz_script_ran(page)


def test_teacher_closes_reopens_and_releases_answers(
    page: Page, browser: Browser, base_url, assigned
):
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{assigned['classroom']}")
    page.get_by_role("button", name=f"Close now {LESSON.title}").click()
    expect(page.locator(".flash-success")).to_contain_text("is closed")
    assert_accessible(page)

    sam = _student(browser, base_url, "sam.t")
    _open_assignment(sam)
    expect(sam.locator("#quiz")).to_contain_text("Your teacher has closed this assignment")
    expect(sam.get_by_role("button", name="Submit answers")).to_have_count(0)

    page.get_by_role("button", name=f"Reopen {LESSON.title}").click()
    expect(page.locator(".flash-success")).to_contain_text("is open for work again")
    page.get_by_role("link", name=f"Release answers for {LESSON.title}").click()
    expect(page.get_by_role("heading", name=re.compile("^Release the answers"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("This cannot be undone.")
    assert_accessible(page)
    page.get_by_role("button", name="Release answers now").click()
    expect(page.locator(".flash-success")).to_contain_text("are now shown to the class")

    sam.reload()
    expect(sam.locator("#quiz")).to_contain_text(RELEASED)
    expect(sam.get_by_role("button", name="Submit answers")).to_have_count(0)
    assert_accessible(sam)


def _class_with_a_due_assignment(database, seeded) -> int:
    """Kim joins the seeded class; the lesson is due soon and refuses late work."""
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        classroom = db.get(Classroom, seeded["classroom"])
        classrooms.enroll(db, classroom, accounts.create_student(db, "kim.o", "Kim O.", PASSWORD))
        assignment = create_assignment(
            db, classroom, LESSON.slug, due_at=utcnow() + timedelta(hours=1), accept_late=False
        )
        db.commit()
        assignment_id = assignment.id
    app.extensions["db_engine"].dispose()
    return assignment_id


def _pass_the_class_due_date(database, assignment_id: int) -> None:
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        past = utcnow() - timedelta(minutes=1)
        db.execute(update(Assignment).where(Assignment.id == assignment_id).values(due_at=past))
        db.commit()
    app.extensions["db_engine"].dispose()


def test_one_student_uses_a_later_due_date_while_another_is_refused(
    page: Page, browser: Browser, base_url, database, seeded
):
    assignment_id = _class_with_a_due_assignment(database, seeded)
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{seeded['classroom']}/students/{seeded['student']}")
    page.get_by_role("link", name=f"Later due date or extra attempts for {LESSON.title}").click()
    assert_accessible(page)
    later = (utcnow() + timedelta(days=3)).date().isoformat()
    page.get_by_label("Their due date").fill(later)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_contain_text("Saved Sam T.'s own terms.")
    expect(page.locator(".own-terms")).to_contain_text("Own terms: due")
    _pass_the_class_due_date(database, assignment_id)
    page.goto(f"/teacher/classes/{seeded['classroom']}/gradebook")
    expect(page.locator(".cell-own-terms")).to_have_count(1)
    assert_accessible(page)

    sam = _student(browser, base_url, "sam.t")
    _open_assignment(sam)
    expect(sam.locator("main")).to_contain_text("Your teacher has given you a later due date")
    sam.get_by_role("button", name="Submit answers").click()
    sam.get_by_role("button", name="Submit anyway").click()  # nothing was answered
    expect(sam.get_by_role("heading", name="Your results: attempt 1")).to_be_visible()

    kim = _student(browser, base_url, "kim.o")
    _open_assignment(kim)
    kim.get_by_role("button", name="Submit answers").click()
    kim.get_by_role("button", name="Submit anyway").click()
    refused = "The due date has passed and this assignment does not accept late work."
    expect(kim.get_by_text(refused)).to_be_visible()
    expect(kim.get_by_role("link", name=re.compile("^attempt 1"))).to_have_count(0)
    assert_accessible(kim)
