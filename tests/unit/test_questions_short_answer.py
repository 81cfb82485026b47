"""short_answer: text cleaning, teacher marking with the rubric, validation of the mark."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.questions import ArticleText, question_from_definition
from app.questions.short_answer import ShortAnswer

ARTICLE = ArticleText.from_sentences([["Officials said so."]])


def build(**changes) -> ShortAnswer:
    data = {
        "id": "why",
        "type": "short_answer",
        "skills": ["anonymous-sourcing"],
        "points": 4,
        "prompt": "Why?",
        "max_chars": 60,
        "rubric": [
            {"points": 3, "criterion": "Names the source."},
            {"points": 1, "criterion": "Quotes."},
        ],
        "sample_answer": "Officials gain.",
        "explanation": "Officials have a stake.",
    } | changes
    question, issues = question_from_definition(data, "quiz[1]", ARTICLE)
    assert issues == []
    return question


def test_answered_short_answer_awaits_the_teacher():
    question = build()
    score = question.score(question.read_response({"q-why": ["Because officials gain."]}))
    assert (score.awarded, score.needs_teacher) == (0, True)


def test_blank_short_answer_needs_no_teacher():
    question = build()
    score = question.score(question.read_response({"q-why": ["   \n "]}))
    assert (score.awarded, score.needs_teacher) == (0, False)


def test_over_long_text_is_cut_to_max_chars():
    assert build().read_response({"q-why": ["x" * 500]}).text == "x" * 60


def test_windows_line_breaks_count_as_one_character_and_nul_is_removed():
    assert build().read_response({"q-why": ["a\r\nb\x00c"]}).text == "a\nbc"


def test_default_max_chars_is_one_thousand():
    data_without_limit = build(max_chars=1000)
    assert data_without_limit.public_view()["max_chars"] == 1000


def test_teacher_mark_within_range_becomes_the_score():
    score = build().teacher_score(3)
    assert (score.awarded, score.points, score.needs_teacher, score.is_full) == (3, 4, False, False)


def test_teacher_mark_may_be_a_fraction():
    assert build().teacher_score(Fraction(7, 2)).awarded == Fraction(7, 2)


@pytest.mark.parametrize("mark", [-1, 5, Fraction(9, 2)])
def test_teacher_mark_outside_zero_to_points_is_refused(mark):
    with pytest.raises(ValueError, match="from 0 to 4"):
        build().teacher_score(mark)


@pytest.mark.parametrize("mark", [2.5, True, "3"])
def test_teacher_mark_must_be_int_or_fraction(mark):
    with pytest.raises(TypeError):
        build().teacher_score(mark)


def test_public_view_hides_rubric_and_sample_answer():
    view = build().public_view()
    assert "rubric" not in view and "sample_answer" not in view and "explanation" not in view
