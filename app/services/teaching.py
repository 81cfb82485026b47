"""Assignments from the teacher's side: edit, withdraw, release, close, exceptions, marks."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import analytics, grading
from app.lessons import Lesson
from app.models import Assignment, Attempt, Classroom, StudentException, utcnow
from app.services import standings

# ASCII digits only, a few of them: a mark is small, and each form reads back exactly.
DECIMAL_MARK = re.compile(r"(?=\.?[0-9])[0-9]{0,4}(?:\.[0-9]{0,2})?", re.ASCII)
FRACTION_MARK = re.compile(r"(?P<num>[0-9]{1,4})/(?P<den>[0-9]{1,4})", re.ASCII)


# Far enough ahead for any course, and far from the calendar's last day (9999-12-31), so a due
# moment converts between UTC and every time zone.
DUE_YEARS_AHEAD = 10


class DueDateError(ValueError):
    """A due date that cannot be used; the message is for the teacher."""


class MarkError(ValueError):
    """A mark that cannot be recorded; the message is for the teacher."""


def latest_due_day(now: datetime) -> date:
    """The last day a due date may fall on: the end of the year DUE_YEARS_AHEAD from now."""
    return date(now.year + DUE_YEARS_AHEAD, 12, 31)


def due_from_form(
    day: date | None, at: time | None, zone: ZoneInfo, now: datetime
) -> datetime | None:
    """The due moment in UTC from a local date and time (end of day when no time is given)."""
    if day is None:
        return None
    latest = latest_due_day(now)
    if day > latest:
        raise DueDateError(f"Choose a due date no later than {latest.day} {latest:%B %Y}.")
    local = datetime.combine(day, at or time(23, 59), tzinfo=zone)
    try:
        return local.astimezone(UTC)
    except OverflowError as exc:  # earlier than 0001-01-01 in UTC
        raise DueDateError("Choose a due date and time in the future.") from exc


def teacher_assignment(db: Session, assignment_id: int, teacher_id: int) -> Assignment | None:
    """A live assignment in one of the teacher's classes."""
    query = (
        select(Assignment)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .where(
            Assignment.id == assignment_id,
            Classroom.teacher_id == teacher_id,
            Assignment.withdrawn_at.is_(None),
        )
    )
    return db.scalars(query).first()


def withdraw(db: Session, assignment: Assignment) -> None:
    """Take an assignment away from students; their attempts are kept."""
    assignment.withdrawn_at = utcnow()
    db.flush()


def parse_mark(raw: str, points: int) -> Fraction:
    """A typed mark ('3', '2.5', '2,5' or '5/2') checked to lie from 0 to the question's points."""
    # Only short plain forms reach Fraction: it would also read '1e99999999' and spend minutes
    # building that number.
    text = raw.strip().replace(",", ".")
    fraction = FRACTION_MARK.fullmatch(text)
    if fraction and int(fraction["den"]):
        mark = Fraction(int(fraction["num"]), int(fraction["den"]))
    elif DECIMAL_MARK.fullmatch(text):
        mark = Fraction(text)
    else:
        raise MarkError(
            f"Write the mark as a number from 0 to {points}, such as 2 or 1.5 "
            "(at most two decimal places)."
        )
    if not 0 <= mark <= points:
        raise MarkError(f"Give a number from 0 to {points}.")
    return mark


def mark_written_answer(
    db: Session, attempt: Attempt, lesson: Lesson, question_id: str, mark: Fraction, comment: str
) -> None:
    """Record a teacher's mark on one written answer; the attempt's total and standing follow."""
    question = lesson.question(question_id)
    if question is None or not question.teacher_marks:
        raise MarkError("That question is not a written answer in this lesson.")
    marked = question.teacher_score(mark, comment.strip())
    stored = {**attempt.scores, question_id: marked.to_json()}
    result = grading.Grade(grading.recorded_scores(stored), attempt.max_points)
    total = result.awarded
    attempt.scores = stored
    attempt.skill_points = analytics.skill_points_json(lesson.questions, result.scores)
    attempt.skill_points_version = lesson.version
    attempt.awarded_num, attempt.awarded_den = total.numerator, total.denominator
    attempt.awaiting_teacher = result.awaiting_teacher
    attempt.pending_points = result.pending_points
    db.flush()
    standings.refresh(db, attempt.assignment_id, attempt.student_id)


def release_answers(db: Session, assignment: Assignment, now: datetime) -> bool:
    """Show the answers to the whole class now, for good; False if they were already released.

    The rules then close every open attempt: work handed in after the key is out would be
    copied from it.
    """
    if assignment.released_at is not None:
        return False
    assignment.released_at = now
    db.flush()
    return True


def close_assignment(db: Session, assignment: Assignment, now: datetime) -> None:
    """Stop all new work on the assignment until it is reopened (saved answers are kept)."""
    if assignment.closed_at is None:
        assignment.closed_at = now
        db.flush()


def reopen_assignment(db: Session, assignment: Assignment) -> None:
    """Let students work on a closed assignment again, under its usual rules."""
    assignment.closed_at = None
    db.flush()


def student_exception(db: Session, assignment: Assignment, student_id: int):
    """The student's own terms on the assignment, or None."""
    query = select(StudentException).where(
        StudentException.assignment_id == assignment.id, StudentException.student_id == student_id
    )
    return db.scalars(query).first()


def set_student_exception(
    db: Session, assignment: Assignment, student_id: int, due_at: datetime | None, extra: int
) -> StudentException | None:
    """Give a student a later due date and/or extra attempts; none of either removes them."""
    exception = student_exception(db, assignment, student_id)
    if due_at is None and extra == 0:
        if exception is not None:
            db.delete(exception)
            db.flush()
        return None
    if exception is None:
        exception = StudentException(assignment_id=assignment.id, student_id=student_id)
        db.add(exception)
    exception.due_at, exception.extra_attempts = due_at, extra
    db.flush()
    return exception


def live_duplicates(db: Session, classroom: Classroom, lesson_slug: str) -> int:
    """How many live assignments of this lesson the class already has."""
    query = select(Assignment.id).where(
        Assignment.classroom_id == classroom.id,
        Assignment.lesson_slug == lesson_slug,
        Assignment.withdrawn_at.is_(None),
    )
    return len(db.scalars(query).all())
