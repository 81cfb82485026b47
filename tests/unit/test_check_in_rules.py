"""Check-ins, pure: counterbalanced seats, open phases, and gains in exact fractions."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from fractions import Fraction as F

import pytest

from app.check_in_rules import (
    FormResult,
    Order,
    Phase,
    Schedule,
    SkillGain,
    SkillScore,
    StudentCheckIns,
    caution,
    class_gains,
    class_total,
    form_for,
    form_results,
    normalized_gain,
    seat_orders,
)

SALT = b"check-in 1"
SKILLS = ("unverified-claims", "anonymous-sourcing", "state-media-framing")


def halves(orders) -> tuple[int, int]:
    counts = Counter(orders.values())
    return counts[Order.AB], counts[Order.BA]


@pytest.mark.parametrize("size", [1, 2, 5, 6, 7, 30, 31])
def test_a_class_splits_into_halves_within_one_of_each_other(size):
    ab, ba = halves(seat_orders({}, range(1, size + 1), SALT))
    assert ab + ba == size
    assert abs(ab - ba) <= 1


def test_the_split_does_not_follow_joining_order():
    orders = seat_orders({}, range(1, 31), SALT)
    first_half = [orders[s] for s in range(1, 16)]
    assert set(first_half) == {Order.AB, Order.BA}
    # Another check-in draws again.
    assert seat_orders({}, range(1, 31), b"check-in 2") != orders


def test_the_odd_student_out_is_not_always_on_the_same_side():
    sides = {halves(seat_orders({}, range(1, 8), f"salt {n}".encode())) for n in range(40)}
    assert sides == {(4, 3), (3, 4)}


def test_a_seated_student_keeps_their_order_and_is_not_returned_again():
    first = seat_orders({}, range(1, 7), SALT)
    again = seat_orders(first, range(1, 7), SALT)
    assert again == {}
    # Asking with more students returns only the newcomers; nobody already seated moves.
    more = seat_orders(first, range(1, 10), SALT)
    assert set(more) == {7, 8, 9}


@pytest.mark.parametrize("late", [1, 2, 3, 4, 9])
def test_students_added_later_keep_the_halves_balanced(late):
    seated = {**seat_orders({}, range(1, 6), SALT)}  # 5 students: 3 and 2
    for student in range(100, 100 + late):  # then one at a time, as they join
        seated |= seat_orders(seated, [student], SALT)
        ab, ba = halves(seated)
        assert abs(ab - ba) <= 1


def test_newcomers_fill_the_smaller_half_even_after_departures():
    seated = {1: "AB", 2: "AB", 3: "AB", 4: "BA"}  # two of the BA half left the class
    assert seat_orders(seated, [5, 6], SALT) == {5: Order.BA, 6: Order.BA}


def test_each_order_takes_one_form_before_and_the_other_after():
    assert [form_for("AB", Phase.BEFORE), form_for("AB", Phase.AFTER)] == ["A", "B"]
    assert [form_for("BA", Phase.BEFORE), form_for("BA", Phase.AFTER)] == ["B", "A"]


NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_before_is_open_until_its_due_date_or_until_after_opens():
    assert Schedule(None, None, None, None).open_phase(NOW) == Phase.BEFORE
    assert Schedule(NOW + HOUR, None, None, None).open_phase(NOW) == Phase.BEFORE
    assert Schedule(NOW - HOUR, None, None, None).open_phase(NOW) is None
    assert Schedule(NOW + HOUR, NOW - HOUR, None, None).open_phase(NOW) == Phase.AFTER
    assert Schedule(None, NOW - HOUR, NOW - HOUR, None).open_phase(NOW) is None
    assert Schedule(None, NOW - HOUR, None, NOW - HOUR).open_phase(NOW) is None


def test_normalized_gain_is_the_share_of_the_room_to_grow():
    assert normalized_gain(F(1), F(3), 4) == F(2, 3)
    assert normalized_gain(F(2), F(1), 4) == F(-1, 2)
    assert normalized_gain(F(1, 2), F(1, 2), 4) == 0
    # No room to grow: full marks before, or a skill with no points at all.
    assert normalized_gain(F(4), F(4), 4) is None
    assert normalized_gain(F(0), F(0), 0) is None


def scores(*earned, possible=(4, 4, 4)) -> dict[str, SkillScore]:
    return {
        skill: SkillScore(F(e), p) for skill, e, p in zip(SKILLS, earned, possible, strict=True)
    }


def test_a_students_gains_per_skill_and_in_all():
    student = StudentCheckIns(1, "AB", scores(1, F(5, 2), 4), scores(3, 2, 4))
    gains = student.gains(SKILLS)
    assert [(g.before, g.after, g.gain, g.normalized) for g in gains] == [
        (1, 3, 2, F(2, 3)),
        (F(5, 2), 2, F(-1, 2), F(-1, 3)),
        (4, 4, 0, None),
    ]
    total = student.total()
    assert (total.possible, total.before, total.after, total.gain) == (12, F(15, 2), 9, F(3, 2))
    assert total.normalized == F(3, 2) / F(9, 2) == F(1, 3)


def test_students_with_only_one_check_in_have_no_gain_and_are_left_out_of_the_means():
    both = StudentCheckIns(1, "AB", scores(1, 1, 1), scores(2, 2, 4))
    only_before = StudentCheckIns(2, "BA", scores(4, 4, 4), None)
    only_after = StudentCheckIns(3, "BA", None, scores(0, 0, 0))
    neither = StudentCheckIns(4, None, None, None)
    assert only_before.gains(SKILLS) == [] and only_before.total() is None
    assert not only_after.took_both and not neither.took_both
    means = class_gains([both, only_before, only_after, neither], SKILLS)
    assert means == [
        SkillGain(s, 4, F(b), F(a)) for s, b, a in zip(SKILLS, (1, 1, 1), (2, 2, 4), strict=True)
    ]


def test_class_means_and_the_normalized_gain_of_the_means():
    students = [
        StudentCheckIns(1, "AB", scores(1, 0, 2), scores(3, 1, 2)),
        StudentCheckIns(2, "BA", scores(2, 1, 4), scores(2, 2, 3)),
        StudentCheckIns(3, "AB", scores(0, F(1, 2), 1), scores(4, 1, 3)),
    ]
    means = class_gains(students, SKILLS)
    first = means[0]
    assert (first.before, first.after, first.gain) == (1, 3, 2)
    assert first.normalized == F(2, 3)
    second = means[1]
    assert (second.before, second.after) == (F(1, 2), F(4, 3))
    assert second.normalized == (F(4, 3) - F(1, 2)) / (4 - F(1, 2)) == F(5, 21)
    total = class_total(students)
    assert (total.before, total.after) == (F(23, 6), 7)  # 11.5 and 21 over 3 students


def test_a_skill_with_no_points_has_no_normalized_gain():
    students = [StudentCheckIns(1, "AB", scores(1, 1, 0, possible=(4, 4, 0)),
                                scores(2, 2, 0, possible=(4, 4, 0)))]  # fmt: skip
    third = class_gains(students, SKILLS)[2]
    assert (third.possible, third.gain, third.normalized) == (0, 0, None)


def test_no_one_with_both_means_no_class_gains():
    assert class_gains([StudentCheckIns(1, "AB", scores(1, 1, 1), None)], SKILLS) == []
    assert class_total([]) is None


def test_form_results_pool_points_per_form_and_position():
    taken = [
        ("A", "before", F(6), 12),
        ("A", "before", F(3), 12),
        ("B", "before", F(12), 12),
        ("B", "after", F(7, 2), 12),
    ]
    assert form_results(taken) == [
        FormResult("A", "before", 2, 38),  # 9 of 24 is 37.5 %, rounded half up
        FormResult("A", "after", 0, None),
        FormResult("B", "before", 1, 100),
        FormResult("B", "after", 1, 29),  # 3.5 of 12 is 29.17 %
    ]


def test_the_caution_speaks_of_small_groups_and_is_silent_from_ten():
    assert "No student has taken both" in caution(0)
    assert caution(1).startswith("One student took both")
    assert caution(9).startswith("Only 9 students took both")
    assert caution(10) is None
