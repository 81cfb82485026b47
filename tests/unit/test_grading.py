"""Pure grading: totals, skill breakdowns, statuses and the reveal rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app import grading
from app.grading import AttemptSummary
from app.questions import Response, Score
from tests.quiz_forms import lesson

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
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
    assert breakdown == {skill: (question.points, question.points) for skill in question.skills}


def test_percent_rounds_half_up():
    assert grading.percent(Fraction(1, 8), 1) == 13
    assert grading.percent(Fraction(0), 0) == 0


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_integer_percent_is_the_exact_fraction_rounded_half_up(part, whole):
    assert grading.share_percent(part, whole) == int(Fraction(part * 100, whole) + Fraction(1, 2))


@given(st.integers(0, 10**4), st.integers(1, 12), st.integers(1, 200))
def test_percent_of_points_matches_the_exact_fraction(num, den, points):
    awarded = Fraction(num, den)
    assert grading.percent(awarded, points) == int(awarded * 100 / points + Fraction(1, 2))


def _s(submitted=True, late=False, awaiting=False):
    return AttemptSummary(submitted, late, awaiting)


def test_status_rules():
    due = NOW - timedelta(days=1)
    assert grading.status([], None, NOW) == grading.NOT_STARTED
    assert grading.status([], due, NOW) == grading.MISSING
    assert grading.status([_s(submitted=False)], due, NOW) == grading.IN_PROGRESS
    assert grading.status([_s()], due, NOW) == grading.SUBMITTED
    assert grading.status([_s(late=True)], due, NOW) == grading.LATE
    assert grading.status([_s(late=True), _s()], due, NOW) == grading.SUBMITTED
    assert grading.status([_s(awaiting=True)], None, NOW) == grading.AWAITING_TEACHER


def test_reveal_after_each_attempt():
    assert not grading.key_visible("after_attempt", 2, 0, None, NOW)
    assert grading.key_visible("after_attempt", 2, 1, None, NOW)


def test_reveal_after_last_attempt_or_due_date():
    past, future = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
    assert not grading.key_visible("after_last", 2, 1, future, NOW)
    assert grading.key_visible("after_last", 2, 2, future, NOW)
    assert grading.key_visible("after_last", 2, 1, past, NOW)
    assert not grading.key_visible("after_last", 2, 0, past, NOW)


def test_reveal_after_due_date_only():
    past, future = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
    assert not grading.key_visible("after_due", 1, 1, future, NOW)
    assert grading.key_visible("after_due", 1, 0, past, NOW)
    assert grading.key_visible("after_due", 1, 1, None, NOW)


@given(st.one_of(st.integers(-50, 50), st.fractions(max_denominator=8)).map(str))
def test_stored_points_parse_to_the_same_fraction_by_either_path(text):
    assert stored_award(text) == Fraction(text)


def test_stored_points_that_are_not_ascii_digits_count_as_zero_or_parse_exactly():
    assert stored_award("٣") == Fraction(3)  # Fraction's own parser accepts it
    assert stored_award("1/0") == 0 and stored_award("x") == 0


def test_very_long_stored_points_still_parse_or_count_as_zero():
    assert stored_award("1" * 25) == int("1" * 25)
    assert stored_award("1" * 5000) == 0  # longer than int() reads from a string


def test_a_late_best_attempt_is_late_even_after_an_on_time_attempt():
    now = datetime(2026, 3, 2, tzinfo=UTC)
    on_time = grading.AttemptSummary(submitted=True, late=False, awaiting_teacher=False)
    late_best = grading.AttemptSummary(
        submitted=True, late=True, awaiting_teacher=False, counted=True
    )
    assert grading.status([on_time, late_best], now - timedelta(days=1), now) == grading.LATE
    on_time_best = grading.AttemptSummary(
        submitted=True, late=False, awaiting_teacher=False, counted=True
    )
    late = grading.AttemptSummary(submitted=True, late=True, awaiting_teacher=False)
    assert grading.status([on_time_best, late], now - timedelta(days=1), now) == grading.SUBMITTED
