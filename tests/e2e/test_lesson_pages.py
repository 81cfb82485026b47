"""Teachers' lesson pages in Chromium: axe-core finds nothing, on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.lesson_library import DEFAULT_FOLDER, library_for
from tests.a11y import assert_accessible
from tests.e2e.conftest import log_in

SLUGS = [lesson.slug for lesson in library_for(DEFAULT_FOLDER)]


@pytest.fixture
def teacher_page(page: Page, seeded) -> Page:
    """A page logged in as the seeded teacher."""
    log_in(page, "rivera@school.test")
    return page


def test_library_lists_every_lesson_and_is_accessible(teacher_page: Page):
    teacher_page.goto("/teacher/lessons")
    expect(teacher_page.locator(".lesson-card")).to_have_count(len(SLUGS))
    assert_accessible(teacher_page)


@pytest.mark.parametrize("slug", SLUGS)
def test_preview_and_guide_are_accessible(teacher_page: Page, slug: str):
    teacher_page.goto(f"/teacher/lessons/{slug}")
    expect(teacher_page.locator("fieldset.question")).not_to_have_count(0)
    assert_accessible(teacher_page)
    teacher_page.get_by_role("link", name="Teacher guide").click()
    expect(teacher_page.get_by_role("heading", name="Answer key with reasoning")).to_be_visible()
    assert_accessible(teacher_page)


def test_highlight_sentence_toggles_by_click_and_keyboard_in_preview(teacher_page: Page):
    teacher_page.goto(f"/teacher/lessons/{SLUGS[0]}")
    sentence = teacher_page.locator(".question-highlight .sentence-box").first
    teacher_page.locator(".question-highlight .sentence").first.click()
    expect(sentence).to_be_checked()
    sentence.focus()
    teacher_page.keyboard.press("Space")
    expect(sentence).not_to_be_checked()


def test_preview_fits_a_phone(teacher_page: Page):
    teacher_page.set_viewport_size({"width": 360, "height": 740})
    teacher_page.goto(f"/teacher/lessons/{SLUGS[-1]}")
    width = teacher_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"preview is {width}px wide on a 360px screen"
