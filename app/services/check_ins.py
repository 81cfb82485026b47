"""Check-ins over the database: setting one up, seating students, taking and reporting it.

A check-in (see app/check_in_rules.py) is taken twice on parallel forms; each student's seat
says which form comes first, and is given once, balanced against the seats already given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from functools import cache, cached_property, lru_cache
from types import MappingProxyType

from sqlalchemy import Select, Text, bindparam, case, cast, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager, defer

from app import grading
from app.assignment_rules import AttemptStatus
from app.check_in_rules import (
    FormResult,
    Phase,
    SkillGain,
    SkillScore,
    StudentCheckIns,
    caution,
    class_gains,
    class_total,
    form_for,
    form_results,
    seat_orders,
)
from app.lesson_vocabulary import SKILL_LABELS
from app.lessons import Lesson, SameLesson
from app.models import CheckIn, CheckInAttempt, CheckInSeat, Classroom, Enrollment, User
from app.questions import Response, Score
from app.score_numbers import points, ratio
from app.services.attempts import CLASS_ARCHIVED
from app.services.classrooms import students_query

RELEASED = (
    "Your teacher has shared the results of this check-in: they are below. It takes no more "
    "answers."
)
BETWEEN_PHASES = (
    "The before check-in is closed. Your teacher will open the after check-in at the end of "
    "the unit."
)
CLOSED = "This check-in is closed: your teacher will share the results."
HANDED_IN = {
    Phase.BEFORE: (
        "You have handed in the before check-in. You take the after check-in at the end of the "
        "unit, and your teacher shares the results of both after that."
    ),
    Phase.AFTER: (
        "You have handed in the after check-in. Your teacher will share the results of both "
        "check-ins with you."
    ),
}


def _salt(key: bytes, check_in_id: int) -> bytes:
    """What seats in one check-in are drawn from: the app's secret and the check-in's id."""
    return key + b"\0check-in\0" + str(check_in_id).encode()


def seat(db: Session, check_in: CheckIn, student_ids: Iterable[int], key: bytes) -> dict[int, str]:
    """Give every listed student without a seat one, balanced; every seat of the check-in.

    The check-in's row is locked first (PostgreSQL), so two students seated at one instant
    are counted one after the other and the halves stay even.
    """
    wanted = set(student_ids)
    seated = _seats(db, check_in.id)
    if wanted <= seated.keys():
        return seated
    db.execute(select(CheckIn.id).where(CheckIn.id == check_in.id).with_for_update())
    seated = _seats(db, check_in.id)
    chosen = seat_orders(seated, wanted, _salt(key, check_in.id))
    if chosen:
        rows = [
            {"check_in_id": check_in.id, "student_id": student, "form_order": str(order)}
            for student, order in chosen.items()
        ]
        try:
            with db.begin_nested():
                db.execute(insert(CheckInSeat), rows)
        except IntegrityError:  # seated a moment ago by another request: theirs stands
            return _seats(db, check_in.id)
    return seated | {student: str(order) for student, order in chosen.items()}


def _seats(db: Session, check_in_id: int) -> dict[int, str]:
    query = select(CheckInSeat.student_id, CheckInSeat.form_order).where(
        CheckInSeat.check_in_id == check_in_id
    )
    return dict(db.execute(query).all())


def create(
    db: Session,
    classroom: Classroom,
    set_name: str,
    before_due_at: datetime | None,
    key: bytes,
    now: datetime,
) -> CheckIn:
    """Start a check-in for the class (its before phase opens now) and seat its students."""
    check_in = CheckIn(
        classroom_id=classroom.id, set_name=set_name, before_due_at=before_due_at, created_at=now
    )
    db.add(check_in)
    db.flush()
    members = db.scalars(
        select(Enrollment.student_id).where(Enrollment.classroom_id == classroom.id)
    )
    seat(db, check_in, list(members), key)
    return check_in


def class_check_ins(db: Session, classroom: Classroom) -> list[tuple[CheckIn, int, int]]:
    """The class's check-ins, newest first, each with how many handed in before and after."""

    def handed_in(phase: Phase):
        done = (CheckInAttempt.phase == phase) & (CheckInAttempt.status == AttemptStatus.SUBMITTED)
        return func.count(case((done, 1)))

    query = (
        select(CheckIn, handed_in(Phase.BEFORE), handed_in(Phase.AFTER))
        .outerjoin(CheckInAttempt, CheckInAttempt.check_in_id == CheckIn.id)
        .where(CheckIn.classroom_id == classroom.id)
        .group_by(CheckIn.id)
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
    )
    return [tuple(row) for row in db.execute(query)]


