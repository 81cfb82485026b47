"""The "How to check a claim" page shows the verdict scheme and every lesson and quiz links to it."""

from __future__ import annotations

from html import unescape

import pytest

from app.lesson_library import DEFAULT_FOLDER, library_for
from app.lesson_vocabulary import VERDICT_LABELS, VERDICT_PRECEDENCE
from tests.factories import (
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)

SLUGS = sorted(library_for(DEFAULT_FOLDER).lessons)
LINK = 'href="/how-to-check"'


def _text(response) -> str:
    return " ".join(unescape(response.get_data(as_text=True)).split())


def test_page_lists_the_four_verdicts_in_precedence_order_for_visitors(client):
    page = _text(client.get("/how-to-check"))
    places = [page.index(VERDICT_LABELS[verdict]) for verdict in VERDICT_PRECEDENCE]
    assert places == sorted(places)


def test_page_teaches_hedges_and_the_three_cautions(client):
    page = _text(client.get("/how-to-check"))
    for words in (
        "is said to",
        "have been accused",
        "as reported",
        "Unverified is not false",
        "Checking one detail does not verify the story",
        "Official bodies on every side are interested parties",
    ):
        assert words in page


@pytest.mark.parametrize("slug", SLUGS)
def test_teacher_preview_and_guide_link_to_the_page(client, db, slug):
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    preview = client.get(f"/teacher/lessons/{slug}").get_data(as_text=True)
    assert preview.count(LINK) >= 2  # with the reading and with the quiz
    assert LINK in client.get(f"/teacher/lessons/{slug}/guide").get_data(as_text=True)


@pytest.mark.parametrize("slug", SLUGS)
def test_student_lesson_quiz_and_result_pages_link_to_the_page(client, db, slug):
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher)
    student = make_student(db, classroom, username="ann", name="Ann")
    assignment = make_assignment(db, classroom, slug)
    make_submitted_attempt(db, assignment, student)
    login(client, "ann")
    base = f"/student/assignments/{assignment.id}"
    lesson_page = client.get(base).get_data(as_text=True)
    quiz = lesson_page[lesson_page.index('id="quiz"') :]
    assert LINK in lesson_page[: lesson_page.index('id="quiz"')]
    assert LINK in quiz
    assert LINK in client.get(f"{base}/attempts/1").get_data(as_text=True)
