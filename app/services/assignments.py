"""Assignments: setting a lesson for a class, and what each student has been set."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import Session

from app import assignment_rules as rules
from app.assignment_rules import DueBadge, Reveal, Status
from app.models import (
    Assignment,
    AssignmentStanding,
    CheckIn,
    Classroom,
    Enrollment,
    StudentException,
    User,
)
from app.services.class_cells import StandingStatuses


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


class HomeRow(NamedTuple):
    """One assignment on a student's home page, from their stored standing (no attempts read)."""

    assignment_id: int
    lesson_slug: str
    due_at: datetime | None  # the student's own date when the teacher gave them a later one
    status: Status
    due_badge: DueBadge | None  # none once the class is archived
    has_best: bool  # whether an attempt was handed in
    best_percent: int | None  # the counted attempt's, over its marked points; None: all pending


class HomeClass(NamedTuple):
    """A class of the student's as their home page shows it (plain values, no entity)."""

    id: int
    name: str
    teacher_name: str
    is_archived: bool
    has_check_ins: bool  # whether its teacher has set a check-in, so the page reads them


@dataclass(frozen=True)
class ClassroomWork:
    """A class of the student's with its live assignments and the student's standing on each."""

    classroom: HomeClass
    views: list[HomeRow]


def student_work(db: Session, student: User, now: datetime) -> list[ClassroomWork]:
    """Every class of the student with its assignments, soonest due first (two statements).

    Each row is read from the student's stored standing with their own terms, as plain values;
    sorted by the class's due date, a student's own later date shows on the row.
    """
    query = _student_work_queries()
    connection = db.connection()
    classrooms = [
        HomeClass(id_, name, teacher, bool(archived), bool(check_ins))
        for id_, name, teacher, archived, check_ins in connection.execute(
            query.classrooms, {"student_id": student.id}
        )
    ]
    if not classrooms:
        return []
    archived = {c.id for c in classrooms if c.is_archived}
    in_classes = {"student_id": student.id, "classroom_ids": [c.id for c in classrooms]}
    by_class = defaultdict(list)
    status_of = StandingStatuses(now)
    for row in connection.execute(query.rows, in_classes):
        assignment_id, classroom_id, slug, class_due, own_due, *standing = row
        submitted, open_, awaiting, best_id, best_late, percent = standing
        due_at = rules.effective_due(class_due, own_due)
        status = status_of(submitted, open_, awaiting, best_id, best_late, due_at)
        badge = None if classroom_id in archived else rules.due_badge(status, due_at, now)
        by_class[classroom_id].append(
            HomeRow(assignment_id, slug, due_at, status, badge, best_id is not None, percent)
        )
    return [ClassroomWork(c, by_class[c.id]) for c in classrooms]


@dataclass(frozen=True)
class _WorkQueries:
    """The statements behind a student's home page."""

    classrooms: Select
    rows: Select


@cache
def _student_work_queries() -> _WorkQueries:
    """student_work's two statements, built once per process: only the ids vary."""
    student_id = bindparam("student_id")
    archived = Classroom.archived_at.is_not(None)
    classrooms = (
        select(
            Classroom.id,
            Classroom.name,
            User.display_name,
            archived,
            exists().where(CheckIn.classroom_id == Classroom.id),
        )
        .join(Enrollment, Enrollment.classroom_id == Classroom.id)
        .join(User, User.id == Classroom.teacher_id)
        .where(Enrollment.student_id == student_id)
        .order_by(archived, Classroom.name, Classroom.id)
    )
    # The student's own terms and standing come with each assignment: one row each.
    rows = (
        select(
            Assignment.id,
            Assignment.classroom_id,
            Assignment.lesson_slug,
            Assignment.due_at,
            StudentException.due_at,
            AssignmentStanding.submitted_count,
            AssignmentStanding.has_open_attempt,
            AssignmentStanding.awaiting_teacher,
            AssignmentStanding.best_attempt_id,
            AssignmentStanding.best_is_late,
            AssignmentStanding.best_percent,
        )
        .outerjoin(
            StudentException,
            (StudentException.assignment_id == Assignment.id)
            & (StudentException.student_id == student_id),
        )
        .outerjoin(
            AssignmentStanding,
            (AssignmentStanding.assignment_id == Assignment.id)
            & (AssignmentStanding.student_id == student_id),
        )
        .where(
            Assignment.classroom_id.in_(bindparam("classroom_ids", expanding=True)),
            Assignment.withdrawn_at.is_(None),
        )
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    )
    return _WorkQueries(classrooms, rows)


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
