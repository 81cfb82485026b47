"""Assignment rules: when answers are revealed, what a student's status is, when work closes.

Pure: no Flask or SQLAlchemy. Models build their CHECK constraints from these values, forms
their choices, services and templates their decisions and labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Reveal(StrEnum):
    """When a student may see the correct answers and explanations."""

    AFTER_ATTEMPT = "after_attempt"
    AFTER_LAST = "after_last"
    AFTER_DUE = "after_due"


class AttemptStatus(StrEnum):
    """Where one stored attempt stands: being worked on, or handed in."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Status(StrEnum):
    """A student's standing on an assignment, over all their attempts."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    LATE = "late"
    AWAITING_TEACHER = "awaiting_teacher"
    MISSING = "missing"


# How a teacher chooses the rule (in this order on the form).
REVEAL_CHOICES = {
    Reveal.AFTER_LAST: "After the last attempt or the due date",
    Reveal.AFTER_ATTEMPT: "After each attempt",
    Reveal.AFTER_DUE: "Only after the due date",
}
# How a student is told when the answers appear ("... appear <text>.").
REVEAL_TEXT = {
    Reveal.AFTER_ATTEMPT: "after each attempt",
    Reveal.AFTER_LAST: "after your last attempt or once the due date has passed",
    Reveal.AFTER_DUE: "once the due date has passed",
}
STATUS_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.IN_PROGRESS: "In progress",
    Status.SUBMITTED: "Submitted",
    Status.LATE: "Submitted late",
    Status.AWAITING_TEACHER: "Awaiting teacher",
    Status.MISSING: "Missing",
}
# The gradebook's status symbols, so the grid reads without colour (explained above the grid).
STATUS_MARKS = {
    Status.SUBMITTED: "✓",
    Status.LATE: "L",
    Status.IN_PROGRESS: "…",
    Status.AWAITING_TEACHER: "✎",
    Status.NOT_STARTED: "–",
    Status.MISSING: "!",
}


def is_past_due(due_at: datetime | None, now: datetime) -> bool:
    """Whether the due date has passed (an assignment without one is never past due)."""
    return due_at is not None and now > due_at


@dataclass(frozen=True)
class AttemptSummary:
    """What status and reveal rules need to know about one attempt."""

    submitted: bool
    late: bool
    awaiting_teacher: bool
    counted: bool = False  # the attempt whose score counts (the best one)


def status(attempts: list[AttemptSummary], due_at: datetime | None, now: datetime) -> Status:
    """The student's status on an assignment, as shown on their home page and the gradebook."""
    submitted = [a for a in attempts if a.submitted]
    if not submitted:
        if any(not a.submitted for a in attempts):
            return Status.IN_PROGRESS
        return Status.MISSING if is_past_due(due_at, now) else Status.NOT_STARTED
    if any(a.awaiting_teacher for a in submitted):
        return Status.AWAITING_TEACHER
    # The counted attempt decides: a late best score is late even after an on-time attempt.
    counted = [a for a in submitted if a.counted] or submitted
    return Status.LATE if all(a.late for a in counted) else Status.SUBMITTED


def effective_due(due_at: datetime | None, own_due_at: datetime | None) -> datetime | None:
    """A student's due date: their own later one when the teacher gave them one."""
    return own_due_at if own_due_at is not None else due_at


def allowed_attempts(max_attempts: int, extra_attempts: int) -> int:
    """How many attempts a student may hand in: the assignment's, plus any extra given to them."""
    return max_attempts + max(0, extra_attempts)


def key_visible(
    reveal: str,
    max_attempts: int,
    submitted_count: int,
    due_at: datetime | None,
    now: datetime,
    released: bool = False,
) -> bool:
    """Whether correct answers and explanations may be shown, under the assignment's rule.

    A teacher who releases the answers shows them to everyone at once, whatever the rule.
    """
    if released:
        return True
    past_due = is_past_due(due_at, now)
    if reveal == Reveal.AFTER_ATTEMPT:
        return submitted_count > 0
    if reveal == Reveal.AFTER_DUE:
        return past_due or (due_at is None and submitted_count >= max_attempts)
    return submitted_count >= max_attempts or (past_due and submitted_count > 0)


def closed_by_key(
    reveal: str, key_shown: bool, due_at: datetime | None, now: datetime, released: bool = False
) -> bool:
    """Whether the key being out for a student ends all their work on the assignment.

    Work handed in after the key could be seen would be copied from it. Only "after each
    attempt" shows the key between attempts on purpose, and only until the due date; answers
    the teacher released are out for the whole class, so they close it for everyone.
    """
    if not key_shown:
        return False
    return released or reveal != Reveal.AFTER_ATTEMPT or is_past_due(due_at, now)


class DueBadge(StrEnum):
    """A reminder beside work a student has not handed in yet."""

    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


DUE_BADGE_LABELS = {DueBadge.DUE_SOON: "Due soon", DueBadge.OVERDUE: "Overdue"}
DUE_SOON_DAYS = 2
# The standings in which the student has handed the work in (no reminder needed).
HANDED_IN = frozenset({Status.SUBMITTED, Status.LATE, Status.AWAITING_TEACHER})


def due_badge(standing: Status, due_at: datetime | None, now: datetime) -> DueBadge | None:
    """Overdue once the due date passed with nothing handed in; due soon within two days of it."""
    if due_at is None or standing in HANDED_IN:
        return None
    if is_past_due(due_at, now):
        return DueBadge.OVERDUE
    return DueBadge.DUE_SOON if due_at - now <= timedelta(days=DUE_SOON_DAYS) else None
