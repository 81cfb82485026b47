"""Database models: accounts, classes, memberships, rosters, assignments, attempts, standings,
check-ins."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from fractions import Fraction

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.assignment_rules import AttemptStatus, Reveal, is_past_due
from app.check_in_rules import Order, Phase, Schedule
from app.db import Base
from app.score_numbers import percent

ROLE_TEACHER = "teacher"
ROLE_STUDENT = "student"


def one_of(column: str, values: Iterable[str]) -> str:
    """SQL allowing only `values` in `column`: "reveal IN ('after_attempt', 'after_last')"."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class User(Base):
    """A teacher (logs in by email) or a student (logs in by username, no email kept)."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('teacher', 'student')", name="role_known"),
        CheckConstraint(
            "(role = 'teacher' AND email IS NOT NULL) OR (role = 'student' AND email IS NULL)",
            name="email_for_teachers_only",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Bumped when a password changes, so every session made before it stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classrooms: Mapped[list[Classroom]] = relationship(back_populates="teacher")
    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="student", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_teacher(self) -> bool:
        """Whether this account is a teacher's."""
        return self.role == ROLE_TEACHER

    @property
    def is_student(self) -> bool:
        """Whether this account is a student's."""
        return self.role == ROLE_STUDENT

    @property
    def login_name(self) -> str:
        """What this person types to log in: email for teachers, username for students."""
        return (self.email if self.is_teacher else self.username) or ""

    # Flask-Login protocol.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """Session identity: the id plus the session version, so old sessions expire."""
        return f"{self.id}:{self.session_version}"


class Classroom(Base):
    """A teacher's class, joined by students with its code."""

    __tablename__ = "classroom"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    teacher: Mapped[User] = relationship(back_populates="classrooms")
    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_archived(self) -> bool:
        """Whether the class is archived (read-only, closed to joining)."""
        return self.archived_at is not None


class Enrollment(Base):
    """A student's membership of a class."""

    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("classroom_id", "student_id", name="one_per_class"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="enrollments")
    student: Mapped[User] = relationship(back_populates="enrollments")