def open_after(db: Session, check_in: CheckIn, due_at: datetime | None, now: datetime) -> None:
    """Close the before phase and open the after phase, due at `due_at` (or never)."""
    check_in.after_opened_at = now
    check_in.after_due_at = due_at
    db.flush()


def release(db: Session, check_in: CheckIn, now: datetime) -> None:
    """Close the check-in and show students their results with the answers."""
    check_in.released_at = now
    db.flush()


@dataclass(frozen=True)
class StudentCheckIn:
    """One student's side of one check-in: their seat, their attempts, what is open now."""

    check_in: CheckIn
    order: str | None
    attempts: Mapping[str, CheckInAttempt]
    now: datetime

    @cached_property
    def phase(self) -> Phase | None:
        """The phase open now, if any."""
        return self.check_in.schedule.open_phase(self.now)

    @property
    def released(self) -> bool:
        """Whether the teacher has shared the results (and with them the answers)."""
        return self.check_in.released_at is not None

    def form(self, phase: str) -> str | None:
        """The form this student takes in `phase`, once they have a seat."""
        return form_for(self.order, phase) if self.order else None

    @property
    def attempt(self) -> CheckInAttempt | None:
        """This student's attempt at the open phase, if they have started it."""
        return self.attempts.get(self.phase) if self.phase else None

    @cached_property
    def closed_reason(self) -> str | None:
        """Why no answers may be saved or handed in now; None while they may."""
        if self.check_in.classroom.is_archived:
            return CLASS_ARCHIVED
        if self.released:
            return RELEASED
        if self.phase is None:
            return CLOSED if self.check_in.after_opened_at else BETWEEN_PHASES
        if self.attempt is not None and self.attempt.is_submitted:
            return HANDED_IN[self.phase]
        return None

    @cached_property
    def status_text(self) -> str:
        """Where the student stands, in a few words for their home page."""
        if self.released:
            return "Results ready"
        if self.phase is None:
            return "Closed for now" if not self.handed_in else "Handed in"
        attempt = self.attempt
        if attempt is None:
            return f"{self.phase.capitalize()} check-in: not started"
        if attempt.is_submitted:
            return f"{self.phase.capitalize()} check-in: handed in"
        return f"{self.phase.capitalize()} check-in: in progress"

    @property
    def handed_in(self) -> list[CheckInAttempt]:
        """The phases handed in, before first."""
        return [
            self.attempts[phase]
            for phase in Phase
            if phase in self.attempts and self.attempts[phase].is_submitted
        ]


def find_for_student(
    db: Session, check_in_id: int, student: User, now: datetime
) -> StudentCheckIn | None:
    """The check-in if it is in one of the student's classes, with their seat and attempts."""
    query = _student_check_ins_query().where(CheckIn.id == bindparam("check_in_id"))
    found = _views(db.execute(query, {"student_id": student.id, "check_in_id": check_in_id}), now)
    return found[0] if found else None


def student_check_ins(db: Session, student: User, now: datetime) -> list[StudentCheckIn]:
    """Every check-in in the student's classes, newest first, with their seat and attempts."""
    return _views(db.execute(_student_check_ins_query(), {"student_id": student.id}), now)


