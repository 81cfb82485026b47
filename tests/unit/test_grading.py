"""Pure grading: totals, skill breakdowns and stored points."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import grading
from app.questions import Response, Score
from tests.quiz_forms import lesson

LESSON = lesson()


def _answers(form: dict) -> dict:
    return {q.id: q.read_response(form) for q in LESSON.questions}


def test_all_right_scores_every_point_but_the_short_answer_awaits_the_teacher():
    form = {}
    for question in LESSON.questions:
        form.update(question.example_answer(right=True))
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
    given = {question.id: Response("classify", placements=(("x", "y"),))}
    assert grading.grade([question], given).awarded == 0


def stored_award(value) -> Fraction:
    """The award a stored score with `value` as its 'awarded' is read back as."""
    return Fraction(Score.from_json({"awarded": value, "points": 2}).awarded)


def test_malformed_stored_points_count_as_zero():
    assert stored_award("not a number") == 0
    assert stored_award("3/2") == Fraction(3, 2)


def test_skill_breakdown_sums_points_per_tagged_skill():
    question = LESSON.questions[0]
    scores = {question.id: Score(question.points, question.points)}
    breakdown = grading.skill_breakdown([question], scores)
    expected = grading.SkillPoints(Fraction(question.points), question.points, 0)
    assert breakdown == {skill: expected for skill in question.skills}


def test_skill_breakdown_counts_an_unmarked_answer_as_pending_not_zero():
    question = LESSON.questions[0]
    scores = {question.id: Score(0, question.points, needs_teacher=True)}
    breakdown = grading.skill_breakdown([question], scores)
    expected = grading.SkillPoints(Fraction(0), 0, question.points)
    assert breakdown == {skill: expected for skill in question.skills}


def test_grade_pending_points_are_the_points_awaiting_a_mark():
    result = grading.Grade(
        {"a": Score(Fraction(3, 2), 2), "b": Score(0, 3, needs_teacher=True)}, points=5
    )
    assert (result.awarded, result.pending_points) == (Fraction(3, 2), 3)


@given(st.one_of(st.integers(-50, 50), st.fractions(max_denominator=8)).map(str))
def test_stored_points_parse_to_the_same_fraction_by_either_path(text):
    assert stored_award(text) == Fraction(text)


def test_stored_points_that_are_not_ascii_digits_count_as_zero_or_parse_exactly():
    assert stored_award("٣") == Fraction(3)  # Fraction's own parser accepts it
    assert stored_award("1/0") == 0 and stored_award("x") == 0


def test_very_long_stored_points_still_parse_or_count_as_zero():
    assert stored_award("1" * 25) == int("1" * 25)
    assert stored_award("1" * 5000) == 0  # longer than int() reads from a string


def _stored_texts(right: bool) -> tuple[str, str]:
    """An attempt's answers and scores as the JSON text its columns hold."""
    import json

    form = {}
    for question in LESSON.questions:
        form.update(question.example_answer(right=right))
    given = _answers(form)
    result = grading.grade(LESSON.questions, given)
    return json.dumps(grading.answers_json(given)), json.dumps(result.scores_json())


def test_answers_and_scores_read_from_text_match_those_read_from_the_stored_dicts():
    import json

    for right in (True, False):
        answers, scores = _stored_texts(right)
        given = grading.question_responses(LESSON.questions, grading.stored_responses(answers))
        assert given == grading.responses(LESSON.questions, json.loads(answers))
        found = grading.stored_scores(scores)
        assert dict(found) == grading.recorded_scores(json.loads(scores))
        assert grading.question_scores(LESSON.questions, found) == grading.scores(
            LESSON.questions, json.loads(scores)
        )


def test_each_stored_text_is_decoded_once_and_shared_read_only():
    answers, scores = _stored_texts(right=True)
    first = grading.stored_responses(answers)
    assert grading.stored_responses(answers.encode().decode()) is first  # equal text, new str
    assert grading.stored_scores(scores) is grading.stored_scores(scores)
    with pytest.raises(TypeError):
        first["extra"] = Response("single_choice")  # type: ignore[index]
    scored = next(iter(grading.stored_scores(scores).values()))
    with pytest.raises(TypeError):
        scored.parts["extra"] = True  # type: ignore[index]


def test_stored_text_that_is_null_malformed_or_not_an_object_reads_as_nothing_given():
    for text in (None, "null", "", "{", "[1]", "7"):
        assert grading.stored_responses(text) == {} and grading.stored_scores(text) == {}
    blank = grading.question_responses(LESSON.questions, grading.stored_responses(None))
    assert blank == grading.responses(LESSON.questions, {})
    unknown = grading.stored_responses('{"gone": {"type": "single_choice"}, "x": 3}')
    assert grading.question_responses(LESSON.questions[:1], unknown) == grading.responses(
        LESSON.questions[:1], {}
    )
