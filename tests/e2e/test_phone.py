"""A 13-year-old on a phone: asking before a partial submit, and teacher pages at 360 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from werkzeug.datastructures import MultiDict

from app import create_app
from app.db import get_session
from app.lesson_library import get_library
from app.models import User, utcnow
from app.services import attempts
from tests.a11y import assert_accessible
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in, quiz_script_ran
from tests.quiz_forms import form_for, lesson

LESSON = lesson("tiotkino-raid")
FIRST = LESSON.questions[0]


def _open_quiz(page: Page) -> None:
    log_in(page, "sam.t")
    page.get_by_role("link", name=LESSON.title).click()
    expect(page.get_by_role("heading", name=re.compile("^Quiz:"))).to_be_visible()
    quiz_script_ran(page)


def _answer_first_question(page: Page) -> None:
    page.locator(f"#q-{FIRST.id} input").first.check()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_partial_submit_lists_the_blank_questions_then_submits_anyway(
    browser, live_server, assigned, javascript
):
    context = browser.new_context(base_url=live_server, java_script_enabled=javascript)
    page = context.new_page()
    try:
        _open_quiz(page)
        _answer_first_question(page)
        page.get_by_role("button", name="Submit answers").click()
        blank = len(LESSON.questions) - 1
        heading = page.get_by_role("heading", name=f"{blank} questions not answered yet")
        expect(heading).to_be_visible()
        box = page.locator(".confirm-submit:visible")
        expect(box.get_by_role("link", name="Question 2", exact=True)).to_have_attribute(
            "href", f"#q-{LESSON.questions[1].id}"
        )
        expect(box.get_by_role("link", name="Question 1", exact=True)).to_have_count(0)
        if javascript:  # axe runs as a script, so only where scripts run
            expect(box).to_be_focused()
            assert_accessible(page)
        box.get_by_role("button", name="Submit anyway").click()
        expect(page.get_by_role("heading", name="Your results: attempt 1")).to_be_visible()
    finally:
        context.close()


def test_go_back_closes_the_list_and_moves_to_the_first_blank_question(page: Page, assigned):
    _open_quiz(page)
    _answer_first_question(page)
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name="Go back").click()
    expect(page.locator("[data-confirm-box]")).to_be_hidden()
    expect(
        page.locator(
            f"#q-{LESSON.questions[1].id} input, #q-{LESSON.questions[1].id} textarea"
        ).first
    ).to_be_focused()


def _hand_in(database, seeded) -> int:
    """The student hands in every answer (a written one awaits marking); the attempt's id."""
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        student = db.get(User, seeded["student"])
        view = attempts.find_student_view(db, seeded["assignment"], student, utcnow())
        lesson_now = get_library().get(LESSON.slug)
        attempt = attempts.attempt_for_form(view, student, lesson_now, 1)
        answers = attempts.read_answers(lesson_now, MultiDict(form_for(lesson_now.questions)))
        attempts.submit(db, view, attempt, lesson_now, answers)
        db.commit()
        number = attempt.id
    app.extensions["db_engine"].dispose()
    return number


def _teacher_pages(seeded) -> list[str]:
    c, s, a = seeded["classroom"], seeded["student"], seeded["assignment"]
    return [
        "/teacher/",
        f"/teacher/classes/{c}",
        f"/teacher/classes/{c}/rename",
        f"/teacher/classes/{c}/roster",
        f"/teacher/classes/{c}/gradebook",
        f"/teacher/classes/{c}/students/{s}",
        f"/teacher/classes/{c}/marking",
        f"/teacher/assignments/{a}/analysis",
        "/teacher/lessons",
        f"/teacher/lessons/{LESSON.slug}",
        f"/teacher/lessons/{LESSON.slug}/guide",
        f"/teacher/lessons/{LESSON.slug}/assign",
        f"/teacher/assignments/{a}/edit",
    ]


def _fits(page: Page, what: str) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{what} is {width}px wide on a {inner}px screen"


def test_every_teacher_page_fits_a_360px_phone_and_is_accessible(page: Page, database, assigned):
    _hand_in(database, assigned)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, "rivera@school.test")
    for path in _teacher_pages(assigned):
        response = page.goto(path)
        assert response is not None and response.ok, path
        _fits(page, path)
        assert_accessible(page)
    page.goto(f"/teacher/classes/{assigned['classroom']}/roster")
    page.get_by_label("Student names, one per line").fill("Ann Lee\nBo Park")
    page.get_by_role("button", name="Create accounts and show cards").click()
    page.get_by_role("heading", name="Login cards").wait_for()
    _fits(page, "the login cards")
    assert_accessible(page)


def test_marking_cards_have_distinct_labels_without_names(page: Page, database, assigned):
    _hand_in(database, assigned)
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{assigned['classroom']}/marking")
    labels = page.locator("section.marking-item h2").all_inner_texts()
    assert labels and len(set(labels)) == len(labels)
    assert all("Sam" not in label for label in labels)
