"""What a teacher sees of a class: every student's standing on every assignment, in bulk.

The class report runs a fixed number of queries however large the class is; everything built
from it (dashboard lines, skill mastery, CSV tables) reads no more from the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, load_only

from app import analytics, grading
from app.assignment_rules import AttemptStatus
from app.lesson_vocabulary import SKILL_LABELS
from app.lessons import Lesson
from app.models import Assignment, Attempt, Classroom, Enrollment, StudentException, User
from app.score_numbers import average_percent, points
from app.services.attempts import TOTALS, StudentView
from app.services.classrooms import class_students

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

    def average(self, student: User) -> int | None:
        """The student's mean best score over the assignments they handed in."""
        best = (self.view(student, a).best_percent for a in self.assignments)
        return average_percent(p for p in best if p is not None)

    def pending(self, assignment: Assignment) -> int:
        """How many students' counted attempts have written answers still to mark."""
        views = (self.view(s, assignment) for s in self.students)
        return sum(1 for v in views if v.best is not None and v.best.pending_points > 0)

    def assignment_average(self, assignment: Assignment) -> int | None:
        """The class's mean counted score on one assignment, each over its marked points."""
        best = (self.view(s, assignment).best_percent for s in self.students)
        return average_percent(p for p in best if p is not None)

    def class_average(self) -> int | None:
        """The mean of the students' averages, among students who handed anything in."""
        return average_percent(a for a in map(self.average, self.students) if a is not None)

    def results(self, assignment: Assignment, lesson: Lesson) -> list[analytics.StudentResult]:
        """The counted (best) attempt of every student who handed the assignment in."""
        results = []
        for student in self.students:
            best = self.view(student, assignment).best
            if best is not None:
                given = grading.responses(lesson.questions, best.answers)
                scored = grading.recorded_scores(best.scores)
                results.append(analytics.StudentResult(student.id, best.awarded, given, scored))
        return results


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


def exceptions_for(
    db: Session, assignment_ids: list[int], student_ids: list[int]
) -> dict[tuple[int, int], StudentException]:
    """The students' own terms on these assignments, by (student id, assignment id)."""
    if not assignment_ids or not student_ids:
        return {}
    query = select(StudentException).where(
        StudentException.assignment_id.in_(assignment_ids),
        StudentException.student_id.in_(student_ids),
    )
    return {(e.student_id, e.assignment_id): e for e in db.scalars(query)}


def class_report(
    db: Session,
    classroom: Classroom,
    now: datetime,
    *,
    load: str = ALL,
    only: Assignment | None = None,
) -> ClassReport:
    """Every student's standing on every live assignment of the class, or on `only` that one.

    Four queries (three with `only`), whatever the size of the class.
    """
    students = class_students(db, classroom)
    assignments = [only] if only is not None else live_assignments(db, classroom)
    grouped: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    student_ids = [s.id for s in students]
    found = attempts_for(db, [a.id for a in assignments], student_ids, load=load)
    exceptions = exceptions_for(db, [a.id for a in assignments], student_ids)
    for attempt in found:
        grouped[(attempt.student_id, attempt.assignment_id)].append(attempt)
    report = ClassReport(classroom, students, assignments)
    for student in students:
        for assignment in assignments:
            key = (student.id, assignment.id)
            report.views[key] = StudentView(assignment, grouped[key], now, exceptions.get(key))
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
            Attempt.status == AttemptStatus.SUBMITTED,
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
    pending: int = 0  # students among them whose written answers await a mark


def lesson_title(library, assignment: Assignment) -> str:
    """The assignment's lesson title, or its slug once the lesson has left the library."""
    lesson = library.get(assignment.lesson_slug)
    return lesson.title if lesson else assignment.lesson_slug


def overview(report: ClassReport, library) -> list[AssignmentSummary]:
    """Per assignment: how many finished and their average best score, soonest due first."""
    rows = []
    for assignment in report.assignments:
        percents = [report.view(s, assignment).best_percent for s in report.students]
        done = [p for p in percents if p is not None]
        rows.append(
            AssignmentSummary(
                assignment,
                lesson_title(library, assignment),
                len(done),
                len(report.students),
                average_percent(done),
                report.pending(assignment),
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


def gradebook_table(report: ClassReport, library) -> tuple[list[str], list[list]]:
    """The gradebook as CSV header and rows: per student, each assignment, average, skills."""
    header = ["student", "username"]
    for title in (lesson_title(library, a) for a in report.assignments):
        header += [f"{title} (best %)", f"{title} (status)"]
    header += ["average %"] + [f"{label} (mastery %)" for label in SKILL_LABELS.values()]
    _, mastery = skill_mastery(report, library)
    rows = []
    for student in report.students:
        row = [student.display_name, student.username]
        for assignment in report.assignments:
            view = report.view(student, assignment)
            row += ["" if view.best_percent is None else view.best_percent, view.status]
        combined = mastery[student.id]
        average = report.average(student)
        row += ["" if average is None else average]
        row += [combined[s].percent if s in combined else "" for s in SKILL_LABELS]
        rows.append(row)
    return header, rows


def responses_table(
    report: ClassReport, assignment: Assignment, lesson: Lesson
) -> tuple[list[str], list[list]]:
    """Every student's answer to every question (best attempt) as CSV header and rows."""
    header = ["student", "username", "attempt", "question", "type", "answer", "points", "max"]
    rows = []
    for student in report.students:
        best = report.view(student, assignment).best
        if best is None:
            continue
        given = grading.responses(lesson.questions, best.answers)
        scored = grading.scores(lesson.questions, best.scores)
        for question in lesson.questions:
            score = scored[question.id]
            rows.append(
                [
                    student.display_name,
                    student.username,
                    best.number,
                    question.id,
                    question.type,
                    describe_answer(given[question.id]),
                    "" if score.needs_teacher else points(score.awarded),
                    question.points,
                ]
            )
    return header, rows


def describe_answer(response) -> str:
    """A stored response as one readable cell."""
    if response.text:
        return response.text
    if response.placements:
        return "; ".join(f"{item}={category}" for item, category in response.placements)
    return " ".join(response.choices)
