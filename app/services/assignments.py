"""Assignments: setting a lesson for a class, and what each student has been set."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, load_only

from app.assignment_rules import DueBadge, Reveal, Status
from app.models import Assignment, Attempt, Classroom, Enrollment, StudentException, User
from app.services.attempts import TOTALS, StudentView


def create_assignment(
    db: Session,
    classroom: Classroom,
    lesson_slug: str,
    *,
    due_at: datetime | None = None,
    max_attempts: int = 2,
    reveal: str = Reveal.AFTER_LAST,
    accept_late: bool = True,
) -> Assignment:
    """Set a lesson for a class."""
    assignment = Assignment(
        classroom_id=classroom.id,
        lesson_slug=lesson_slug,
        due_at=due_at,
        max_attempts=max_attempts,
        reveal=reveal,
        accept_late=accept_late,
    )
    db.add(assignment)
    db.flush()
    return assignment


@dataclass(frozen=True)
class ClassroomWork:
    """A class of the student's with its live assignments and the student's standing on each."""

    classroom: Classroom
    views: list[StudentView]


def student_work(db: Session, student: User, now: datetime) -> list[ClassroomWork]:
    """Every class of the student with its assignments, soonest due first (three queries).

    Sorted by the class's due date; a student's own later date shows on the row.
    """
    classrooms = db.scalars(
        select(Classroom)
        .join(Enrollment, Enrollment.classroom_id == Classroom.id)
        .where(Enrollment.student_id == student.id)
        .options(joinedload(Classroom.teacher))
        .order_by(Classroom.archived_at.is_not(None), Classroom.name, Classroom.id)
    ).all()
    ids = [c.id for c in classrooms]
    # The student's own terms come with their assignments, so they cost no query.
    rows = db.execute(
        select(Assignment, StudentException)
        .outerjoin(
            StudentException,
            (StudentException.assignment_id == Assignment.id)
            & (StudentException.student_id == student.id),
        )
        .where(Assignment.classroom_id.in_(ids), Assignment.withdrawn_at.is_(None))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    ).all()
    assignments = [assignment for assignment, _ in rows]
    exceptions = {assignment.id: exception for assignment, exception in rows}
    attempts = defaultdict(list)
    for attempt in db.scalars(
        select(Attempt)
        .where(
            Attempt.student_id == student.id, Attempt.assignment_id.in_([a.id for a in assignments])
        )
        .options(load_only(*TOTALS, raiseload=True))
        .order_by(Attempt.number)
    ):
        attempts[attempt.assignment_id].append(attempt)
    by_class = defaultdict(list)
    for assignment in assignments:
        by_class[assignment.classroom_id].append(
            StudentView(assignment, attempts[assignment.id], now, exceptions[assignment.id])
        )
    return [ClassroomWork(c, by_class[c.id]) for c in classrooms]


@dataclass(frozen=True)
class WorkSummary:
    """How the student's work in their open classes stands, counted for the top of home."""

    overdue: int
    due_soon: int
    in_progress: int
    awaiting_teacher: int
    finished: int


def work_summary(work: list[ClassroomWork]) -> WorkSummary:
    """Count the student's assignments in classes that are not archived (no SQL)."""
    views = [v for item in work if not item.classroom.is_archived for v in item.views]
    badges = [v.due_badge for v in views]
    statuses = [v.status for v in views]
    return WorkSummary(
        overdue=badges.count(DueBadge.OVERDUE),
        due_soon=badges.count(DueBadge.DUE_SOON),
        in_progress=statuses.count(Status.IN_PROGRESS),
        awaiting_teacher=statuses.count(Status.AWAITING_TEACHER),
        finished=statuses.count(Status.SUBMITTED) + statuses.count(Status.LATE),
    )
