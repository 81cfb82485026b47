"""Pure grading: totals, skill breakdowns and stored points."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app import grading
from tests.quiz_forms import lesson, right_answer

LESSON = lesson()


def _answers(form: dict) -> dict:
    return {q.id: q.read_response(form).to_json() for q in LESSON.questions}


def test_all_right_scores_every_point_but_the_short_answer_awaits_the_teacher():
    form = {}
    for question in LESSON.questions:
        form.update(right_answer(question))
    result = grading.grade(LESSON.questions, _answers(form))
    short = sum(q.points for q in LESSON.questions if q.type == "short_answer")
    assert result.awarded == LESSON.total_points - short
    assert result.points == LESSON.total_points
    assert result.awaiting_teacher


def test_nothing_answered_scores_zero_and_awaits_nothing():
    result = grading.grade(LESSON.questions, {})
    assert result.awarded == 0 and not result.awaiting_teacher


def test_answers_under_a_changed_type_count_as_unanswered():
    question = LESSON.questions[0]
    stored = {question.id: {"type": "classify", "placements": {"x": "y"}}}
    assert grading.grade([question], stored).awarded == 0


def test_malformed_stored_points_count_as_zero():
    assert grading.parse_points("not a number") == 0
    assert grading.parse_points("3/2") == Fraction(3, 2)


def test_skill_breakdown_sums_points_per_tagged_skill():
    question = LESSON.questions[0]
    scores = {question.id: {"awarded": question.points}}
    breakdown = grading.skill_breakdown([question], scores)
    assert breakdown == {skill: (question.points, question.points) for skill in question.skills}


@given(st.one_of(st.integers(-50, 50), st.fractions(max_denominator=8)).map(str))
def test_stored_points_parse_to_the_same_fraction_by_either_path(text):
    assert grading.parse_points(text) == Fraction(text)


def test_stored_points_that_are_not_ascii_digits_count_as_zero_or_parse_exactly():
    assert grading.parse_points("٣") == Fraction(3)  # Fraction's own parser accepts it
    assert grading.parse_points("1/0") == 0 and grading.parse_points("x") == 0


def test_very_long_stored_points_still_parse_or_count_as_zero():
    assert grading.parse_points("1" * 25) == int("1" * 25)
    assert grading.parse_points("1" * 5000) == 0  # longer than int() reads from a string
