"""Writing an attempt's row: one INSERT for a new attempt, one conditional UPDATE otherwise.

Statements are built once per process; the exactly-once rules live in the database (unique keys
and the still-open condition), so two tabs or clicks at once cannot store an attempt twice.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Insert, Update, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from app.assignment_rules import AttemptStatus
from app.models import Attempt


def write(db: Session, attempt: Attempt, values: dict[str, Any]) -> bool:
    """Put `values` into the attempt while it is open, in one statement; False once handed in.

    A new attempt is inserted already holding them. Should another tab or click have stored
    the same number a moment before, the values go into that one, if it is still open.
    """
    if attempt.id is None:
        for name, value in values.items():
            setattr(attempt, name, value)
        if _insert(db, attempt):
            return True
        attempt = _numbered(db, attempt)
        if attempt is None:
            return False
    # A conditional update: of two simultaneous submissions only one finds it still open.
    params = {"attempt_id": attempt.id} | {f"new_{name}": v for name, v in values.items()}
    return db.execute(_update_open(tuple(values)), params).rowcount == 1


@cache
def _update_open(columns: tuple[str, ...]) -> Update:
    """UPDATE of `columns` in one attempt while it is still open, built once per set of columns.

    On the table, not the mapped class: the ORM's bulk-update step has no objects to bring up to
    date here (views read the attempt before writing), so it would only add cost.
    """
    table = Attempt.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("attempt_id"), table.c.status == AttemptStatus.IN_PROGRESS)
        .values({name: bindparam(f"new_{name}") for name in columns})
    )


def _insert(db: Session, attempt: Attempt) -> bool:
    """INSERT the new attempt and keep it in the session as a stored row; False if it is taken.

    One statement, not the unit of work (db.add and a flush cost more than the INSERT itself),
    and no savepoint: when another tab or click stored the same number (or another open
    attempt) a moment before, the INSERT adds nothing and the transaction goes on. Columns left
    unset take their defaults.
    """
    table = Attempt.__table__
    row = {c.key: value for c in table.columns if (value := getattr(attempt, c.key)) is not None}
    stored_id = db.execute(_insert_unless_taken(db.get_bind().dialect.name), row).scalar()
    if stored_id is None:
        return False
    attempt.id = stored_id
    make_transient_to_detached(attempt)  # unset columns load from the row if they are read
    db.add(attempt)
    return True


@cache
def _insert_unless_taken(dialect: str) -> Insert:
    """INSERT of an attempt that adds nothing when its number (or an open attempt) is taken.

    RETURNING the new id, so no row means taken. SQLite and PostgreSQL, the two supported
    databases, both say ON CONFLICT DO NOTHING; other constraint failures still raise.
    """
    table = Attempt.__table__
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return make(table).on_conflict_do_nothing().returning(table.c.id)


def _numbered(db: Session, attempt: Attempt) -> Attempt | None:
    """The stored attempt with the same student, assignment and number, if there is one."""
    query = select(Attempt).where(
        Attempt.assignment_id == attempt.assignment_id,
        Attempt.student_id == attempt.student_id,
        Attempt.number == attempt.number,
    )
    return db.scalars(query).first()
