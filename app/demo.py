"""Demo data for a newcomer: a teacher, two classes and students who joined them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from app.check_in_rules import Phase, form_for
from app.lessons import Lesson
from app.models import Assignment, CheckInAttempt, Classroom, User, utcnow
from app.security import secret_key
from app.services import accounts, attempts, check_ins, classrooms
from app.services.assignments import create_assignment

DEMO_TEACHER = ("Ms. Rivera", "teacher@example.org")
# Demo data only: printed for newcomers by the demo command.
DEMO_PASSWORD = "demo-password"  # noqa: S105  # nosec B105
DEMO_CLASSES = ("Period 2 Civics", "Journalism Club")
DEMO_STUDENTS = (
    ("ada.k", "Ada K."),
    ("ben.o", "Ben O."),
    ("chloe.m", "Chloe M."),
    ("dev.p", "Dev P."),
    ("emma.s", "Emma S."),
    ("felix.w", "Felix W."),
)


def load_demo(session: Session, library=None) -> list[tuple[str, str, str]]:
    """Create the demo accounts if missing; return (role, login, password) rows to print."""
    teacher = session.scalars(select(User).where(User.email == DEMO_TEACHER[1])).first()
    if teacher is None:
        teacher = accounts.create_teacher(session, *DEMO_TEACHER, DEMO_PASSWORD)
    owned = {
        c.name: c
        for c in session.scalars(select(Classroom).where(Classroom.teacher_id == teacher.id))
    }
    rooms = [
        owned.get(name) or classrooms.create_classroom(session, teacher, name)
        for name in DEMO_CLASSES
    ]
    for index, (username, name) in enumerate(DEMO_STUDENTS):
        student = session.scalars(select(User).where(User.username == username)).first()
        if student is None:
            student = accounts.create_student(session, username, name, DEMO_PASSWORD)
        classrooms.enroll(session, rooms[0], student)
        if index % 2 == 0:
            classrooms.enroll(session, rooms[1], student)
    session.flush()
    if library is not None:
        _demo_work(session, rooms[0], library)
        _demo_check_in(session, rooms[0], library)
    rows = [("teacher", DEMO_TEACHER[1], DEMO_PASSWORD)]
    rows += [("student", username, DEMO_PASSWORD) for username, _ in DEMO_STUDENTS[:2]]
    return rows


DEMO_LESSONS = ("luhansk-underground", "tiotkino-raid")


def answers_form(lesson: Lesson, wrong: set[int]) -> MultiDict:
    """Answers to a lesson's quiz as a form; question i (from 0) is wrong when i is in `wrong`."""
    form = MultiDict()
    for index, question in enumerate(lesson.questions):
        for name, values in question.example_answer(right=index not in wrong).items():
            form.setlist(name, values)
    return form


def _demo_form(lesson: Lesson, seed: int) -> MultiDict:
    """A plausible student's answers: most right, every fourth wrong, varying with `seed`."""
    return answers_form(lesson, {i for i in range(len(lesson.questions)) if (seed + i) % 4 == 0})


def _demo_work(session: Session, classroom: Classroom, library) -> None:
    """Two assignments in the first class, with handed-in and unfinished attempts."""
    taken = set(
        session.scalars(
            select(Assignment.lesson_slug).where(Assignment.classroom_id == classroom.id)
        )
    )
    now = utcnow()
    students = [
        session.scalars(select(User).where(User.username == u)).one() for u, _ in DEMO_STUDENTS
    ]
    for offset, slug in enumerate(DEMO_LESSONS):
        lesson = library.get(slug)
        if slug in taken or lesson is None:
            continue
        due = now + timedelta(days=7 * offset - 1)  # the first is already past due
        worked_at = min(now, due - timedelta(days=1))  # the work was done on time
        assignment = create_assignment(session, classroom, slug, due_at=due)
        for seed, student in enumerate(students[: 5 - offset * 2]):
            view = attempts.student_view(session, assignment, student, worked_at)
            attempt = attempts.attempt_for_form(view, student, lesson, 1)
            answers = attempts.read_answers(lesson, _demo_form(lesson, seed))
            if seed == 4 - offset * 2:  # one student is part-way through
                attempts.store_answers(session, view, attempt, answers)
            else:
                attempts.submit(session, view, attempt, lesson, answers)


def _demo_check_in(session: Session, classroom: Classroom, library) -> None:
    """A check-in in the first class: before handed in by five, after by four, not shared yet."""
    forms = library.check_in_sets.get("signals")
    if forms is None or check_ins.class_check_ins(session, classroom):
        return
    now = utcnow()
    started = now - timedelta(days=21)
    check_in = check_ins.create(session, classroom, "signals", None, secret_key(), started)
    check_ins.open_after(session, check_in, None, now - timedelta(days=1))
    students = [
        session.scalars(select(User).where(User.username == u)).one() for u, _ in DEMO_STUDENTS
    ]
    seats = check_ins.seat(session, check_in, [s.id for s in students], secret_key())
    # Before: about half right; after: fewer wrong. One student missed before, another after.
    for phase, missed, wrong_every, when in (
        (Phase.BEFORE, students[5], 2, started + timedelta(days=1)),
        (Phase.AFTER, students[4], 4, now - timedelta(hours=2)),
    ):
        for seed, student in enumerate(students):
            if student is missed:
                continue
            form = forms[form_for(seats[student.id], phase)]
            step = wrong_every + seed % 3  # some students miss more than others
            wrong = {i for i in range(len(form.questions)) if (seed + i) % step == 0}
            answers = attempts.read_answers(form, answers_form(form, wrong))
            attempt = CheckInAttempt(
                check_in_id=check_in.id,
                student_id=student.id,
                phase=str(phase),
                form=form.check_in.form,
                lesson_slug=form.slug,
                lesson_version=form.version,
                max_points=form.total_points,
                answers={},
                scores={},
                started_at=when,
                saved_at=when,
            )
            session.add(attempt)
            session.flush()
            check_ins.submit(session, attempt, form, answers, when)
