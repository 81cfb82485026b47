"""What a teacher sees of a class: every student's standing on every assignment, in bulk.

The class report runs a fixed number of queries however large the class is; everything built
from it (dashboard lines, skill mastery, CSV tables) reads no more from the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, load_only

from app import analytics, grading
from app.assignment_rules import AttemptStatus
from app.lesson_vocabulary import SKILL_LABELS
from app.lessons import Lesson
from app.models import Assignment, Attempt, Classroom, Enrollment, User
from app.score_numbers import average_percent, points
from app.services.attempts import TOTALS
from app.services.class_cells import ALL, SKILLS, TOTALS_ONLY, StandingView, class_cells
from app.services.classrooms import class_students


@dataclass
class ClassReport:
    """Students by assignments: `views[(student_id, assignment_id)]` is one gradebook cell."""

    classroom: Classroom
    students: list[User]
    assignments: list[Assignment]
    load: str = ALL  # how much of each counted attempt was read (class_cells' loads)
    views: dict[tuple[int, int], StandingView] = field(default_factory=dict)

    def view(self, student: User, assignment: Assignment) -> StandingView:
        """One student's standing on one assignment."""
        return self.views[(student.id, assignment.id)]

    @cached_property
    def _averages(self) -> dict[int, int | None]:
        """Each student's average, worked out once for the row, the sort and the class."""
        ids = [a.id for a in self.assignments]
        views = self.views
        averages = {}
        for student_id in (s.id for s in self.students):
            best = (views[(student_id, a)].best_percent for a in ids)
            averages[student_id] = average_percent(p for p in best if p is not None)
        return averages

    def finished(self, assignment: Assignment) -> int:
        """How many students have handed the assignment in."""
        return sum(1 for s in self.students if self.view(s, assignment).best is not None)

    def average(self, student: User) -> int | None:
        """The student's mean best score over the assignments they handed in."""
        return self._averages[student.id]

    def pending(self, assignment: Assignment) -> int:
        """How many students' counted attempts have written answers still to mark."""
        return self._columns[assignment.id][1]

    def assignment_average(self, assignment: Assignment) -> int | None:
        """The class's mean counted score on one assignment, each over its marked points."""
        return self._columns[assignment.id][0]

    @cached_property
    def _columns(self) -> dict[int, tuple[int | None, int]]:
        """Per assignment, the class's average and how many counted attempts await a mark."""
        ids = [s.id for s in self.students]
        views = self.views
        columns = {}
        for assignment_id in (a.id for a in self.assignments):
            column = [views[(s, assignment_id)] for s in ids]
            best = (v.best_percent for v in column if v.best_percent is not None)
            pending = sum(1 for v in column if v.best is not None and v.best.pending_points > 0)
            columns[assignment_id] = (average_percent(best), pending)
        return columns

    def class_average(self) -> int | None:
        """The mean of the students' averages, among students who handed anything in."""
        return average_percent(a for a in self._averages.values() if a is not None)

    def results(self, assignment: Assignment, lesson: Lesson) -> list[analytics.StudentResult]:
        """The counted (best) attempt of every student who handed the assignment in."""
        results = []
        for student in self.students:
            best = self.view(student, assignment).best
            if best is not None:
                given = grading.question_responses(lesson.questions, best.answers)
                scored = best.scores
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

    `load` says how much of each attempt to read: ALL, or TOTALS_ONLY (only what a total and a
    status need). Touching a column that was left out raises. Decoding JSON columns nobody reads
    was most of a gradebook's cost.
    """
    if load not in (ALL, TOTALS_ONLY):
        raise ValueError(f"unknown load {load!r}: use ALL or TOTALS_ONLY")
    if not assignment_ids or not student_ids:
        return []
    query = (
        select(Attempt)
        .where(Attempt.assignment_id.in_(assignment_ids), Attempt.student_id.in_(student_ids))
        .order_by(Attempt.assignment_id, Attempt.student_id, Attempt.number)
    )
    if load == TOTALS_ONLY:
        query = query.options(load_only(*TOTALS, raiseload=True))
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

    Three queries (two with `only`), whatever the size of the class: the students, the
    assignments, and the stored standings with the students' own terms and, as `load` asks,
    the counted attempts' points per skill, scores and answers.
    """
    students = class_students(db, classroom)
    assignments = [only] if only is not None else live_assignments(db, classroom)
    report = ClassReport(classroom, students, assignments, load)
    if students:
        report.views = class_cells(db, classroom.id, assignments, now, load)
    return report


