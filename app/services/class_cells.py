"""A class's gradebook cells read from the stored standings: one query, whatever the class size.

Each cell is a student's stored standing on an assignment, read against the due date (their own
when they have one) and now: the status comes from `assignment_rules.status`, so a student who
has not started becomes Missing the moment the due date passes, with nothing rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, Text, bindparam, cast, select
from sqlalchemy.orm import Session

from app import analytics, grading
from app import assignment_rules as rules
from app.assignment_rules import Status
from app.models import Assignment, AssignmentStanding, Attempt, Enrollment, StudentException
from app.questions import Response, Score

# Cells are named tuples: a class of 40 by 10 makes 400 of them per page, and a tuple is the
# cheapest immutable record to build.

# How much of each counted attempt a report reads besides its totals: its points per skill
# (SKILLS), or those with its scores and answers (ALL). Decoding JSON nobody reads is most of
# what a large report would otherwise cost.
ALL, SKILLS, TOTALS_ONLY = "all", "skills", "totals"
LOADS = (ALL, SKILLS, TOTALS_ONLY)

CELL_COLUMNS = (
    Enrollment.student_id,
    Assignment.id,
    AssignmentStanding.submitted_count,
    AssignmentStanding.has_open_attempt,
    AssignmentStanding.awaiting_teacher,
    AssignmentStanding.best_attempt_id,
    AssignmentStanding.best_number,
    AssignmentStanding.best_awarded_num,
    AssignmentStanding.best_awarded_den,
    AssignmentStanding.best_max_points,
    AssignmentStanding.best_pending_points,
    AssignmentStanding.best_is_late,
    AssignmentStanding.best_percent,
    StudentException.id,
    StudentException.due_at,
    StudentException.extra_attempts,
)


class OwnTerms(NamedTuple):
    """A student's own later due date and extra attempts, as a report shows them."""

    due_at: datetime | None
    extra_attempts: int


class BestAttempt(NamedTuple):
    """The counted attempt as a report reads it: its totals, and scores or answers if loaded."""

    id: int
    number: int
    awarded_num: int
    awarded_den: int
    max_points: int
    pending_points: int
    is_late: bool
    # Known points per skill (Attempt.skill_points, as analytics.stored_skill_points reads them).
    skill_points: analytics.SkillPoints | None = None
    scores: Mapping[str, Score] | None = None  # every usable stored score, by question id
    answers: Mapping[str, Response] | None = None  # every stored response, by question id

    @property
    def awarded(self) -> Fraction:
        """Points earned, exactly."""
        return Fraction(self.awarded_num, self.awarded_den)

    @property
    def marked_points(self) -> int:
        """Points whose score is known."""
        return self.max_points - self.pending_points


class StandingView(NamedTuple):
    """One gradebook cell: the counted attempt, its percentage, the status, own terms."""

    assignment: Assignment
    best: BestAttempt | None
    best_percent: int | None
    status: Status
    due_at: datetime | None
    exception: OwnTerms | None


def class_cells(
    db: Session, classroom_id: int, assignments: Sequence[Assignment], now: datetime, load: str
) -> dict[tuple[int, int], StandingView]:
    """Every member's standing on each assignment, by (student id, assignment id): one query.

    Members with no standing yet get an empty one. `load` adds the counted attempts' points per
    skill (SKILLS), or those and their scores and answers (ALL), read in the same query.
    """
    if load not in LOADS:
        raise ValueError(f"unknown load {load!r}: use ALL, SKILLS or TOTALS_ONLY")
    if not assignments:
        return {}
    by_id = {a.id: a for a in assignments}
    status_of = StandingStatuses(now)
    cells = {}
    # Plain rows from the connection: the ORM would add nothing but per-row work here.
    ids = {"classroom_id": classroom_id, "assignment_ids": list(by_id)}
    for row in db.connection().execute(_cells_query(load), ids):
        student_id, assignment_id, submitted, open_, awaiting, best_id, *best, percent = row[:13]
        assignment = by_id[assignment_id]
        exception = None if row[13] is None else OwnTerms(row[14], row[15])
        due_at = rules.effective_due(assignment.due_at, row[14])
        status = status_of(submitted, open_, awaiting, best_id, best[-1], due_at)
        counted = None
        if best_id is not None:
            # JSON columns come as the stored text, decoded once per text (the decoders keep
            # them): a class's attempts seldom change between one view of a report and the next.
            if load == ALL:
                skills = analytics.stored_skill_points(row[16])
                scores, answers = grading.stored_scores(row[17]), grading.stored_responses(row[18])
                counted = BestAttempt(best_id, *best, skills, scores, answers)
            elif load == SKILLS:
                counted = BestAttempt(best_id, *best, analytics.stored_skill_points(row[16]))
            else:
                counted = BestAttempt(best_id, *best)
        cells[(student_id, assignment_id)] = StandingView(
            assignment, counted, percent, status, due_at, exception
        )
    return cells


class StandingStatuses:
    """Statuses of stored standings at one moment, each set of facts worked out once.

    A class has few distinct sets of facts (handed in or not, late, awaiting a mark, open, the
    due date), so a report of hundreds of cells applies the rule a handful of times.
    """

    def __init__(self, now: datetime):
        self.now = now
        self.found: dict[tuple, Status] = {}

    def __call__(
        self, submitted, open_, awaiting, best_id, best_is_late, due_at: datetime | None
    ) -> Status:
        """The status of a standing with these stored facts (a late counted attempt only)."""
        late = bool(best_is_late) if best_id is not None else False
        facts = (bool(submitted), late, bool(awaiting), bool(open_), due_at)
        status = self.found.get(facts)
        if status is None:
            status = self.found[facts] = standing_status(facts, self.now)
        return status


def standing_status(facts: tuple, now: datetime) -> Status:
    """The status rule applied to a standing's stored facts: (handed in, counted one late,
    any awaiting a mark, one open, due date). One summary stands for the handed-in attempts.
    """
    submitted, late, awaiting, open_, due_at = facts
    summaries = []
    if submitted:
        summaries.append(rules.AttemptSummary(True, late, awaiting, counted=True))
    elif open_:
        summaries.append(rules.AttemptSummary(False, False, False))
    return rules.status(summaries, due_at, now)


@cache
def _cells_query(load: str) -> Select:
    """Members by assignments, each with its standing and own terms when there are any.

    Built once per load: only the class and assignment ids vary, as bound parameters.
    """
    same_cell = (AssignmentStanding.assignment_id == Assignment.id) & (
        AssignmentStanding.student_id == Enrollment.student_id
    )
    own_terms = (StudentException.assignment_id == Assignment.id) & (
        StudentException.student_id == Enrollment.student_id
    )
    columns = list(CELL_COLUMNS)
    if load != TOTALS_ONLY:
        columns.append(cast(AssignmentStanding.best_skill_points, Text))
    if load == ALL:
        columns += [cast(Attempt.scores, Text), cast(Attempt.answers, Text)]
    query = (
        select(*columns)
        .select_from(Enrollment)
        .join(Assignment, Assignment.classroom_id == Enrollment.classroom_id)
        .outerjoin(AssignmentStanding, same_cell)
        .outerjoin(StudentException, own_terms)
        .where(
            Enrollment.classroom_id == bindparam("classroom_id"),
            Assignment.id.in_(bindparam("assignment_ids", expanding=True)),
        )
    )
    if load != TOTALS_ONLY:
        query = query.outerjoin(Attempt, Attempt.id == AssignmentStanding.best_attempt_id)
    return query