def _views(rows, now: datetime) -> list[StudentCheckIn]:
    """(check-in, seat order, attempt) rows gathered into one view per check-in, in row order."""
    found: dict[int, tuple[CheckIn, str | None, dict]] = {}
    for check_in, order, attempt in rows:
        entry = found.setdefault(check_in.id, (check_in, order, {}))
        if attempt is not None:
            entry[2][attempt.phase] = attempt
    return [StudentCheckIn(c, order, attempts, now) for c, order, attempts in found.values()]


@cache
def _student_check_ins_query() -> Select:
    """The check-ins of the student's classes, with their seat and attempts: built once.

    Every student home runs it; with a check-in id added it finds one check-in for its pages.
    """
    student_id = bindparam("student_id")
    return (
        select(CheckIn, CheckInSeat.form_order, CheckInAttempt)
        .join(
            Enrollment,
            (Enrollment.classroom_id == CheckIn.classroom_id)
            & (Enrollment.student_id == student_id),
        )
        .join(CheckIn.classroom)
        .outerjoin(
            CheckInSeat,
            (CheckInSeat.check_in_id == CheckIn.id) & (CheckInSeat.student_id == student_id),
        )
        .outerjoin(
            CheckInAttempt,
            (CheckInAttempt.check_in_id == CheckIn.id) & (CheckInAttempt.student_id == student_id),
        )
        .options(contains_eager(CheckIn.classroom))
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
    )


def attempt_for(
    db: Session, view: StudentCheckIn, student: User, lesson: Lesson
) -> CheckInAttempt | None:
    """The student's attempt at the open phase, started now if need be; None when closed."""
    if view.attempt is not None:
        return view.attempt
    if view.closed_reason is not None or view.phase is None or view.order is None:
        return None
    attempt = CheckInAttempt(
        check_in_id=view.check_in.id,
        student_id=student.id,
        phase=str(view.phase),
        form=view.form(view.phase),
        lesson_slug=lesson.slug,
        lesson_version=lesson.version,
        max_points=lesson.total_points,
        answers={},
        scores={},
        started_at=view.now,
        saved_at=view.now,
    )
    try:
        with db.begin_nested():
            db.add(attempt)
    except IntegrityError:  # another tab started it a moment ago: use that one
        query = select(CheckInAttempt).where(
            CheckInAttempt.check_in_id == view.check_in.id,
            CheckInAttempt.student_id == student.id,
            CheckInAttempt.phase == str(view.phase),
        )
        return db.scalars(query).first()
    return attempt


def store_answers(
    db: Session, attempt: CheckInAttempt, answers: Mapping[str, Response], now: datetime
) -> bool:
    """Save answers into the attempt while it is open; False once it was handed in."""
    statement = (
        update(CheckInAttempt)
        .where(CheckInAttempt.id == attempt.id, CheckInAttempt.status == AttemptStatus.IN_PROGRESS)
        .values(answers=grading.answers_json(answers), saved_at=now)
        .execution_options(synchronize_session=False)
    )
    return db.execute(statement).rowcount == 1


