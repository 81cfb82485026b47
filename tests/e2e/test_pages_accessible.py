"""axe-core finds no violations on any page, and pages fit a 360 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.a11y import assert_accessible
from tests.e2e.conftest import log_in

PUBLIC_PAGES = ["/", "/login", "/signup", "/join", "/no-such-page"]


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
    for path in ("/student/", "/join", "/account/password"):
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
