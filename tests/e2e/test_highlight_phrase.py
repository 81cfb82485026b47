"""A phrase question in Chromium: words selected by keyboard alone, scored, reviewed, accessible."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.a11y import assert_accessible
from tests.e2e.conftest import log_in, quiz_script_ran
from tests.quiz_forms import lesson

LESSON = lesson("tiotkino-raid")
PHRASE = next(q for q in LESSON.questions if q.type == "highlight_phrase")
FIELD = f"q-{PHRASE.id}"
KEY_WORDS = {word_id for span in PHRASE.answers for word_id in span.word_ids}
LAST_KEY_WORD = max(int(word_id[1:]) for word_id in KEY_WORDS)
STRAY = f"w{LAST_KEY_WORD + 2}"  # a word well after the last key span: one wrong selection


def _box(page: Page, word_id: str):
    return page.locator(f"input[name='{FIELD}'][value='{word_id}']")


def _select_by_keyboard(page: Page, wanted: set[str]) -> None:
    """From the passage's first word, Tab word by word; Space or Enter selects a wanted one."""
    _box(page, "w1").focus()
    for number, word in enumerate(PHRASE.words, start=1):
        if word.id in wanted:
            page.keyboard.press("Space" if number % 2 else "Enter")
        if word.id == STRAY:
            return
        page.keyboard.press("Tab")


def test_student_selects_phrases_by_keyboard_and_gets_partial_credit(page: Page, assigned):
    log_in(page, "sam.t")
    page.get_by_role("link", name=LESSON.title).click()
    expect(page.get_by_role("heading", name=re.compile("^Quiz:"))).to_be_visible()
    quiz_script_ran(page)
    _select_by_keyboard(page, KEY_WORDS | {STRAY})
    for word in PHRASE.words:
        selected = word.id in KEY_WORDS or word.id == STRAY
        expect(_box(page, word.id)).to_be_checked(checked=selected)
    assert_accessible(page)
    page.get_by_role("button", name="Submit answers").focus()
    page.keyboard.press("Enter")
    # Only this question is answered: the list of blank ones shows; hand in anyway.
    page.get_by_role("button", name="Submit anyway").press("Enter")
    expect(page.get_by_role("heading", name="Your results: attempt 1")).to_be_visible()
    review = page.locator(f"#review-{PHRASE.id}")
    # Both key spans found, one stray word: (2 - 1) shares of 2 key spans.
    expect(review).to_contain_text(f"{PHRASE.points // 2} of {PHRASE.points}")
    for span in PHRASE.answers:
        expect(review).to_contain_text(f"You selected: “{span.text}”")
    assert_accessible(page)


def test_a_word_toggles_off_again_with_space(page: Page, assigned):
    log_in(page, "sam.t")
    page.get_by_role("link", name=LESSON.title).click()
    box = _box(page, "w1")
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
