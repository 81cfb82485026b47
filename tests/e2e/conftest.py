"""Browser-test helpers: seeded accounts made through the app's own services, and log-in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from app import create_app
from app.db import get_session
from app.services import accounts, classrooms
from tests.conftest import BASE_CONFIG
from tests.factories import PASSWORD


@pytest.fixture
def seeded(live_server, database):
    """A teacher with a class of one student, made through the app's own services."""
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        teacher = accounts.create_teacher(db, "Ms. Rivera", "rivera@school.test", PASSWORD)
        classroom = classrooms.create_classroom(db, teacher, "Period 3 Civics")
        student = accounts.create_student(db, "sam.t", "Sam T.", PASSWORD)
        classrooms.enroll(db, classroom, student)
        db.commit()
        ids = {"classroom": classroom.id, "student": student.id}
    app.extensions["db_engine"].dispose()
    return ids


def log_in(page: Page, login: str, password: str = PASSWORD) -> None:
    """Log in through the form and wait until the app has moved on from it."""
    page.goto("/login")
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def quiz_script_ran(page: Page) -> None:
    """Wait until the page's deferred scripts have run (they run before DOMContentLoaded).

    A quiz shows before quiz.js attaches its listeners; a fill in that gap writes no offline
    copy and schedules no autosave, which is not what a person at the keyboard ever meets.
    """
    page.wait_for_load_state("domcontentloaded")


def log_out(page: Page) -> None:
    """Log out with the button, as a person would, and wait for the log-in page."""
    page.get_by_role("button", name="Log out").click()
    page.get_by_text("You are logged out.").wait_for()


@pytest.fixture
def assigned(live_server, database, seeded):
    """The seeded class has the Tiotkino lesson assigned (2 attempts, key after the last)."""
    from app.models import Classroom
    from app.services.assignments import create_assignment

    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        classroom = db.get(Classroom, seeded["classroom"])
        assignment = create_assignment(db, classroom, "tiotkino-raid")
        db.commit()
        seeded = {**seeded, "assignment": assignment.id}
    app.extensions["db_engine"].dispose()
    return seeded
