"""Standings: each student's standing on each assignment, kept in step with their attempts.

Every use case that changes a student's attempts calls `refresh` (handing one in, a teacher's
mark) or `started` (starting one) in its own transaction, so the stored standing can never
disagree with the attempts it was worked out from. Reports then read one row per gradebook
cell (`class_cells`) instead of every attempt. What depends on the clock (missing, late,
overdue) is not stored: `class_cells` works it out from the stored facts, the due date and now,
with the rules in `app.assignment_rules`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from functools import cache
from typing import Any, Protocol, TypeVar

from sqlalchemy import bindparam, delete, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.assignment_rules import AttemptStatus
from app.models import AssignmentStanding, Attempt
from app.score_numbers import percent

# What a standing is worked out from: every attempt's totals, never its answers or scores.
ATTEMPT_FACTS = (
    Attempt.id,
    Attempt.assignment_id,
    Attempt.student_id,
    Attempt.number,
    Attempt.status,
    Attempt.awarded_num,
    Attempt.awarded_den,
    Attempt.max_points,
    Attempt.pending_points,
    Attempt.awaiting_teacher,
    Attempt.is_late,
    Attempt.skill_points,
)
FACT_COLUMNS = (
    "attempt_count",
    "submitted_count",
    "has_open_attempt",
    "awaiting_teacher",
    "best_attempt_id",
    "best_number",
    "best_awarded_num",
    "best_awarded_den",
    "best_max_points",
    "best_pending_points",
    "best_is_late",
    "best_percent",
    "best_skill_points",
)
STANDING = AssignmentStanding.__table__.c


class Scored(Protocol):
    """What choosing the counted attempt needs of an attempt (an Attempt or a row of one)."""

    number: int
    awarded_num: int
    awarded_den: int
    max_points: int


T = TypeVar("T", bound=Scored)


def best_attempt(submitted: Sequence[T]) -> T | None:
    """The handed-in attempt that counts: the highest share of its points, the earliest on a tie."""
    if len(submitted) < 2:
        return submitted[0] if submitted else None
    return max(
        submitted,
        key=lambda a: (Fraction(a.awarded_num, a.awarded_den) / (a.max_points or 1), -a.number),
    )


def marked_percent(awarded_num: int, awarded_den: int, max_points: int, pending: int) -> int | None:
    """The share of the marked points earned, as Attempt.percent; None while none are marked."""
    marked = max_points - pending
    return percent(awarded_num, awarded_den * marked) if marked else None


def facts(attempts: Sequence[Any]) -> dict[str, Any]:
    """The standing's columns from one student's attempts on one assignment."""
    submitted = [a for a in attempts if a.status == AttemptStatus.SUBMITTED]
    best = best_attempt(submitted)
    values: dict[str, Any] = {
        "attempt_count": len(attempts),
        "submitted_count": len(submitted),
        "has_open_attempt": len(submitted) < len(attempts),
        "awaiting_teacher": any(a.awaiting_teacher for a in submitted),
        "best_attempt_id": None,
        "best_number": None,
        "best_awarded_num": 0,
        "best_awarded_den": 1,
        "best_max_points": 0,
        "best_pending_points": 0,
        "best_is_late": False,
        "best_percent": None,
        "best_skill_points": None,
    }
    if best is not None:
        values |= {
            "best_attempt_id": best.id,
            "best_number": best.number,
            "best_awarded_num": best.awarded_num,
            "best_awarded_den": best.awarded_den,
            "best_max_points": best.max_points,
            "best_pending_points": best.pending_points,
            "best_is_late": best.is_late,
            "best_percent": marked_percent(
                best.awarded_num, best.awarded_den, best.max_points, best.pending_points
            ),
            "best_skill_points": best.skill_points,
        }
    return values


def refresh(db: Session, assignment_id: int, student_id: int) -> None:
    """Work the student's standing out again from their attempts, in the caller's transaction.

    The attempts are read FOR UPDATE (PostgreSQL), so two transactions changing the same
    student's attempts write their standings one after the other, each from what the other
    committed; SQLite lets only one writer in at a time anyway.
    """
    keys = {"assignment_id": assignment_id, "student_id": student_id}
    values = facts(db.execute(_student_attempts(), keys).all())
    db.execute(_refreshed(_dialect_name(db)), keys | values)


def refresh_first(db: Session, attempt: Attempt) -> None:
    """The standing of a student whose only attempt is `attempt`, stored by this transaction.

    Nothing to read: the attempt was inserted as number 1 with none before it, and any other
    tab's attempt 1 would have been refused by the database, so the facts are this attempt's.
    """
    keys = {"assignment_id": attempt.assignment_id, "student_id": attempt.student_id}
    db.execute(_refreshed(_dialect_name(db)), keys | facts([attempt]))


@cache
def _student_attempts():
    """One student's attempts on one assignment, locked (PostgreSQL): built once per process."""
    return (
        select(*ATTEMPT_FACTS)
        .where(
            Attempt.assignment_id == bindparam("assignment_id"),
            Attempt.student_id == bindparam("student_id"),
        )
        .order_by(Attempt.number)
        .with_for_update()
    )


