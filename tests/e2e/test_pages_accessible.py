"""axe-core finds no violations on any page, and pages fit a 360 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.a11y import assert_accessible
from tests.e2e.conftest import log_in

PUBLIC_PAGES = ["/", "/login", "/signup", "/join", "/how-to-check", "/no-such-page"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible(page: Page, path: str):
    page.goto(path)
    assert_accessible(page)


def test_teacher_pages_are_accessible(page: Page, seeded):
    log_in(page, "rivera@school.test")
    c, s = seeded["classroom"], seeded["student"]
    for path in (
        "/teacher/",
        f"/teacher/classes/{c}",
        f"/teacher/classes/{c}/rename",
        f"/teacher/classes/{c}/roster",
        f"/teacher/classes/{c}/students/{s}/remove",
        f"/teacher/classes/{c}/students/{s}/delete",
        "/account/password",
        "/student/",  # the 403 page
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto(f"/teacher/classes/{c}/roster")
    page.get_by_label("Student names, one per line").fill("Ann Lee\nBo Park")
    page.get_by_role("button", name="Create accounts and show cards").click()
    page.get_by_role("heading", name="Login cards").wait_for()
    assert_accessible(page)


def test_student_pages_are_accessible(page: Page, seeded):
    log_in(page, "sam.t")
    for path in ("/student/", "/join", "/account/password", "/how-to-check"):
        page.goto(path)
        assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/login", "/join", "/teacher/"])
def test_page_fits_a_360px_phone_without_sideways_scrolling(page: Page, seeded, path):
    page.set_viewport_size({"width": 360, "height": 740})
    if path == "/teacher/":
        log_in(page, "rivera@school.test")
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide on a 360px screen"


def test_class_page_fits_a_phone(page: Page, seeded):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{seeded['classroom']}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"class page is {width}px wide on a 360px screen"


def test_class_page_with_a_student_another_teacher_shares_is_accessible(
    page: Page, seeded, database
):
    from app import create_app
    from app.db import get_session
    from app.models import User
    from app.services import accounts, classrooms
    from tests.conftest import BASE_CONFIG
    from tests.factories import PASSWORD

    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        other = accounts.create_teacher(db, "Mr. Okafor", "okafor@school.test", PASSWORD)
        theirs = classrooms.create_classroom(db, other, "Period 5 Media")
        classrooms.enroll(db, theirs, db.get(User, seeded["student"]))
        db.commit()
    app.extensions["db_engine"].dispose()
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{seeded['classroom']}")
    page.get_by_text("Also in another teacher's class").wait_for()
    assert page.get_by_role("button", name="New password").count() == 0
    assert_accessible(page)


def test_the_page_shown_while_the_database_is_down_is_accessible(page: Page, database):
    import threading

    from werkzeug.serving import make_server

    from tests.conftest import make_test_app

    down = {"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/none"}
    app = make_test_app(database, **down, DATABASE_SCHEMA="")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/login")
        page.get_by_label("Email or username").fill("sam.t")
        page.get_by_label("Password").fill("any-password-1")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="We could not save just now").wait_for()
        assert_accessible(page)
    finally:
        server.shutdown()
        app.extensions["db_engine"].dispose()
