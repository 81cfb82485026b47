"""Several articles, page furniture and the word-for-word check against the article files."""

from __future__ import annotations

import pytest
from lesson_samples import FILENAME, VALID_LESSON, line_of, mutate, write_articles

from app.lessons import Problem, check_lesson_text, load_library

SINGLE_PARAGRAPHS = """\
  paragraphs:
    - >-
      Officials said the bridge was closed. Dr. Ivanova said three people were hurt.
    - - Local media reported a second blast.
      - The ministry denied this.
    - >-
      Journalists checked the video and found it was filmed in St. Petersburg. "We saw it," they wrote.
"""

TWO_ARTICLES = """\
  more_articles:
    - source: 001_example.txt
      outlet: Example Daily
      headline: Ministry denies second blast
      published: not stated
  paragraphs:
    - from: 000_example.txt
      text: >-
        Officials said the bridge was closed. Dr. Ivanova said three people were hurt.
    - from: 000_example.txt
      text:
        - Local media reported a second blast.
        - The ministry denied this.
    - from: 000_example.txt
      text: >-
        Journalists checked the video and found it was filmed in St. Petersburg. "We saw it," they wrote.
    - from: 001_example.txt
      kind: caption
      text: "The ministry's spokesman at a briefing (photo: Example Images)"
    - from: 001_example.txt
      text: The ministry said there was no second blast.
    - from: 001_example.txt
      kind: also-read
      text: "Also read: Bridge repairs to take a month"
"""

MULTI_LESSON = mutate(SINGLE_PARAGRAPHS, TWO_ARTICLES)

CAPTION_HIGHLIGHT = """\
  - id: find-the-caption
    type: highlight
    skills: [unverified-claims]
    points: 1
    prompt: Select the photo caption.
    paragraphs: [4]
    answer:
      - "The ministry's spokesman at a briefing (photo: Example Images)"
    explanation: The caption names the photo agency.
---
"""


@pytest.fixture
def articles(tmp_path):
    return write_articles(tmp_path / "articles")


def problems(text: str, articles) -> list[Problem]:
    return check_lesson_text(text, FILENAME, articles).problems


def at(text: str, needle: str, field: str, message: str) -> Problem:
    return Problem(FILENAME, line_of(text, needle), field, message)


# --- several articles -------------------------------------------------------------------------


def test_a_lesson_with_two_articles_loads_with_each_block_labelled_by_its_article(articles):
    checked = check_lesson_text(MULTI_LESSON, FILENAME, articles)
    assert checked.problems == []
    runs = checked.lesson.article.runs()
    assert [(source.source, source.outlet, len(blocks)) for source, blocks in runs] == [
        ("000_example.txt", "Example News", 3),
        ("001_example.txt", "Example Daily", 3),
    ]


def test_a_block_naming_an_undeclared_article_is_a_problem_at_its_from_field(articles):
    text = mutate(
        "    - from: 001_example.txt\n      text: The",
        "    - from: 002_x.txt\n      text: The",
        MULTI_LESSON,
    )
    message = (
        "'002_x.txt' is not one of this lesson's articles "
        "(declared: 000_example.txt, 001_example.txt)"
    )
    assert problems(text, articles) == [
        at(text, "- from: 002_x.txt", "article.paragraphs[5].from", message)
    ]


def test_a_plain_paragraph_in_a_lesson_with_two_articles_is_a_problem(articles):
    old = "    - from: 001_example.txt\n      text: The ministry said"
    text = mutate(old, "    - The ministry said", MULTI_LESSON)
    message = "this lesson has several articles: write the block as 'from:' and 'text:'"
    assert problems(text, articles) == [
        at(text, "- The ministry said", "article.paragraphs[5]", message)
    ]


def test_an_article_declared_twice_is_a_problem(articles):
    text = mutate("    - source: 001_example.txt", "    - source: 000_example.txt", MULTI_LESSON)
    found = problems(text, articles)
    message = "'000_example.txt' is already declared in this lesson"
    assert (
        at(text, "- source: 000_example.txt", "article.more_articles[1].source", message) in found
    )


# --- page furniture ---------------------------------------------------------------------------


