"""Plain functions that put accounts and classes in the database for a test."""

from __future__ import annotations

from contextlib import contextmanager
from itertools import count

from sqlalchemy.orm import Session

from app.models import Classroom, User
from app.services import accounts, classrooms

PASSWORD = "correct-horse-1"
_serial = count(1)


@contextmanager
def app_context(db: Session):
    """The app context the services need (config for password hashing), for a moment."""
    with db.info["app"].app_context():
        yield


def make_teacher(db: Session, email: str | None = None, name: str = "Ms. Test") -> User:
    """A committed teacher account with the password PASSWORD."""
    email = email or f"teacher{next(_serial)}@school.test"
    with app_context(db):
        user = accounts.create_teacher(db, name, email, PASSWORD)
    db.commit()
    return user


def make_student(
    db: Session, classroom: Classroom | None = None, username: str | None = None, **kw
) -> User:
    """A committed student account (password PASSWORD), in `classroom` if given."""
    username = username or f"student{next(_serial)}"
    with app_context(db):
        user = accounts.create_student(db, username, kw.get("name", username.title()), PASSWORD)
        if classroom is not None:
            classrooms.enroll(db, classroom, user)
    db.commit()
    return user


def make_classroom(db: Session, teacher: User, name: str = "Period 1") -> Classroom:
    """A committed class owned by `teacher`."""
    classroom = classrooms.create_classroom(db, teacher, name)
    db.commit()
    return classroom


def login(client, login_name: str, password: str = PASSWORD):
    """Log the test client in; returns the response."""
    return client.post("/login", data={"login": login_name, "password": password})


def make_assignment(db: Session, classroom: Classroom, lesson_slug: str = "tiotkino-raid", **kw):
    """A committed assignment of a lesson to a class (keyword settings as create_assignment)."""
    from app.services.assignments import create_assignment

    assignment = create_assignment(db, classroom, lesson_slug, **kw)
    db.commit()
    return assignment


def make_submitted_attempt(db: Session, assignment, student: User, answers: dict | None = None):
    """A committed attempt handed in now through the app's own services (the next number).

    `answers` maps question ids to Responses, as the services take them.
    """
    from app.lesson_library import DEFAULT_FOLDER, library_for
    from app.models import utcnow
    from app.services import attempts

    lesson = library_for(DEFAULT_FOLDER).get(assignment.lesson_slug)
    view = attempts.student_view(db, assignment, student, utcnow())
    attempt = attempts.attempt_for_form(view, student, lesson, len(view.attempts) + 1)
    assert attempts.submit(db, view, attempt, lesson, answers or {})
    db.commit()
    db.refresh(attempt)
    return attempt