def awaiting_marking(db: Session, classroom: Classroom) -> list[Attempt]:
    """Handed-in attempts in the class with written answers still to mark, oldest first."""
    query = _awaiting_marking(select(Attempt), classroom).order_by(Attempt.submitted_at, Attempt.id)
    return list(db.scalars(query))


def count_awaiting_marking(db: Session, classroom: Classroom) -> int:
    """How many attempts `awaiting_marking` lists, counted by the database (nothing decoded)."""
    return db.scalar(_awaiting_marking(select(func.count(Attempt.id)), classroom)) or 0


def _awaiting_marking(query: Select, classroom: Classroom) -> Select:
    """`query` narrowed to the class's handed-in attempts that await a mark, on live assignments."""
    return (
        query.join(Assignment, Assignment.id == Attempt.assignment_id)
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
    )


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
    """Skill mastery for the class and for each student, over every counted attempt (no SQL).

    Added up from the points per skill each counted attempt stores (worked out whenever its
    scores are written), so no score is read or decoded here. Lessons that have left the library
    are left out. The report must have been made with load SKILLS or ALL: with TOTALS_ONLY there
    are no points to add, and it refuses.
    """
    if report.load not in (SKILLS, ALL):
        raise ValueError("skill mastery needs a class report made with load SKILLS or ALL")
    ids = [a.id for a in report.assignments if a.lesson_slug in library.lessons]
    views = report.views
    per_student = {}
    for student_id in (s.id for s in report.students):
        cells = (views[(student_id, a)].best for a in ids)
        per_student[student_id] = analytics.added_skill_points(
            best.skill_points for best in cells if best is not None
        )
    return analytics.combine(per_student.values()), per_student


def gradebook_table(report: ClassReport, library) -> tuple[list[str], Iterator[list]]:
    """The gradebook as CSV header and rows: per student, each assignment, average, skills.

    The rows are made as they are read, so a download can stream them.
    """
    header = ["student", "username"]
    for title in (lesson_title(library, a) for a in report.assignments):
        header += [f"{title} (best %)", f"{title} (status)"]
    header += ["average %"] + [f"{label} (mastery %)" for label in SKILL_LABELS.values()]
    return header, _gradebook_rows(report, library)


def _gradebook_rows(report: ClassReport, library) -> Iterator[list]:
    _, mastery = skill_mastery(report, library)
    for student in report.students:
        row = [student.display_name, student.username]
        for assignment in report.assignments:
            view = report.view(student, assignment)
            row += ["" if view.best_percent is None else view.best_percent, view.status]
        combined = mastery[student.id]
        average = report.average(student)
        row += ["" if average is None else average]
        row += [combined[s].percent if s in combined else "" for s in SKILL_LABELS]
        yield row


def responses_table(
    report: ClassReport, assignment: Assignment, lesson: Lesson
) -> tuple[list[str], Iterator[list]]:
    """Every student's answer to every question (best attempt) as CSV header and rows (lazy)."""
    header = ["student", "username", "attempt", "question", "type", "answer", "points", "max"]
    return header, _responses_rows(report, assignment, lesson)


def _responses_rows(report: ClassReport, assignment: Assignment, lesson: Lesson) -> Iterator[list]:
    for student in report.students:
        best = report.view(student, assignment).best
        if best is None:
            continue
        given = grading.question_responses(lesson.questions, best.answers)
        scored = grading.question_scores(lesson.questions, best.scores)
        for question in lesson.questions:
            score = scored[question.id]
            yield [
                student.display_name,
                student.username,
                best.number,
                question.id,
                question.type,
                describe_answer(given[question.id]),
                "" if score.needs_teacher else points(score.awarded),
                question.points,
            ]


def describe_answer(response) -> str:
    """A stored response as one readable cell."""
    if response.text:
        return response.text
    if response.placements:
        return "; ".join(f"{item}={category}" for item, category in response.placements)
    return " ".join(response.choices)
