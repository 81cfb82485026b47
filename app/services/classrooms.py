"""Classes: creating, renaming, archiving, join codes, memberships and rosters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, bindparam, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app.models import Classroom, Enrollment, RosterBatch, User, utcnow
from app.roster import RosterLine, unique_username, username_base
from app.security import new_join_code, new_one_time_password, normalise_join_code
from app.services.accounts import create_student


class JoinError(ValueError):
    """A class code that cannot be joined; the message is for the student."""


@dataclass(frozen=True)
class LoginCard:
    """What a printed card shows: shown once, never stored in plain text."""

    display_name: str
    username: str
    password: str


@dataclass(frozen=True)
class RosterEntry:
    """A student on a class roster, their membership row, and whether another teacher shares them.

    A shared student's password and account belong to no single teacher (see
    `teacher_may_manage_account`).
    """

    student: User
    enrollment: Enrollment
    shared: bool = False


def students_query(classroom: Classroom) -> Select:
    """A query for the class's students (User rows), by display name; narrow or extend it."""
    return (
        select(User)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id)
        .order_by(func.lower(User.display_name), User.id)
    )


def class_students(session: Session, classroom: Classroom) -> list[User]:
    """The class's students, by display name."""
    return list(session.scalars(_class_students_query(), {"classroom_id": classroom.id}))


@cache
def _class_students_query() -> Select:
    """students_query with the class's id bound per call: built once (every report runs it)."""
    return (
        select(User)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == bindparam("classroom_id"))
        .order_by(func.lower(User.display_name), User.id)
    )


def _unused_join_code(session: Session) -> str:
    for _ in range(20):
        code = new_join_code()
        taken = session.scalars(select(Classroom.id).where(Classroom.join_code == code)).first()
        if taken is None:
            return code
    raise RuntimeError("could not find an unused join code")  # 29**6 codes: not expected


def create_classroom(session: Session, teacher: User, name: str) -> Classroom:
    """Add a class with a fresh join code."""
    classroom = Classroom(teacher_id=teacher.id, name=name.strip(), join_code="")
    classroom.join_code = _unused_join_code(session)
    session.add(classroom)
    session.flush()
    return classroom


def regenerate_join_code(session: Session, classroom: Classroom) -> str:
    """Replace the class code; the old one stops working at once."""
    classroom.join_code = _unused_join_code(session)
    session.flush()
    return classroom.join_code


def set_archived(session: Session, classroom: Classroom, archived: bool) -> None:
    """Archive a class (closed to joining and to work, last in lists) or bring it back."""
    classroom.archived_at = utcnow() if archived else None
    session.flush()