def test_furniture_sentences_can_be_highlighted_like_paragraph_sentences(articles):
    text = mutate("---\n\n## Who says so?", CAPTION_HIGHLIGHT + "\n## Who says so?", MULTI_LESSON)
    checked = check_lesson_text(text, FILENAME, articles)
    assert checked.problems == []
    assert checked.lesson.article.sentence("p4s1").startswith("The ministry's spokesman")
    assert [block.kind for block in checked.lesson.article.blocks][3:] == [
        "caption",
        "paragraph",
        "also-read",
    ]


def test_furniture_of_an_unknown_kind_is_a_problem_at_its_kind_field(articles):
    text = mutate("kind: also-read", "kind: sidebar", MULTI_LESSON)
    message = (
        "'sidebar' is not a page element; use one of: paragraph, headline, subheading, caption, "
        "also-read, aggregator-widget"
    )
    assert problems(text, articles) == [
        at(text, "kind: sidebar", "article.paragraphs[6].kind", message)
    ]


def test_furniture_without_its_article_in_a_two_article_lesson_is_a_problem(articles):
    text = mutate(
        "    - from: 001_example.txt\n      kind: caption", "    - kind: caption", MULTI_LESSON
    )
    message = "from is missing (the file name of the block's article)"
    assert problems(text, articles) == [
        at(text, "- kind: caption", "article.paragraphs[4]", message)
    ]


def test_furniture_in_a_single_article_lesson_comes_from_the_default_article(articles):
    old = SINGLE_PARAGRAPHS.splitlines()[-1]
    text = mutate(old, old + "\n    - kind: headline\n      text: Bridge closed after blast")
    checked = check_lesson_text(text, FILENAME, articles)
    assert checked.problems == []
    assert checked.lesson.article.blocks[-1].source == "000_example.txt"


# --- word for word against the article files --------------------------------------------------


def test_a_changed_word_is_a_problem_naming_it_and_the_article_word(articles):
    text = mutate(
        "Journalists checked the video and found", "Journalists checked the clip and found"
    )
    message = 'paragraph 3 differs from 000_example.txt at "clip" (article has "video")'
    entry_line = line_of(text, "Journalists checked the clip") - 1  # the '- >-' line above it
    found = problems(text, articles)
    assert Problem(FILENAME, entry_line, "article.paragraphs[3]", message) in found


def test_a_changed_word_in_a_sentence_list_names_the_sentence(articles):
    text = mutate("      - The ministry denied this.", "      - The ministry rejected this.")
    message = 'paragraph 2 differs from 000_example.txt at "rejected" (article has "denied")'
    found = problems(text, articles)
    assert at(text, "- The ministry rejected", "article.paragraphs[2][2]", message) in found


def test_a_changed_word_in_furniture_is_checked_against_its_own_article(articles):
    text = mutate("Also read: Bridge repairs", "Also read: Bridge works", MULTI_LESSON)
    message = 'also-read 6 differs from 001_example.txt at "works" (article has "repairs")'
    assert problems(text, articles) == [
        at(text, "Also read: Bridge works", "article.paragraphs[6].text", message)
    ]


def test_a_block_from_another_declared_article_is_not_accepted_as_verbatim(articles):
    old = "    - from: 001_example.txt\n      text: The ministry said"
    text = mutate(old, "    - from: 000_example.txt\n      text: The ministry said", MULTI_LESSON)
    message = 'paragraph 5 differs from 000_example.txt at "said" (article has "denied")'
    assert problems(text, articles) == [
        at(text, "text: The ministry said", "article.paragraphs[5].text", message)
    ]


def test_a_declared_article_missing_from_the_folder_is_a_problem(articles):
    (articles / "001_example.txt").unlink()
    message = f"the article file '001_example.txt' is not in {articles}"
    assert problems(MULTI_LESSON, articles) == [
        at(MULTI_LESSON, "- source: 001_example.txt", "article.more_articles[1].source", message)
    ]


def test_without_the_article_folder_lessons_load_and_the_library_warns(tmp_path):
    (tmp_path / "bridge-report.md").write_text(VALID_LESSON, encoding="utf-8")
    missing = tmp_path / "no-articles"
    library = load_library(tmp_path, missing)
    assert (len(library), library.problems) == (1, [])
    message = (
        "the source article folder does not exist, so the paragraphs were not checked word for "
        "word against the articles"
    )
    assert library.warnings == [Problem(str(missing), None, "", message)]
