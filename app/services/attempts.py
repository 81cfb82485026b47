"""Students' attempts: finding their assignments, saving answers, submitting exactly once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, contains_eager

from app import analytics, grading
from app import assignment_rules as rules
from app.assignment_rules import AttemptStatus, Status
from app.lessons import Lesson
from app.models import Assignment, Attempt, Enrollment, StudentException, User
from app.questions import Response
from app.services import attempt_rows, standings

# What a total or a status needs of an attempt (no answers, no dates): for pages that list many.
TOTALS = (
    Attempt.assignment_id,
    Attempt.student_id,
    Attempt.number,
    Attempt.status,
    Attempt.awarded_num,
    Attempt.awarded_den,
    Attempt.max_points,
    Attempt.awaiting_teacher,
    Attempt.pending_points,
    Attempt.is_late,
)


# Said wherever archived work is refused, so the page, the flash and autosave agree.
CLASS_ARCHIVED = (
    "This class is archived, so its work is closed: you can read the lesson and your results, "
    "but not start, save or hand in answers. Answers you already saved are kept."
)
CLOSED_BY_TEACHER = (
    "Your teacher has closed this assignment, so it takes no new work for now. "
    "Answers you already saved are kept."
)


class SubmitRefused(ValueError):
    """A submission the assignment does not accept; the message is for the student."""


@dataclass(frozen=True)
class StudentView:
    """One student's standing on one assignment (each answer worked out once, then kept)."""

    assignment: Assignment
    attempts: list[Attempt]
    now: datetime
    exception: StudentException | None = None

    @cached_property
    def due_at(self) -> datetime | None:
        """This student's due date: their own when the teacher gave them a later one."""
        own = self.exception.due_at if self.exception is not None else None
        return rules.effective_due(self.assignment.due_at, own)

    @cached_property
    def max_attempts(self) -> int:
        """How many attempts this student may hand in, counting any extra they were given."""
        extra = self.exception.extra_attempts if self.exception is not None else 0
        return rules.allowed_attempts(self.assignment.max_attempts, extra)

    @cached_property
    def is_past_due(self) -> bool:
        """Whether this student's due date has passed."""
        return rules.is_past_due(self.due_at, self.now)

    @cached_property
    def open_attempt(self) -> Attempt | None:
        """The attempt being worked on, if any."""
        return next((a for a in self.attempts if not a.is_submitted), None)

    @cached_property
    def submitted(self) -> list[Attempt]:
        """Handed-in attempts, first to last."""
        return [a for a in self.attempts if a.is_submitted]

    @cached_property
    def best(self) -> Attempt | None:
        """The submitted attempt that counts: the highest score, the earliest on a tie."""
        return standings.best_attempt(self.submitted)

    @cached_property
    def best_percent(self) -> int | None:
        """The counted attempt's percentage over its marked points; None before any is marked."""
        if self.best is None or not self.best.marked_points:
            return None
        return self.best.percent

    @cached_property
    def status(self) -> Status:
        """The student's standing on the assignment (see assignment_rules.status)."""
        summaries = [
            rules.AttemptSummary(
                a.is_submitted, a.is_late, a.awaiting_teacher, counted=a is self.best
            )
            for a in self.attempts
        ]
        return rules.status(summaries, self.due_at, self.now)

    @cached_property
    def due_badge(self) -> rules.DueBadge | None:
        """Due soon or Overdue for work not handed in, none once the class is archived."""
        if self.assignment.classroom.is_archived:
            return None
        return rules.due_badge(self.status, self.due_at, self.now)

    @cached_property
    def key_visible(self) -> bool:
        """Whether correct answers and explanations may be shown now."""
        return rules.key_visible(
            self.assignment.reveal,
            self.max_attempts,
            len(self.submitted),
            self.due_at,
            self.now,
            released=self.assignment.released_at is not None,
        )

    @cached_property
    def attempts_left(self) -> int:
        """How many more attempts may be submitted."""
        return max(0, self.max_attempts - len(self.submitted))

    @cached_property
    def is_closed(self) -> bool:
        """Whether the class is archived, which freezes its work (read-only until restored)."""
        return self.assignment.classroom.is_archived

    @cached_property
    def closed_by_reveal(self) -> bool:
        """Whether the key is out for this student, which ends all work on the assignment."""
        return rules.closed_by_key(
            self.assignment.reveal,
            self.key_visible,
            self.due_at,
            self.now,
            released=self.assignment.released_at is not None,
        )

    @cached_property
    def closed_reason(self) -> str | None:
        """Why no work may be handed in now, in the student's words; None while it may."""
        if self.is_closed:
            return CLASS_ARCHIVED
        if self.assignment.closed_at is not None:
            return CLOSED_BY_TEACHER
        if self.attempts_left == 0:
            return "You have used all your attempts."
        if self.closed_by_reveal:
            return "The answers for this assignment are now shown, so it is closed for new work."
        return None

    @cached_property
    def can_work(self) -> bool:
        """Whether the student may answer now (an attempt is open or another may start)."""
        return self.closed_reason is None


