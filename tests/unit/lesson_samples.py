"""A minimal valid lesson file and helpers to break it one way per test (not a test module)."""

from __future__ import annotations

from pathlib import Path

from app.lessons import Lesson, Problem, load_lesson_text

FILENAME = "lessons/bridge-report.md"

VALID_LESSON = """\
---
slug: bridge-report
title: "Who says so? A bridge report"
summary: A short report where officials, a surgeon and journalists each say something.
estimated_minutes: 30
skills: [unverified-claims, anonymous-sourcing]
objectives:
  - skill: unverified-claims
    text: Tell an attributed claim from a checked one.
  - skill: anonymous-sourcing
    text: Notice vague sources.
content_note: The article mentions people hurt in a blast.
introduction: Read the report and ask **who says so?**
article:
  source: 000_example.txt
  outlet: Example News
  outlet_note: The outlet's name is printed at the top.
  headline: Bridge closed after blast
  published: "12 March 2024"
  paragraphs:
    - >-
      Officials said the bridge was closed. Dr. Ivanova said three people were hurt.
    - - Local media reported a second blast.
      - The ministry denied this.
    - >-
      Journalists checked the video and found it was filmed in St. Petersburg. "We saw it," they wrote.
ledger:
  - id: bridge-closed
    claim: Officials said the bridge was closed.
    asserted_by: Unnamed officials
    source_kind: anonymous
    stake: none evident
    has_stake: false
    checked_in_text: Nothing in the article.
    verdict: attributed
    note: The officials are not named.
  - id: second-blast
    claim: Local media reported a second blast.
    asserted_by: Local media
    source_kind: anonymous
    stake: none evident
    has_stake: false
    checked_in_text: Nothing in the article.
    verdict: contested
    note: The ministry denies it.
discussion:
  - Who would you ask next?
teacher_guide:
  overview: Read, discuss, quiz.
  misconceptions:
    - misconception: Students may think a named surgeon checks the officials.
      response: She speaks about injuries, not the bridge.
  extension: Search for other reports of the blast.
quiz:
  - id: who-closed
    type: single_choice
    skills: [anonymous-sourcing]
    points: 1
    prompt: Who says the bridge was closed?
    options:
      - id: a
        text: Officials
        correct: true
      - id: b
        text: Journalists
        feedback: They checked the video, not the bridge.
    explanation: The first sentence says "Officials said".
  - id: denial
    type: single_choice
    skills: [unverified-claims]
    points: 1
    quote: The ministry denied this.
    prompt: What does the ministry do?
    options:
      - id: a
        text: Denies the second blast
        correct: true
      - id: b
        text: Confirms it
        feedback: It denies it.
    explanation: It "denied this".
  - id: vague-sources
    type: multiple_select
    skills: [anonymous-sourcing]
    points: 2
    prompt: Which sources are vague?
    options:
      - id: a
        text: Officials
        correct: true
      - id: b
        text: Local media
        correct: true
      - id: c
        text: Dr. Ivanova
        feedback: She is named.
    explanation: Neither is named.
  - id: checked-by-whom
    type: multiple_select
    skills: [unverified-claims]
    points: 1
    prompt: Who checked something?
    options:
      - id: a
        text: Journalists
        correct: true
      - id: b
        text: The ministry
        feedback: It only denies.
    explanation: The journalists checked the video.
  - id: find-denial
    type: highlight
    skills: [unverified-claims]
    points: 2
    prompt: Select the denial.
    paragraphs: [2]
    answer:
      - The ministry denied this.
    distractors:
      - sentence: Local media reported a second blast.
        feedback: That is the claim being denied.
    explanation: The ministry denies it.
  - id: find-named
    type: highlight
    skills: [anonymous-sourcing]
    points: 2
    prompt: Select every sentence with a named source.
    answer:
      - Dr. Ivanova said three people were hurt.
    explanation: Only the surgeon is named.
  - id: sort-claims
    type: classify
    skills: [unverified-claims]
    points: 2
    prompt: Sort each claim.
    categories:
      - id: checked
        label: Checked in the text
      - id: attributed
        label: Attributed, not checked
    items:
      - id: video
        text: it was filmed in St. Petersburg
        answer: checked
        feedback: The journalists checked it.
      - id: bridge
        text: the bridge was closed
        answer: attributed
    explanation: Only the video was checked.
  - id: explain-stake
    type: short_answer
    skills: [anonymous-sourcing]
    points: 3
    prompt: Why might officials want this believed?
    max_chars: 500
    rubric:
      - points: 2
        criterion: Names the source.
      - points: 1
        criterion: Quotes the text.
    sample_answer: The officials are unnamed, so we cannot weigh their stake.
    explanation: Unnamed officials cannot be checked.
  - id: hurt-source
    type: single_choice
    skills: [anonymous-sourcing]
    points: 1
    prompt: Who says people were hurt?
    options:
      - id: a
        text: Dr. Ivanova
        correct: true
      - id: b
        text: The ministry
        feedback: The ministry only denies the second blast.
    explanation: Dr. Ivanova says so.
  - id: journalists-quote
    type: single_choice
    skills: [unverified-claims]
    points: 1
    prompt: What did the journalists write?
    options:
      - id: a
        text: We saw it
        correct: true
      - id: b
        text: Nothing
        feedback: They wrote "We saw it".
    explanation: They wrote "We saw it".
---

## Who says so?

Example News reports that "Officials said the bridge was closed." Nobody is named.

> The ministry denied this.

## What was checked

The journalists "checked the video and found it was filmed" somewhere.
"""


