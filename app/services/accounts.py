"""Accounts: creating teachers and students, logging in, passwords."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.models import ROLE_STUDENT, ROLE_TEACHER, User
from app.security import hash_password, new_one_time_password, verify_password

# A hash to compare against when no account matches, so a wrong username costs as much
# time as a wrong password and does not reveal which usernames exist.
_DUMMY_HASH: dict[str, str] = {}


def find_by_login(session: Session, login: str) -> User | None:
    """The account whose email (teachers) or username (students) is `login`."""
    key = login.strip().lower()
    if not key:
        return None
    column = User.email if "@" in key else User.username
    return session.scalars(select(User).where(func.lower(column) == key)).first()


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The account if the password matches, else None."""
    user = find_by_login(session, login)
    if user is None:
        dummy = _DUMMY_HASH.setdefault("hash", hash_password("not-a-real-password"))
        verify_password(dummy, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def email_taken(session: Session, email: str) -> bool:
    """Whether an account already uses this email (case-insensitive)."""
    query = select(User.id).where(func.lower(User.email) == email.strip().lower())
    return session.scalars(query).first() is not None


def username_taken(session: Session, username: str) -> bool:
    """Whether an account already uses this username."""
    query = select(User.id).where(User.username == username.strip().lower())
    return session.scalars(query).first() is not None


def create_teacher(session: Session, name: str, email: str, password: str) -> User:
    """Add a teacher account."""
    user = User(
        role=ROLE_TEACHER,
        email=email.strip().lower(),
        display_name=name.strip(),
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


def create_student(
    session: Session, username: str, display_name: str, password: str, *, one_time: bool = False
) -> User:
    """Add a student account; a one-time password must be changed at first log-in."""
    user = User(
        role=ROLE_STUDENT,
        username=username.strip().lower(),
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        must_change_password=one_time,
    )
    session.add(user)
    session.flush()
    return user


def change_password(session: Session, user: User, new_password: str) -> None:
    """Set a password the person chose; other sessions of this account end."""
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.session_version += 1
    session.flush()


def end_sessions(session: Session, user: User) -> None:
    """End every session of this account, on every device (log-out on a shared computer)."""
    user.session_version += 1
    session.flush()


def reset_to_one_time_password(session: Session, user: User) -> str:
    """Give a student a new one-time password (returned once) and end their sessions."""
    password = new_one_time_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.session_version += 1
    session.flush()
    return password


# Built once: this runs on every signed-in request, and Session.get builds its statement each time.
_USER_BY_ID = select(User).where(User.id == bindparam("id"))


def load_for_session(session: Session, identity: str) -> User | None:
    """The user behind a session identity 'id:version', if that version is still current."""
    user_id, _, version = identity.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.execute(_USER_BY_ID, {"id": int(user_id)}).scalar_one_or_none()
    if user is None or user.session_version != int(version):
        return None
    return user