@cache
def _student_view_query() -> Select:
    """find_student_view's statement, built once per process: only the two ids vary."""
    student_id = bindparam("student_id")
    return (
        select(Assignment, Attempt, StudentException)
        .join(
            Enrollment,
            (Enrollment.classroom_id == Assignment.classroom_id)
            & (Enrollment.student_id == student_id),
        )
        .join(Assignment.classroom)
        .outerjoin(
            Attempt,
            (Attempt.assignment_id == Assignment.id) & (Attempt.student_id == student_id),
        )
        .outerjoin(
            StudentException,
            (StudentException.assignment_id == Assignment.id)
            & (StudentException.student_id == student_id),
        )
        .options(contains_eager(Assignment.classroom))
        .where(Assignment.id == bindparam("assignment_id"), Assignment.withdrawn_at.is_(None))
        .order_by(Attempt.number)
    )


def find_student_view(
    db: Session, assignment_id: int, student: User, now: datetime
) -> StudentView | None:
    """The student's view of a live assignment in one of their classes, in one query.

    The assignment comes with its class and the student's attempts, in order; None when the
    assignment is withdrawn, missing, or in a class the student is not in.
    """
    ids = {"assignment_id": assignment_id, "student_id": student.id}
    rows = db.execute(_student_view_query(), ids).all()
    if not rows:
        return None
    attempts = [attempt for _, attempt, _ in rows if attempt is not None]
    return StudentView(rows[0][0], attempts, now, rows[0][2])


def student_view(
    db: Session,
    assignment: Assignment,
    student: User,
    now: datetime,
    exception: StudentException | None = None,
) -> StudentView:
    """The student's attempts on the assignment, in order (under `exception`, if they have one)."""
    query = (
        select(Attempt)
        .where(Attempt.assignment_id == assignment.id, Attempt.student_id == student.id)
        .order_by(Attempt.number)
    )
    return StudentView(assignment, list(db.scalars(query)), now, exception)


def attempt_for_form(
    view: StudentView, student: User, lesson: Lesson, number: int
) -> Attempt | None:
    """The attempt a quiz form was shown for: attempt `number`, or a new one if it is the next.

    The number comes from the page, so a double click, a stale tab or the back button finds
    the attempt it meant (perhaps already handed in) instead of starting another. A new attempt
    is not stored here: the first save or the submission inserts it already holding its answers.
    """
    existing = next((a for a in view.attempts if a.number == number), None)
    if existing is not None:
        return existing
    if number != len(view.attempts) + 1 or view.open_attempt is not None or not view.can_work:
        return None
    return Attempt(
        assignment_id=view.assignment.id,
        student_id=student.id,
        number=number,
        status=AttemptStatus.IN_PROGRESS,
        lesson_version=lesson.version,
        max_points=lesson.total_points,
        answers={},
        scores={},
        started_at=view.now,
        saved_at=view.now,
    )


def next_number(view: StudentView) -> int:
    """The attempt number a quiz form should carry: the open attempt's, or the next one."""
    return view.open_attempt.number if view.open_attempt else len(view.attempts) + 1


def read_answers(lesson: Lesson, form: Mapping[str, Any]) -> dict[str, Response]:
    """The answered questions of a submitted form, by question id; unknown parts dropped."""
    answers = {}
    for question in lesson.questions:
        response = question.read_response(form)
        if question.is_answered(response):
            answers[question.id] = response
    return answers


def store_answers(
    db: Session, view: StudentView, attempt: Attempt, answers: Mapping[str, Response]
) -> bool:
    """Save answers into the attempt if it is still open; False once handed in or closed."""
    if view.closed_reason is not None:
        return False
    new = attempt.id is None
    saved = attempt_rows.write(
        db, attempt, {"answers": grading.answers_json(answers), "saved_at": view.now}
    )
    if new and attempt.id is not None:  # this save stored the attempt: it is started now
        standings.started(db, view.assignment.id, attempt.student_id)
    # Saving into an attempt already stored changes no fact a standing holds: nothing to write.
    return saved


def submit(
    db: Session,
    view: StudentView,
    attempt: Attempt,
    lesson: Lesson,
    answers: Mapping[str, Response],
) -> bool:
    """Score and hand in the attempt once, with the student's standing; False if already in."""
    if view.closed_reason is not None:
        raise SubmitRefused(view.closed_reason)
    late = view.is_past_due
    if late and not view.assignment.accept_late:
        raise SubmitRefused(
            "The due date has passed and this assignment does not accept late work. "
            "Your answers are saved; talk to your teacher."
        )
    result = grading.grade(lesson.questions, answers)
    awarded = result.awarded  # a sum over every score: worked out once
    handed_in = {
        "status": AttemptStatus.SUBMITTED,
        "answers": grading.answers_json(answers),
        "scores": result.scores_json(),
        "skill_points": analytics.skill_points_json(lesson.questions, result.scores),
        "skill_points_version": lesson.version,
        "awarded_num": awarded.numerator,
        "awarded_den": awarded.denominator,
        "max_points": result.points,
        "awaiting_teacher": result.awaiting_teacher,
        "pending_points": result.pending_points,
        "lesson_version": lesson.version,
        "is_late": late,
        "submitted_at": view.now,
        "saved_at": view.now,
    }
    new = attempt.id is None
    if not attempt_rows.write(db, attempt, handed_in):
        return False
    if new and attempt.id is not None and not view.attempts:
        standings.refresh_first(db, attempt)  # inserted as the student's first: nothing to read
    else:
        standings.refresh(db, attempt.assignment_id, attempt.student_id)
    return True
