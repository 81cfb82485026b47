"""What a teacher sees of a class: every student's standing on every assignment, in bulk.

Each function runs a fixed number of queries however large the class is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer, load_only

from app import analytics, grading
from app.models import Assignment, Attempt, Classroom, Enrollment, User
from app.services.attempts import TOTALS, StudentView

# How much of each attempt a report reads (see attempts_for).
ALL, SCORES, TOTALS_ONLY = "all", "scores", "totals"


@dataclass
class ClassReport:
    """Students by assignments: `views[(student_id, assignment_id)]` is one gradebook cell."""

    classroom: Classroom
    students: list[User]
    assignments: list[Assignment]
    views: dict[tuple[int, int], StudentView] = field(default_factory=dict)

    def view(self, student: User, assignment: Assignment) -> StudentView:
        """One student's standing on one assignment."""
        return self.views[(student.id, assignment.id)]

    def finished(self, assignment: Assignment) -> int:
        """How many students have handed the assignment in."""
        return sum(1 for s in self.students if self.view(s, assignment).best is not None)


def class_students(db: Session, classroom: Classroom) -> list[User]:
    """The class's students, by display name."""
    query = (
        select(User)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id)
        .order_by(func.lower(User.display_name), User.id)
    )
    return list(db.scalars(query))


def live_assignments(db: Session, classroom: Classroom) -> list[Assignment]:
    """The class's assignments that are not withdrawn, soonest due first."""
    query = (
        select(Assignment)
        .where(Assignment.classroom_id == classroom.id, Assignment.withdrawn_at.is_(None))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    )
    return list(db.scalars(query))


def attempts_for(
    db: Session, assignment_ids: list[int], student_ids: list[int], *, load: str = ALL
) -> list[Attempt]:
    """Every attempt on these assignments by these students, in order.

    `load` says how much of each attempt to read: ALL; SCORES (everything but the raw answers,
    for skill mastery); or TOTALS (only what a total and a status need). Touching a column that
    was left out raises. Decoding JSON columns nobody reads was most of a gradebook's cost.
    """
    if load not in (ALL, SCORES, TOTALS_ONLY):
        raise ValueError(f"unknown load {load!r}: use ALL, SCORES or TOTALS_ONLY")
    if not assignment_ids or not student_ids:
        return []
    query = (
        select(Attempt)
        .where(Attempt.assignment_id.in_(assignment_ids), Attempt.student_id.in_(student_ids))
        .order_by(Attempt.assignment_id, Attempt.student_id, Attempt.number)
    )
    if load == TOTALS_ONLY:
        query = query.options(load_only(*TOTALS, raiseload=True))
    elif load == SCORES:
        query = query.options(defer(Attempt.answers, raiseload=True))
    return list(db.scalars(query))


def class_report(
    db: Session,
    classroom: Classroom,
    now: datetime,
    *,
    load: str = ALL,
    only: Assignment | None = None,
) -> ClassReport:
    """Every student's standing on every live assignment of the class, or on `only` that one.

    Three queries (two with `only`), whatever the size of the class.
    """
    students = class_students(db, classroom)
    assignments = [only] if only is not None else live_assignments(db, classroom)
    grouped: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    student_ids = [s.id for s in students]
    found = attempts_for(db, [a.id for a in assignments], student_ids, load=load)
    for attempt in found:
        grouped[(attempt.student_id, attempt.assignment_id)].append(attempt)
    report = ClassReport(classroom, students, assignments)
    for student in students:
        for assignment in assignments:
            key = (student.id, assignment.id)
            report.views[key] = StudentView(assignment, grouped[key], now)
    return report


def awaiting_marking(db: Session, classroom: Classroom) -> list[Attempt]:
    """Handed-in attempts in the class with written answers still to mark, oldest first."""
    query = (
        select(Attempt)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(
            Enrollment,
            (Enrollment.student_id == Attempt.student_id)
            & (Enrollment.classroom_id == Assignment.classroom_id),
        )
        .where(
            Assignment.classroom_id == classroom.id,
            Assignment.withdrawn_at.is_(None),
            Attempt.status == "submitted",
            Attempt.awaiting_teacher.is_(True),
        )
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    return list(db.scalars(query))


@dataclass(frozen=True)
class AssignmentSummary:
    """One line of the class dashboard."""

    assignment: Assignment
    title: str
    finished: int
    students: int
    average: int | None  # mean of best percentages among those who finished


def overview(report: ClassReport, library) -> list[AssignmentSummary]:
    """Per assignment: how many finished and their average best score, soonest due first."""
    rows = []
    for assignment in report.assignments:
        percents = [report.view(s, assignment).best_percent for s in report.students]
        done = [p for p in percents if p is not None]
        lesson = library.get(assignment.lesson_slug)
        rows.append(
            AssignmentSummary(
                assignment,
                lesson.title if lesson else assignment.lesson_slug,
                len(done),
                len(report.students),
                round(sum(done) / len(done)) if done else None,
            )
        )
    return rows


def skill_mastery(report: ClassReport, library) -> tuple[dict, dict[int, dict]]:
    """Skill mastery for the class and for each student, over every counted attempt (no SQL)."""
    per_student = {}
    for student in report.students:
        parts = []
        for assignment in report.assignments:
            best = report.view(student, assignment).best
            lesson = library.get(assignment.lesson_slug)
            if best is not None and lesson is not None:
                scored = grading.recorded_scores(best.scores)
                parts.append(analytics.student_mastery(lesson.questions, scored))
        per_student[student.id] = analytics.combine(parts)
    return analytics.combine(per_student.values()), per_student
