"""Demo data for a newcomer: a teacher, two classes and students who joined them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Classroom, User
from app.services import accounts, classrooms

DEMO_TEACHER = ("Ms. Rivera", "teacher@example.org")
DEMO_PASSWORD = "demo-password"  # noqa: S105 - printed for newcomers, demo data only
DEMO_CLASSES = ("Period 2 Civics", "Journalism Club")
DEMO_STUDENTS = (
    ("ada.k", "Ada K."),
    ("ben.o", "Ben O."),
    ("chloe.m", "Chloe M."),
    ("dev.p", "Dev P."),
    ("emma.s", "Emma S."),
    ("felix.w", "Felix W."),
)


def load_demo(session: Session) -> list[tuple[str, str, str]]:
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
    rows = [("teacher", DEMO_TEACHER[1], DEMO_PASSWORD)]
    rows += [("student", username, DEMO_PASSWORD) for username, _ in DEMO_STUDENTS[:2]]
    return rows