# The source article the sample lesson quotes, as it sits in an article collection.
EXAMPLE_ARTICLE = """\
Bridge closed after blast

Officials said the bridge was closed. Dr. Ivanova said three people were hurt.

Local media reported a second blast. The ministry denied this.

Journalists checked the video and found it was filmed in St. Petersburg. "We saw it," they wrote.
"""

# A second page, for lessons that read from two articles; it has a caption and an 'Also read' box.
SECOND_ARTICLE = """\
Ministry denies second blast

The ministry's spokesman at a briefing (photo: Example Images)

The ministry said there was no second blast.

Also read: Bridge repairs to take a month
"""


def write_articles(folder: Path) -> Path:
    """An article collection holding the sample's two source articles; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "000_example.txt").write_text(EXAMPLE_ARTICLE, encoding="utf-8")
    (folder / "001_example.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    return folder


def mutate(old: str, new: str, text: str = VALID_LESSON) -> str:
    """The lesson text with the first `old` replaced by `new` (which must be present)."""
    assert old in text, f"sample lesson has no {old!r}"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle` in `text`."""
    assert needle in text, f"text has no {needle!r}"
    return text[: text.index(needle)].count("\n") + 1


def check(text: str, filename: str = FILENAME) -> list[Problem]:
    """Problems the loader finds in `text`."""
    return load_lesson_text(text, filename)[1]


def load_valid() -> Lesson:
    """The sample lesson, which must load without problems."""
    lesson, problems = load_lesson_text(VALID_LESSON, FILENAME)
    assert problems == [], [str(p) for p in problems]
    assert lesson is not None
    return lesson


_SHORT_ANSWER = VALID_LESSON[
    VALID_LESSON.index("  - id: explain-stake") : VALID_LESSON.index("  - id: hurt-source")
]
_SCORED_BY_THE_APP = """\
  - id: explain-stake
    type: single_choice
    skills: [anonymous-sourcing]
    points: 3
    prompt: Why might the officials want this believed?
    options:
      - id: a
        text: The text does not say, because they are not named
        correct: true
      - id: b
        text: They are surgeons
        feedback: The surgeon is Dr. Ivanova, who is named.
    explanation: Unnamed officials cannot be weighed.
"""


def as_form(letter: str, text: str = VALID_LESSON) -> str:
    """The sample lesson made form `letter` of check-in set 'bridge', on an invented passage."""
    text = mutate("slug: bridge-report", f"slug: bridge-{letter.lower()}", text)
    text = mutate(
        "estimated_minutes: 30",
        f"estimated_minutes: 30\ncheck_in:\n  set: bridge\n  form: {letter}",
        text,
    )
    return mutate("  source: 000_example.txt", "  source: bridge-town\n  invented: true", text)


def check_in_form(letter: str = "A") -> str:
    """A valid form `letter`: the sample as a form, its teacher-marked question made a choice."""
    return as_form(letter).replace(_SHORT_ANSWER, _SCORED_BY_THE_APP, 1)


def write_check_in(folder: Path, a: str | None = None, b: str | None = None) -> Path:
    """A lessons folder with the sample lesson and forms A and B (given texts, else the samples)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bridge-report.md").write_text(VALID_LESSON, encoding="utf-8")
    for letter, text in (("a", a), ("b", b)):
        if text != "":
            form = text if text is not None else check_in_form(letter.upper())
            (folder / f"bridge-{letter}.md").write_text(form, encoding="utf-8")
    return folder
