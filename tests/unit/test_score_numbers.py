"""Scores as numbers: one percentage function (exact, half up) and points for people."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app.models import Attempt
from app.score_numbers import average_percent, percent, points, ratio, signed_points


def test_percent_rounds_half_up():
    assert percent(Fraction(1, 8), 1) == 13
    assert percent(Fraction(0), 0) == 0


def test_a_share_alone_is_a_percentage_of_one():
    assert (percent(Fraction(2, 3)), percent(Fraction(1, 200)), percent(1)) == (67, 1, 100)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_integer_percent_is_the_exact_fraction_rounded_half_up(part, whole):
    assert percent(part, whole) == int(Fraction(part * 100, whole) + Fraction(1, 2))


@given(st.integers(0, 10**4), st.integers(1, 12), st.integers(1, 200))
def test_percent_of_points_matches_the_exact_fraction(num, den, points):
    awarded = Fraction(num, den)
    assert percent(awarded, points) == int(awarded * 100 / points + Fraction(1, 2))


def test_an_average_exactly_halfway_rounds_up_where_round_would_go_to_even():
    assert round((84 + 85) / 2) == 84  # what the class page showed before
    assert average_percent([84, 85]) == 85


def test_average_of_nothing_is_none_and_of_one_is_itself():
    assert (average_percent([]), average_percent([73])) == (None, 73)


@given(st.lists(st.integers(0, 100), min_size=1, max_size=40))
def test_average_is_the_exact_mean_rounded_half_up(percents):
    exact = Fraction(sum(percents), len(percents))
    assert average_percent(percents) == int(exact + Fraction(1, 2))


def test_points_are_whole_or_at_most_two_decimals():
    assert (points(Fraction(3)), points(Fraction(5, 2)), points("5/3")) == ("3", "2.5", "1.67")


def test_a_pending_attempt_scores_over_its_marked_points_only():
    # 6 of the 8 marked points, 2 more awaiting a mark: 75% so far, not 60%.
    attempt = Attempt(awarded_num=6, awarded_den=1, max_points=10, pending_points=2)
    assert (attempt.marked_points, attempt.percent) == (8, 75)


def test_a_pending_attempt_rounds_half_up_from_the_exact_fraction():
    # 1/2 of 8 marked points = 6.25% -> 6; 7/2 of 8 = 43.75% -> 44.
    half = Attempt(awarded_num=1, awarded_den=2, max_points=9, pending_points=1)
    more = Attempt(awarded_num=7, awarded_den=2, max_points=9, pending_points=1)
    assert (half.percent, more.percent) == (6, 44)


def test_signed_points_show_the_direction_of_a_change():

    assert [signed_points(v) for v in (Fraction(2), Fraction(-1, 2), 0, Fraction(5, 3))] == [
        "+2",
        "\u22120.5",
        "0",
        "+1.67",
    ]


def test_a_ratio_is_two_decimals_rounded_half_up_from_the_exact_value():

    assert ratio(Fraction(2, 3)) == "0.67"
    assert ratio(Fraction(1, 8)) == "0.13"  # 0.125 rounds up
    assert ratio(Fraction(-1, 3)) == "\u22120.33"
    assert ratio(Fraction(-1, 1000)) == "0.00"
    assert ratio(Fraction(1)) == "1.00"
    assert ratio(None) == "\u2013"