def started(db: Session, assignment_id: int, student_id: int) -> None:
    """Count an attempt the student has just started (one statement, no attempts read).

    Starting changes only two facts, so they are updated in place: the count, under the row's
    lock, and the open attempt the database allows just one of.
    """
    keys = {"assignment_id": assignment_id, "student_id": student_id}
    first = facts([]) | {"attempt_count": 1, "has_open_attempt": True}
    db.execute(_started(_dialect_name(db)), keys | first)


def _dialect_name(db: Session) -> str:
    return "postgresql" if db.get_bind().dialect.name == "postgresql" else "sqlite"


@cache
def _refreshed(dialect_name: str):
    """INSERT a standing, or on conflict set every fact: built once per dialect.

    Built afresh for each call, the statement's `excluded` columns and coerced values cost almost
    a fifth of a student's first submission; built once, each call only binds the row's values.
    """
    statement = _standing_insert(dialect_name)
    return statement.on_conflict_do_update(
        index_elements=["assignment_id", "student_id"],
        set_={name: statement.excluded[name] for name in FACT_COLUMNS},
    )


@cache
def _started(dialect_name: str):
    """INSERT a first standing, or on conflict count one more attempt: built once per dialect."""
    return _standing_insert(dialect_name).on_conflict_do_update(
        index_elements=["assignment_id", "student_id"],
        set_={"attempt_count": STANDING.attempt_count + 1, "has_open_attempt": True},
    )


def _standing_insert(dialect_name: str):
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(AssignmentStanding.__table__)


# A batch locks its students' attempts, open ones included, until it commits: a student
# autosaving meanwhile waits for it. 200 pairs keep that wait to a fraction of a second on a
# district (the upgrade drill's fill step measures it).
FILL_BATCH = 200


def fill_batches(db: Session, *, every: bool = False, batch: int = FILL_BATCH) -> Iterator[int]:
    """Work standings out from the attempts, a batch of students' assignments at a time.

    The (assignment, student) pairs that have attempts but no standing, or `every` such pair,
    each worked out as `refresh` does: its attempts locked, so a submission meanwhile waits for
    it or is seen by it, never overwritten. Yields how many pairs each batch refreshed; the
    caller commits after each, so no transaction holds more than a batch's locks. For an
    upgrade (migration 0006 makes the table empty) and for catching up on what an older
    release wrote.
    """
    after = (0, 0)
    pair = (Attempt.assignment_id, Attempt.student_id)
    while True:
        query = (
            select(*pair)
            .distinct()
            .where(tuple_(*pair) > tuple_(*after))
            .order_by(*pair)
            .limit(batch)
        )
        if not every:
            # The standings side is bounded by the same key: without it PostgreSQL merges
            # against every standing filled so far, and each batch takes longer than the last.
            query = query.outerjoin(
                AssignmentStanding,
                (AssignmentStanding.assignment_id == Attempt.assignment_id)
                & (AssignmentStanding.student_id == Attempt.student_id)
                & (
                    tuple_(AssignmentStanding.assignment_id, AssignmentStanding.student_id)
                    > tuple_(*after)
                ),
            ).where(AssignmentStanding.id.is_(None))
        rows = db.execute(query).all()
        if not rows:
            return
        _refresh_many(db, [tuple(row) for row in rows])
        after = tuple(rows[-1])
        yield len(rows)


def _refresh_many(db: Session, pairs: list[tuple[int, int]]) -> None:
    """`refresh` for many (assignment, student) pairs at once: one read, one write.

    The pairs' attempts are read FOR UPDATE (PostgreSQL) in one statement, so each pair's
    standing is worked out under the same lock `refresh` takes, and all are written together.
    """
    grouped: dict[tuple[int, int], list] = {pair: [] for pair in pairs}
    query = (
        select(*ATTEMPT_FACTS)
        .where(tuple_(Attempt.assignment_id, Attempt.student_id).in_(pairs))
        .order_by(Attempt.assignment_id, Attempt.student_id, Attempt.number)
        .with_for_update()
    )
    for row in db.execute(query):
        grouped[(row.assignment_id, row.student_id)].append(row)
    values = [
        {"assignment_id": a, "student_id": s, **facts(found)} for (a, s), found in grouped.items()
    ]
    db.execute(_refreshed(_dialect_name(db)), values)


def rebuild(connection, assignment_ids: Iterable[int] | None = None) -> int:
    """Work out afresh the standings on these assignments (all when None) from their attempts.

    For data written straight into the attempt table (bulk seeding); takes a Session or a
    Connection and returns how many standings it wrote.
    """
    query = select(*ATTEMPT_FACTS).order_by(
        Attempt.assignment_id, Attempt.student_id, Attempt.number
    )
    wipe = delete(AssignmentStanding.__table__)
    if assignment_ids is not None:
        ids = list(assignment_ids)
        query = query.where(Attempt.assignment_id.in_(ids))
        wipe = wipe.where(STANDING.assignment_id.in_(ids))
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    for row in connection.execute(query):
        grouped[(row.assignment_id, row.student_id)].append(row)
    connection.execute(wipe)
    rows = [
        {"assignment_id": a, "student_id": s, **facts(found)} for (a, s), found in grouped.items()
    ]
    for start in range(0, len(rows), 1000):
        connection.execute(insert(AssignmentStanding.__table__), rows[start : start + 1000])
    return len(rows)