def teacher_classrooms(session: Session, teacher: User) -> list[tuple[Classroom, int]]:
    """The teacher's classes with their student counts, active first then by name."""
    counts = (
        select(Enrollment.classroom_id, func.count(Enrollment.id).label("n"))
        .group_by(Enrollment.classroom_id)
        .subquery()
    )
    query = (
        select(Classroom, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.classroom_id == Classroom.id)
        .where(Classroom.teacher_id == teacher.id)
        .order_by(Classroom.archived_at.is_not(None), func.lower(Classroom.name), Classroom.id)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def find_joinable(session: Session, raw_code: str) -> Classroom:
    """The active class with this code, or JoinError saying why not."""
    code = normalise_join_code(raw_code)
    if not code:
        raise JoinError("Enter the class code your teacher gave you.")
    classroom = session.scalars(select(Classroom).where(Classroom.join_code == code)).first()
    if classroom is None:
        raise JoinError("No class has that code. Check it with your teacher.")
    if classroom.is_archived:
        raise JoinError("That class is archived and closed to new students. Ask your teacher.")
    return classroom


def is_enrolled(session: Session, classroom: Classroom, student: User) -> bool:
    """Whether the student is a member of the class."""
    query = select(Enrollment.id).where(
        Enrollment.classroom_id == classroom.id, Enrollment.student_id == student.id
    )
    return session.scalars(query).first() is not None


def enroll(session: Session, classroom: Classroom, student: User) -> bool:
    """Add the student to the class; False if they were already in it."""
    if is_enrolled(session, classroom, student):
        return False
    try:
        with session.begin_nested():
            session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
    except IntegrityError:  # a double-submitted join form raced us
        return False
    return True


def roster(session: Session, classroom: Classroom) -> list[RosterEntry]:
    """The class's students, by display name."""
    query = students_query(classroom).add_columns(
        Enrollment, User.id.in_(_also_in_another_teachers_class(classroom))
    )
    return [RosterEntry(row[0], row[1], bool(row[2])) for row in session.execute(query)]


def _also_in_another_teachers_class(classroom: Classroom):
    """The class's students who are also in a class some other teacher owns (a subquery).

    It starts from the class's own enrollments, so it reads a few rows per student whatever the
    size of the district (a per-student EXISTS was planned by PostgreSQL as a scan of every
    enrollment in the district).
    """
    mine, other = aliased(Enrollment), aliased(Enrollment)
    return (
        select(other.student_id)
        .join(mine, (mine.student_id == other.student_id) & (mine.classroom_id == classroom.id))
        .join(Classroom, Classroom.id == other.classroom_id)
        .where(Classroom.teacher_id != classroom.teacher_id)
    )


def _in_another_teachers_class(teacher_id, student_id):
    """An EXISTS: the student is also in a class some other teacher owns."""
    other = aliased(Enrollment)
    return (
        select(other.id)
        .join(Classroom, Classroom.id == other.classroom_id)
        .where(other.student_id == student_id, Classroom.teacher_id != teacher_id)
        .exists()
    )


def remove_from_classroom(session: Session, classroom: Classroom, student: User) -> None:
    """Take a student out of a class; their account and work stay."""
    session.execute(
        delete(Enrollment).where(
            Enrollment.classroom_id == classroom.id, Enrollment.student_id == student.id
        )
    )
    session.flush()


def teacher_may_manage_account(session: Session, teacher: User, student: User) -> bool:
    """Whether the student's account belongs to this teacher alone.

    Only then may the teacher give it a new password or erase it: a student who also joined
    another teacher's class must not be open to that teacher (a new password is a way in).
    """
    return not session.scalar(select(_in_another_teachers_class(teacher.id, student.id)))


def delete_student(session: Session, student: User) -> None:
    """Erase a student account and everything that belongs to it."""
    session.delete(student)
    session.flush()


def roster_already_used(session: Session, token: str) -> bool:
    """Whether this roster form was already submitted (a reload or a double click)."""
    query = select(RosterBatch.id).where(RosterBatch.token == token)
    return session.scalars(query).first() is not None


def add_roster(
    session: Session, classroom: Classroom, lines: list[RosterLine], token: str
) -> list[LoginCard]:
    """Create an account per line, enroll each, and return their login cards."""
    session.add(RosterBatch(classroom_id=classroom.id, token=token, student_count=len(lines)))
    session.flush()  # the unique token stops a second submission here
    wanted = {line.username or username_base(line.name) for line in lines}
    taken = _taken_like(session, wanted)
    cards = []
    for line in lines:
        username = unique_username(line.username or username_base(line.name), taken)
        taken.add(username)
        password = new_one_time_password()
        student = create_student(session, username, line.name, password, one_time=True)
        session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
        cards.append(LoginCard(line.name, username, password))
    session.flush()
    return cards


def _taken_like(session: Session, stems: set[str]) -> set[str]:
    """Usernames in use that start with any of the stems (one query for the whole roster)."""
    taken: set[str] = set()
    for chunk in _chunks(sorted(stems), 100):
        conditions = [User.username.startswith(stem, autoescape=True) for stem in chunk]
        taken.update(session.scalars(select(User.username).where(or_(*conditions))))
    return taken


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
