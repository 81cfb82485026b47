"""Assignment rules: statuses, when the key is revealed, and when it closes the work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app import assignment_rules as rules
from app.assignment_rules import AttemptSummary, Reveal, Status

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _s(submitted=True, late=False, awaiting=False):
    return AttemptSummary(submitted, late, awaiting)


def test_status_rules():
    due = NOW - timedelta(days=1)
    assert rules.status([], None, NOW) == Status.NOT_STARTED
    assert rules.status([], due, NOW) == Status.MISSING
    assert rules.status([_s(submitted=False)], due, NOW) == Status.IN_PROGRESS
    assert rules.status([_s()], due, NOW) == Status.SUBMITTED
    assert rules.status([_s(late=True)], due, NOW) == Status.LATE
    assert rules.status([_s(late=True), _s()], due, NOW) == Status.SUBMITTED
    assert rules.status([_s(awaiting=True)], None, NOW) == Status.AWAITING_TEACHER


def test_reveal_after_each_attempt():
    assert not rules.key_visible("after_attempt", 2, 0, None, NOW)
    assert rules.key_visible("after_attempt", 2, 1, None, NOW)


def test_reveal_after_last_attempt_or_due_date():
    past, future = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
    assert not rules.key_visible("after_last", 2, 1, future, NOW)
    assert rules.key_visible("after_last", 2, 2, future, NOW)
    assert rules.key_visible("after_last", 2, 1, past, NOW)
    assert not rules.key_visible("after_last", 2, 0, past, NOW)


def test_reveal_after_due_date_only():
    past, future = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
    assert not rules.key_visible("after_due", 1, 1, future, NOW)
    assert rules.key_visible("after_due", 1, 0, past, NOW)
    assert rules.key_visible("after_due", 1, 1, None, NOW)


def test_a_late_best_attempt_is_late_even_after_an_on_time_attempt():
    now = datetime(2026, 3, 2, tzinfo=UTC)
    on_time = AttemptSummary(submitted=True, late=False, awaiting_teacher=False)
    late_best = AttemptSummary(submitted=True, late=True, awaiting_teacher=False, counted=True)
    assert rules.status([on_time, late_best], now - timedelta(days=1), now) == Status.LATE
    on_time_best = AttemptSummary(submitted=True, late=False, awaiting_teacher=False, counted=True)
    late = AttemptSummary(submitted=True, late=True, awaiting_teacher=False)
    assert rules.status([on_time_best, late], now - timedelta(days=1), now) == Status.SUBMITTED


def test_past_due_only_after_the_due_moment_and_never_without_a_due_date():
    assert not rules.is_past_due(None, NOW)
    assert not rules.is_past_due(NOW, NOW)
    assert rules.is_past_due(NOW - timedelta(seconds=1), NOW)


def test_a_shown_key_closes_work_except_after_each_attempt_before_the_due_date():
    past, future = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
    assert not rules.closed_by_key(Reveal.AFTER_LAST, False, past, NOW)
    assert rules.closed_by_key(Reveal.AFTER_LAST, True, future, NOW)
    assert rules.closed_by_key(Reveal.AFTER_DUE, True, None, NOW)
    assert not rules.closed_by_key(Reveal.AFTER_ATTEMPT, True, future, NOW)
    assert rules.closed_by_key(Reveal.AFTER_ATTEMPT, True, past, NOW)


def test_rules_compare_equal_to_the_stored_strings():
    assert Reveal("after_last") is Reveal.AFTER_LAST
    assert f"status-{Status.AWAITING_TEACHER}" == "status-awaiting_teacher"


NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_due_badge_says_overdue_once_the_due_date_passed_with_nothing_handed_in():
    for standing in (Status.MISSING, Status.IN_PROGRESS):
        assert rules.due_badge(standing, NOON - timedelta(minutes=1), NOON) == "overdue"


def test_due_badge_says_due_soon_within_two_days_only():
    assert rules.due_badge(Status.NOT_STARTED, NOON + timedelta(days=2), NOON) == "due_soon"
    assert rules.due_badge(Status.IN_PROGRESS, NOON + timedelta(hours=1), NOON) == "due_soon"
    assert rules.due_badge(Status.NOT_STARTED, NOON + timedelta(days=2, seconds=1), NOON) is None


def test_due_badge_is_none_for_handed_in_work_or_no_due_date():
    for standing in (Status.SUBMITTED, Status.LATE, Status.AWAITING_TEACHER):
        assert rules.due_badge(standing, NOON - timedelta(days=1), NOON) is None
        assert rules.due_badge(standing, NOON + timedelta(hours=1), NOON) is None
    assert rules.due_badge(Status.NOT_STARTED, None, NOON) is None


def test_released_answers_are_visible_to_every_student_whatever_the_rule():
    later = NOW + timedelta(days=1)
    for reveal in Reveal:
        assert rules.key_visible(reveal, 3, 0, later, NOW, released=True)
        assert not rules.key_visible(reveal, 3, 0, later, NOW)


def test_released_answers_close_the_work_even_under_after_each_attempt():
    later = NOW + timedelta(days=1)
    assert rules.closed_by_key(Reveal.AFTER_ATTEMPT, True, later, NOW, released=True)
    assert not rules.closed_by_key(Reveal.AFTER_ATTEMPT, True, later, NOW)


def test_a_students_own_due_date_replaces_the_class_one():
    due, own = NOW, NOW + timedelta(days=2)
    assert rules.effective_due(due, own) == own
    assert rules.effective_due(due, None) == due
    assert rules.effective_due(None, own) == own


def test_extra_attempts_add_to_the_class_allowance():
    assert rules.allowed_attempts(2, 0) == 2
    assert rules.allowed_attempts(2, 3) == 5
    assert rules.allowed_attempts(2, -1) == 2
