"""Real Chromium through the first journeys: sign-up, class, join, roster cards, first log-in."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.a11y import assert_accessible, axe_violations


def _sign_up_teacher(page: Page) -> None:
    page.goto("/signup")
    page.get_by_label("Your name").fill("Ms. Rivera")
    page.get_by_label("School email").fill("rivera@school.test")
    page.get_by_label("Password", exact=True).fill("teacher-pass-1")
    page.get_by_label("Type it again").fill("teacher-pass-1")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="My classes")).to_be_visible()


def _create_class(page: Page, name: str) -> str:
    page.get_by_label("Class name").fill(name)
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    return page.locator(".join-code").inner_text().replace("\u2009", "").strip()


def test_teacher_class_student_join_roster_cards_and_first_login(
    page: Page, browser: Browser, base_url
):
    _sign_up_teacher(page)
    code = _create_class(page, "Period 3 Civics")
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    class_url = page.url

    student = browser.new_context(base_url=base_url).new_page()
    student.goto("/join")
    student.get_by_label("Class code").fill(code.lower())
    student.get_by_label("Pick a username").fill("sam.t")
    student.get_by_label("Your name as your teacher knows it").fill("Sam T.")
    student.get_by_label("Choose a password").fill("student-pass-1")
    student.get_by_label("Type it again").fill("student-pass-1")
    student.get_by_role("button", name="Join class").click()
    expect(student.get_by_role("heading", name="Hello, Sam T.")).to_be_visible()
    expect(student.get_by_role("heading", name="Period 3 Civics")).to_be_visible()

    page.reload()
    expect(page.get_by_role("rowheader", name="Sam T.")).to_be_visible()

    page.get_by_role("link", name="Add students from a list").click()
    page.get_by_label("Student names, one per line").fill("Ann Lee\nBo Park\nAnn Lee")
    page.get_by_role("button", name="Create accounts and show cards").click()
    expect(page.get_by_role("heading", name="Login cards")).to_be_visible()
    usernames = page.locator(".card-username").all_inner_texts()
    passwords = page.locator(".card-password").all_inner_texts()
    assert usernames == ["ann.lee", "bo.park", "ann.lee2"]

    carded = browser.new_context(base_url=base_url).new_page()
    carded.goto("/login")
    carded.get_by_label("Email or username").fill(usernames[1])
    carded.get_by_label("Password").fill(passwords[1])
    carded.get_by_role("button", name="Log in").click()
    expect(carded.get_by_role("heading", name="Choose your own password")).to_be_visible()
    carded.goto("/student/")
    expect(carded.get_by_role("heading", name="Choose your own password")).to_be_visible()
    carded.get_by_label("Current password").fill(passwords[1])
    carded.get_by_label("New password").fill("bo-own-pass-1")
    carded.get_by_label("Type it again").fill("bo-own-pass-1")
    carded.get_by_role("button", name="Save password").click()
    expect(carded.get_by_role("heading", name="Hello, Bo Park")).to_be_visible()

    page.goto(class_url)
    expect(page.get_by_role("rowheader", name="Bo Park")).to_be_visible()


def test_axe_helper_reports_a_real_violation(page: Page):
    page.set_content("<html lang='en'><title>x</title><main><img src='x.png'></main></html>")
    assert any(v["id"] == "image-alt" for v in axe_violations(page))


def test_form_errors_are_announced_and_focused(page: Page):
    page.goto("/join")
    page.get_by_role("button", name="Join class").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the class code")
    expect(page.get_by_label("Class code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