def submit(
    db: Session,
    attempt: CheckInAttempt,
    lesson: Lesson,
    answers: Mapping[str, Response],
    now: datetime,
) -> bool:
    """Score and hand in the attempt once; False if it was already handed in elsewhere."""
    result = grading.grade(lesson.questions, answers)
    statement = (
        update(CheckInAttempt)
        .where(CheckInAttempt.id == attempt.id, CheckInAttempt.status == AttemptStatus.IN_PROGRESS)
        .values(
            status=AttemptStatus.SUBMITTED,
            answers=grading.answers_json(answers),
            scores=result.scores_json(),
            awarded_num=result.awarded.numerator,
            awarded_den=result.awarded.denominator,
            max_points=result.points,
            lesson_version=lesson.version,
            submitted_at=now,
            saved_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return db.execute(statement).rowcount == 1


def skill_scores(lesson: Lesson, stored: object) -> dict[str, SkillScore]:
    """Per skill of the form, the points earned of the points the form gives it."""
    return _skill_scores(lesson, grading.scores(lesson.questions, stored))


def stored_skill_scores(lesson: Lesson, text: str | None) -> Mapping[str, SkillScore]:
    """skill_scores of a check-in's stored scores as the column's JSON text; read-only.

    Kept per form (the loaded Lesson object) and text: a class's report reads the same
    handed-in check-ins on every view, and scores that change are a new text.
    """
    return _kept_skill_scores(SameLesson(lesson), text)


@lru_cache(maxsize=2048)
def _kept_skill_scores(form: SameLesson, text: str | None) -> Mapping[str, SkillScore]:
    questions = form.lesson.questions
    found = grading.question_scores(questions, grading.stored_scores(text))
    return MappingProxyType(_skill_scores(form.lesson, found))


def _skill_scores(lesson: Lesson, scores: Mapping[str, Score]) -> dict[str, SkillScore]:
    breakdown = grading.skill_breakdown(lesson.questions, scores)
    return {
        skill: SkillScore(breakdown[skill].earned, breakdown[skill].possible)
        if skill in breakdown
        else SkillScore(Fraction(0), 0)
        for skill in lesson.skills
    }


@dataclass(frozen=True)
class ReportRow:
    """One student of the class in the report: their seat, their attempts, their scores."""

    student: User
    order: str | None
    attempts: Mapping[str, CheckInAttempt]
    scores: StudentCheckIns

    @property
    def handed_in(self) -> tuple[str, ...]:
        """The phases this student handed in, before first."""
        return tuple(
            phase
            for phase, taken in (
                (Phase.BEFORE, self.scores.before),
                (Phase.AFTER, self.scores.after),
            )
            if taken is not None
        )

    def status(self, phase: str) -> str:
        """'handed in', 'started' or 'not taken' for one phase."""
        attempt = self.attempts.get(phase)
        if attempt is None:
            return "not taken"
        return "handed in" if attempt.is_submitted else "started, not handed in"


def report_rows(
    db: Session, check_in: CheckIn, forms: Mapping[str, Lesson], key: bytes
) -> list[ReportRow]:
    """Every student now in the class, seated if they were not, with their handed-in scores.

    Three queries however large the class (students, seats, attempts), and two more only when
    someone needs a seat (the row lock and one insert).
    """
    students = list(db.scalars(students_query(check_in.classroom)))
    seats = seat(db, check_in, [s.id for s in students], key)
    # The report reads the scores only, as their stored text (decoded once per text).
    query = (
        select(CheckInAttempt, cast(CheckInAttempt.scores, Text))
        .where(CheckInAttempt.check_in_id == check_in.id)
        .options(
            defer(CheckInAttempt.answers, raiseload=True),
            defer(CheckInAttempt.scores, raiseload=True),
        )
    )
    by_student: dict[int, dict[str, tuple[CheckInAttempt, str | None]]] = {}
    for attempt, scores in db.execute(query):
        by_student.setdefault(attempt.student_id, {})[attempt.phase] = (attempt, scores)
    rows = []
    for student in students:
        taken = by_student.get(student.id, {})
        attempts = {phase: attempt for phase, (attempt, _) in taken.items()}
        handed_in = {
            phase: stored_skill_scores(forms[attempt.form], scores)
            for phase, (attempt, scores) in taken.items()
            if attempt.is_submitted and attempt.form in forms
        }
        scores = StudentCheckIns(
            student.id,
            seats.get(student.id),
            handed_in.get(Phase.BEFORE),
            handed_in.get(Phase.AFTER),
        )
        rows.append(ReportRow(student, seats.get(student.id), attempts, scores))
    return rows


@dataclass(frozen=True)
class CheckInReport:
    """A class's check-in: per student and per skill, before, after and the gains."""

    check_in: CheckIn
    forms: Mapping[str, Lesson]
    rows: list[ReportRow]

    @cached_property
    def skills(self) -> tuple[str, ...]:
        """The skills the forms measure, in the forms' order."""
        return self.forms["A"].skills

    @cached_property
    def possible(self) -> int:
        """Points in one form (the two match item for item)."""
        return self.forms["A"].total_points

    @cached_property
    def skill_points(self) -> dict[str, int]:
        """Points each skill has in one form."""
        return {skill: score.possible for skill, score in skill_scores(self.forms["A"], {}).items()}

    @cached_property
    def took_both(self) -> list[ReportRow]:
        """The students whose gains count: both check-ins handed in."""
        return [row for row in self.rows if row.scores.took_both]

    @cached_property
    def gains(self) -> list[SkillGain]:
        """Per skill, the class's means over the students who took both."""
        return class_gains([row.scores for row in self.rows], self.skills)

    @cached_property
    def pairs(self) -> dict[str, list[tuple[Fraction, Fraction]]]:
        """Per skill, each student's (before, after) points, for those who took both."""
        found: dict[str, list[tuple[Fraction, Fraction]]] = {skill: [] for skill in self.skills}
        for row in self.took_both:
            for gain in row.scores.gains(self.skills):
                found[gain.skill].append((gain.before, gain.after))
        return found

    @cached_property
    def total(self) -> SkillGain | None:
        """Every skill together."""
        return class_total([row.scores for row in self.rows])

    @cached_property
    def form_results(self) -> list[FormResult]:
        """Mean score per form and position, over every check-in handed in."""
        return form_results(
            (attempt.form, attempt.phase, attempt.awarded, attempt.max_points)
            for row in self.rows
            for attempt in row.attempts.values()
            if attempt.is_submitted
        )

    @cached_property
    def caution(self) -> str | None:
        """A warning in plain words when the group is too small to read much into."""
        return caution(len(self.took_both))

    @cached_property
    def only_one(self) -> list[ReportRow]:
        """Students who handed in exactly one of the two (listed, never silently dropped)."""
        return [row for row in self.rows if len(row.handed_in) == 1]

    @cached_property
    def neither(self) -> list[ReportRow]:
        """Students who handed in neither."""
        return [row for row in self.rows if not row.handed_in]


def _cells(gain: SkillGain | None) -> list[str]:
    """Before, after, gain and normalized gain as plain numbers (a minus sign where negative)."""
    if gain is None:
        return ["", "", "", ""]
    normalized = "" if gain.normalized is None else ratio(gain.normalized).replace("\u2212", "-")
    return [points(gain.before), points(gain.after), points(gain.gain), normalized]


def report_table(report: CheckInReport) -> tuple[list[str], list[list[str]]]:
    """The report as CSV: a row per student, then the class's means (students with both)."""
    labels = [SKILL_LABELS.get(skill, skill) for skill in report.skills] + ["All skills"]
    header = ["Student", "Username", "Form before", "Form after", "Before", "After"]
    for label in labels:
        header += [
            f"{label}: before",
            f"{label}: after",
            f"{label}: gain",
            f"{label}: normalized gain",
        ]
    rows = []
    for row in report.rows:
        cells = [
            row.student.display_name,
            row.student.username or "",
            form_for(row.order, Phase.BEFORE) if row.order else "",
            form_for(row.order, Phase.AFTER) if row.order else "",
            row.status(Phase.BEFORE),
            row.status(Phase.AFTER),
        ]
        gains = row.scores.gains(report.skills) or [None] * len(report.skills)
        for gain in [*gains, row.scores.total()]:
            cells += _cells(gain)
        rows.append(cells)
    took = f"class mean ({len(report.took_both)} with both)"
    means = [took, "", "", "", "", ""]
    for gain in [*(report.gains or [None] * len(report.skills)), report.total]:
        means += _cells(gain)
    rows.append(means)
    return header, rows
