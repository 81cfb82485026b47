"""Assignments: setting a lesson for a class, and what each student has been set."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, select
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
    query = _student_work_queries()
    classrooms = db.scalars(query.classrooms, {"student_id": student.id}).all()
    in_classes = {"student_id": student.id, "classroom_ids": [c.id for c in classrooms]}
    rows = db.execute(query.assignments, in_classes).all()
    assignments = [assignment for assignment, _ in rows]
    exceptions = {assignment.id: exception for assignment, exception in rows}
    attempts = defaultdict(list)
    on_assignments = {"student_id": student.id, "assignment_ids": [a.id for a in assignments]}
    for attempt in db.scalars(query.attempts, on_assignments):
        attempts[attempt.assignment_id].append(attempt)
    by_class = defaultdict(list)
    for assignment in assignments:
        by_class[assignment.classroom_id].append(
            StudentView(assignment, attempts[assignment.id], now, exceptions[assignment.id])
        )
    return [ClassroomWork(c, by_class[c.id]) for c in classrooms]


@dataclass(frozen=True)
class _WorkQueries:
    """The statements behind a student's home page."""

    classrooms: Select
    assignments: Select
    attempts: Select


@cache
def _student_work_queries() -> _WorkQueries:
    """student_work's three statements, built once per process: only the ids vary."""
    student_id = bindparam("student_id")
    classrooms = (
        select(Classroom)
        .join(Enrollment, Enrollment.classroom_id == Classroom.id)
        .where(Enrollment.student_id == student_id)
        .options(joinedload(Classroom.teacher))
        .order_by(Classroom.archived_at.is_not(None), Classroom.name, Classroom.id)
    )
    # The student's own terms come with their assignments, so they cost no query.
    assignments = (
        select(Assignment, StudentException)
        .outerjoin(
            StudentException,
            (StudentException.assignment_id == Assignment.id)
            & (StudentException.student_id == student_id),
        )
        .where(
            Assignment.classroom_id.in_(bindparam("classroom_ids", expanding=True)),
            Assignment.withdrawn_at.is_(None),
        )
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    )
    attempts = (
        select(Attempt)
        .where(
            Attempt.student_id == student_id,
            Attempt.assignment_id.in_(bindparam("assignment_ids", expanding=True)),
        )
        .options(load_only(*TOTALS, raiseload=True))
        .order_by(Attempt.number)
    )
    return _WorkQueries(classrooms, assignments, attempts)


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