class RosterBatch(Base):
    """One pasted or uploaded roster; its token makes a resubmitted form create nothing twice."""

    __tablename__ = "roster_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    student_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assignment(Base):
    """A lesson set for a class, with its due date, attempts and when answers are revealed."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("max_attempts BETWEEN 1 AND 10", name="attempts_in_range"),
        CheckConstraint(one_of("reveal", Reveal), name="reveal_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    lesson_slug: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_attempts: Mapped[int] = mapped_column(Integer, default=2)
    reveal: Mapped[str] = mapped_column(String(16), default=Reveal.AFTER_LAST)
    accept_late: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by the teacher's "Release answers now" (for good) and "Close now" (until reopened).
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    classroom: Mapped[Classroom] = relationship()

    def is_past_due(self, now: datetime) -> bool:
        """Whether the due date has passed."""
        return is_past_due(self.due_at, now)


class StudentException(Base):
    """One student's own terms on an assignment: a later due date, extra attempts, or both."""

    __tablename__ = "student_exception"
    __table_args__ = (
        UniqueConstraint("assignment_id", "student_id", name="one_per_student"),
        CheckConstraint("extra_attempts BETWEEN 0 AND 10", name="extra_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extra_attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attempt(Base):
    """One try at an assignment's quiz: raw answers, the lesson version, and its score.

    The database allows one open attempt per student and assignment and numbers attempts
    uniquely, so double clicks and parallel tabs cannot create extra attempts.
    """

    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("assignment_id", "student_id", "number", name="numbered_once"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(one_of("status", AttemptStatus), name="status_known"),
        CheckConstraint("awarded_den > 0", name="denominator_positive"),
        Index(
            "uq_attempt_one_open",
            "assignment_id",
            "student_id",
            unique=True,
            sqlite_where=text(f"status = '{AttemptStatus.IN_PROGRESS}'"),
            postgresql_where=text(f"status = '{AttemptStatus.IN_PROGRESS}'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    lesson_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.IN_PROGRESS)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    # The known points per skill, worked out from `scores` whenever they are written (see
    # analytics.skill_points_json), so reports add them up without reading every score; and the
    # lesson version whose skill tags they follow (services/skill_points.py catches up on edits).
    skill_points: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    skill_points_version: Mapped[str | None] = mapped_column(String(32))
    awarded_num: Mapped[int] = mapped_column(Integer, default=0)
    awarded_den: Mapped[int] = mapped_column(Integer, default=1)
    max_points: Mapped[int] = mapped_column(Integer, default=0)
    awaiting_teacher: Mapped[bool] = mapped_column(default=False)
    # Points on written answers awaiting a mark: left out of the percentage until marked.
    pending_points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_late: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment: Mapped[Assignment] = relationship()

    @property
    def awarded(self) -> Fraction:
        """Points earned, exactly."""
        return Fraction(self.awarded_num, self.awarded_den)

    @property
    def is_submitted(self) -> bool:
        """Whether the attempt was handed in."""
        return self.status == AttemptStatus.SUBMITTED

    @property
    def marked_points(self) -> int:
        """Points whose score is known: every point once the teacher has marked everything."""
        return self.max_points - self.pending_points

    @property
    def percent(self) -> int:
        """Share of the marked points earned, rounded half up (0 when none are marked yet).

        While answers await a mark the score is pending, not zero: see docs/ARCHITECTURE.md.
        """
        return percent(self.awarded_num, self.awarded_den * self.marked_points)


class AssignmentStanding(Base):
    """A student's standing on an assignment, kept from their attempts as each one changes.

    Written in the same transaction as every change to the student's attempts (start, submit,
    a teacher's mark; see services/standings.py), so a gradebook reads one row per cell
    instead of every attempt. It holds facts, not conclusions that depend on the clock: the
    status (missing, late, ...) is worked out when read, from these facts and the due date.
    """

    __tablename__ = "assignment_standing"
    __table_args__ = (
        UniqueConstraint("assignment_id", "student_id", name="one_standing_per_student"),
        CheckConstraint("best_awarded_den > 0", name="denominator_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    submitted_count: Mapped[int] = mapped_column(Integer, default=0)
    has_open_attempt: Mapped[bool] = mapped_column(default=False)
    # Whether any handed-in attempt (not only the counted one) has answers still to mark.
    awaiting_teacher: Mapped[bool] = mapped_column(default=False)
    # The counted attempt: the best handed-in score, the earliest on a tie; None before any.
    # Indexed: erasing an attempt (or a student, or a teacher) finds the standings it counted in.
    best_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("attempt.id", ondelete="SET NULL"), index=True
    )
    best_number: Mapped[int | None] = mapped_column(Integer)
    best_awarded_num: Mapped[int] = mapped_column(Integer, default=0)
    best_awarded_den: Mapped[int] = mapped_column(Integer, default=1)
    best_max_points: Mapped[int] = mapped_column(Integer, default=0)
    best_pending_points: Mapped[int] = mapped_column(Integer, default=0)
    best_is_late: Mapped[bool] = mapped_column(default=False)
    # Over the marked points, as Attempt.percent; None until a counted attempt has any marked.
    best_percent: Mapped[int | None] = mapped_column(Integer)
    # The counted attempt's known points per skill (Attempt.skill_points), for skill mastery.
    best_skill_points: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))


class CheckIn(Base):
    """A check-in set for a class: taken "before" a unit and "after" it, on parallel forms.

    The before phase is open from the start until its due date or until the teacher opens the
    after phase; the after phase until its due date or the release of results.
    """

    __tablename__ = "check_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    set_name: Mapped[str] = mapped_column(String(64))
    before_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    after_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    after_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship()

    @property
    def schedule(self) -> Schedule:
        """The dates that decide which phase is open."""
        return Schedule(
            self.before_due_at, self.after_opened_at, self.after_due_at, self.released_at
        )


class CheckInSeat(Base):
    """A student's place in a check-in: which form they take first, fixed once given."""

    __tablename__ = "check_in_seat"
    __table_args__ = (
        UniqueConstraint("check_in_id", "student_id", name="one_seat_per_student"),
        CheckConstraint(one_of("form_order", Order), name="order_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    check_in_id: Mapped[int] = mapped_column(
        ForeignKey("check_in.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    form_order: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckInAttempt(Base):
    """A student's one try at one phase of a check-in, on the form their seat gives them."""

    __tablename__ = "check_in_attempt"
    __table_args__ = (
        UniqueConstraint("check_in_id", "student_id", "phase", name="once_per_phase"),
        CheckConstraint(one_of("phase", Phase), name="phase_known"),
        CheckConstraint(one_of("form", ("A", "B")), name="form_known"),
        CheckConstraint(one_of("status", AttemptStatus), name="status_known"),
        CheckConstraint("awarded_den > 0", name="denominator_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    check_in_id: Mapped[int] = mapped_column(
        ForeignKey("check_in.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[str] = mapped_column(String(8))
    form: Mapped[str] = mapped_column(String(1))
    lesson_slug: Mapped[str] = mapped_column(String(64))
    lesson_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.IN_PROGRESS)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    awarded_num: Mapped[int] = mapped_column(Integer, default=0)
    awarded_den: Mapped[int] = mapped_column(Integer, default=1)
    max_points: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_submitted(self) -> bool:
        """Whether this check-in was handed in."""
        return self.status == AttemptStatus.SUBMITTED

    @property
    def awarded(self) -> Fraction:
        """Points earned, exactly."""
        return Fraction(self.awarded_num, self.awarded_den)
