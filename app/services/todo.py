"""What needs a teacher today, across all their active classes, in a fixed number of queries.

Three queries however many classes and students: written answers waiting for a mark per class,
the assignments due soon or recently past due, and per assignment how many students have handed
it in or started it (GROUP BY over the stored standings, so no attempt rows are loaded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app.assignment_rules import AttemptStatus, Status, status
from app.models import Assignment, AssignmentStanding, Attempt, Classroom, Enrollment
from app.services.reports import lesson_title

# "Due in the next days" on the dashboard, and how far back missing work is listed.
DUE_WINDOW_DAYS = 7
MISSING_WINDOW_DAYS = 14


@dataclass(frozen=True)
class MarkingLine:
    """A class with handed-in attempts whose written answers wait for a mark."""

    classroom: Classroom
    waiting: int


@dataclass(frozen=True)
class AssignmentLine:
    """One assignment on the to-do list, with its class's counts."""

    assignment: Assignment
    classroom: Classroom
    title: str
    students: int
    finished: int  # students who handed it in at least once
    missing: int  # students whose status is Missing (past due, nothing started)


@dataclass
class TeacherTodo:
    """The dashboard's to-do list."""

    marking: list[MarkingLine] = field(default_factory=list)
    due_soon: list[AssignmentLine] = field(default_factory=list)
    missing: list[AssignmentLine] = field(default_factory=list)

    @property
    def to_mark(self) -> int:
        """Handed-in attempts waiting for a mark, over all classes."""
        return sum(line.waiting for line in self.marking)

    @property
    def is_empty(self) -> bool:
        """Whether nothing needs the teacher."""
        return not (self.marking or self.due_soon or self.missing)


def teacher_todo(
    db: Session, rows: list[tuple[Classroom, int]], library, now: datetime
) -> TeacherTodo:
    """The to-do list over the teacher's active classes (`rows` as teacher_classrooms gives)."""
    active = {c.id: (c, n) for c, n in rows if not c.is_archived}
    if not active:
        return TeacherTodo()
    waiting = _waiting_per_class(db, list(active))
    todo = TeacherTodo(
        marking=[MarkingLine(active[cid][0], n) for cid, n in waiting.items() if n],
    )
    assignments = _assignments_in_window(db, list(active), now)
    counts = _counts_per_assignment(db, [a.id for a in assignments])
    for assignment in assignments:
        classroom, students = active[assignment.classroom_id]
        finished, started = counts.get(assignment.id, (0, 0))
        # A student with no attempt at all is Missing or Not started by the status rules.
        nobody_status = status([], assignment.due_at, now)
        missing = students - started if nobody_status == Status.MISSING else 0
        line = AssignmentLine(
            assignment,
            classroom,
            lesson_title(library, assignment),
            students,
            finished,
            missing,
        )
        if nobody_status == Status.MISSING:
            if missing:
                todo.missing.append(line)
        else:
            todo.due_soon.append(line)
    todo.missing.reverse()  # most recently due first
    return todo


def _waiting_per_class(db: Session, classroom_ids: list[int]) -> dict[int, int]:
    """Per class, handed-in attempts of current members with written answers still to mark."""
    query = (
        select(Assignment.classroom_id, func.count(Attempt.id))
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(
            Enrollment,
            and_(
                Enrollment.student_id == Attempt.student_id,
                Enrollment.classroom_id == Assignment.classroom_id,
            ),
        )
        .where(
            Assignment.classroom_id.in_(classroom_ids),
            Assignment.withdrawn_at.is_(None),
            Attempt.status == AttemptStatus.SUBMITTED,
            Attempt.awaiting_teacher.is_(True),
        )
        .group_by(Assignment.classroom_id)
    )
    found = {cid: n for cid, n in db.execute(query)}
    return {cid: found[cid] for cid in classroom_ids if cid in found}


def _assignments_in_window(db: Session, classroom_ids: list[int], now: datetime):
    """Live assignments due in the next days or past due in the last days, soonest due first."""
    query = (
        select(Assignment)
        .where(
            Assignment.classroom_id.in_(classroom_ids),
            Assignment.withdrawn_at.is_(None),
            Assignment.due_at.is_not(None),
            Assignment.due_at >= now - timedelta(days=MISSING_WINDOW_DAYS),
            Assignment.due_at <= now + timedelta(days=DUE_WINDOW_DAYS),
        )
        .order_by(Assignment.due_at, Assignment.id)
    )
    return list(db.scalars(query))


def _counts_per_assignment(db: Session, assignment_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per assignment, (members who handed it in, members with any attempt), from standings."""
    if not assignment_ids:
        return {}
    standing = AssignmentStanding
    query = (
        select(
            standing.assignment_id,
            func.count(case((standing.submitted_count > 0, 1))),
            func.count(case((standing.attempt_count > 0, 1))),
        )
        .join(Assignment, Assignment.id == standing.assignment_id)
        .join(
            Enrollment,
            and_(
                Enrollment.student_id == standing.student_id,
                Enrollment.classroom_id == Assignment.classroom_id,
            ),
        )
        .where(standing.assignment_id.in_(assignment_ids))
        .group_by(standing.assignment_id)
    )
    return {aid: (finished, started) for aid, finished, started in db.execute(query)}
