"""The migrations build exactly the models' schema, up and down."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, insert, inspect, text

from app.db import Base
from app.migrate import downgrade, upgrade


def test_migrations_produce_exactly_the_models_schema(empty_engine):
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrade_to_base_removes_every_table(empty_engine):
    upgrade(empty_engine)
    downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}


def test_upgrade_counts_the_unmarked_points_of_work_handed_in_before(empty_engine):
    upgrade(empty_engine, "0002")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    scores = {
        "q1": {"awarded": 1, "points": 1, "parts": {}, "needs_teacher": False},
        "q2": {"awarded": 0, "points": 3, "parts": {}, "needs_teacher": True},
    }
    tables = MetaData()
    tables.reflect(empty_engine)
    rows = [
        (
            "user_account",
            {
                "id": 1,
                "role": "teacher",
                "email": "t@x.test",
                "display_name": "T",
                "password_hash": "x",
                "must_change_password": False,
                "session_version": 1,
                "created_at": now,
            },
        ),
        (
            "classroom",
            {"id": 1, "teacher_id": 1, "name": "C", "join_code": "ABCDEF", "created_at": now},
        ),
        (
            "assignment",
            {
                "id": 1,
                "classroom_id": 1,
                "lesson_slug": "l",
                "max_attempts": 1,
                "reveal": "after_last",
                "accept_late": True,
                "created_at": now,
            },
        ),
        (
            "attempt",
            {
                "id": 1,
                "assignment_id": 1,
                "student_id": 1,
                "number": 1,
                "lesson_version": "v",
                "status": "submitted",
                "answers": {},
                "scores": scores,
                "awarded_num": 1,
                "awarded_den": 1,
                "max_points": 4,
                "awaiting_teacher": True,
                "is_late": False,
                "started_at": now,
                "saved_at": now,
                "submitted_at": now,
            },
        ),
    ]
    with empty_engine.begin() as connection:
        for name, values in rows:
            connection.execute(insert(tables.tables[name]).values(**values))
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        found = connection.execute(text("SELECT pending_points FROM attempt")).scalar_one()
    assert found == 3


def _attempt(number, student, assignment, *, status="submitted", **totals) -> dict:
    at = datetime(2026, 11, 2, tzinfo=UTC)
    return {
        "assignment_id": assignment,
        "student_id": student,
        "number": number,
        "lesson_version": "v",
        "status": status,
        "answers": {},
        "scores": {},
        "awarded_num": totals.get("num", 0),
        "awarded_den": totals.get("den", 1),
        "max_points": totals.get("max", 4),
        "awaiting_teacher": totals.get("pending", 0) > 0,
        "pending_points": totals.get("pending", 0),
        "is_late": totals.get("late", False),
        "started_at": at,
        "saved_at": at,
        "submitted_at": at if status == "submitted" else None,
    }


def _school_before_standings(engine) -> None:
    """A class of five students on two assignments, their work as 0004 stored it."""
    now = datetime(2026, 11, 1, tzinfo=UTC)
    tables = MetaData()
    tables.reflect(engine)
    user = {"must_change_password": False, "session_version": 1, "created_at": now}
    users = [
        {"id": 1, "role": "teacher", "email": "t@x.test", "username": None, "display_name": "T"}
    ]
    users += [
        {"id": n, "role": "student", "email": None, "username": f"s{n}", "display_name": f"S{n}"}
        for n in range(2, 7)
    ]
    assignment = {
        "classroom_id": 1,
        "lesson_slug": "l",
        "reveal": "after_last",
        "accept_late": True,
    }
    attempts = [
        _attempt(1, 2, 1, num=1, max=4),  # a better second attempt counts
        _attempt(2, 2, 1, num=3, max=4),
        _attempt(1, 3, 1, num=7, den=2, max=4, late=True),  # late, in halves
        _attempt(2, 3, 1, num=1, max=4),  # worse: the first still counts
        _attempt(1, 4, 1, num=1, max=4, pending=2),  # written answers to mark
        _attempt(1, 5, 1, status="in_progress"),
        _attempt(1, 2, 2, num=2, max=4),  # a tie: the earlier attempt counts
        _attempt(2, 2, 2, num=2, max=4),
        _attempt(3, 2, 2, status="in_progress"),
    ]
    rows = [
        ("user_account", [{"password_hash": "x", **user, **u} for u in users]),
        ("classroom", [{"id": 1, "teacher_id": 1, "name": "C", "join_code": "ABCDEF"}]),
        ("enrollment", [{"classroom_id": 1, "student_id": n} for n in range(2, 7)]),
        (
            "assignment",
            [
                {"id": 1, "due_at": now, "max_attempts": 3, **assignment},
                {"id": 2, "due_at": None, "max_attempts": 3, **assignment},
            ],
        ),
        (
            "student_exception",
            [{"assignment_id": 1, "student_id": 6, "due_at": None, "extra_attempts": 1}],
        ),
        ("attempt", attempts),
    ]
    with engine.begin() as connection:
        for name, values in rows:
            table = tables.tables[name]
            stamped = [{"created_at": now, "joined_at": now, **v} for v in values]
            known = [{k: v for k, v in row.items() if k in table.c} for row in stamped]
            connection.execute(insert(table), known)


def test_standings_filled_after_the_upgrade_give_the_gradebook_the_attempts_give(empty_engine):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.models import Classroom, StudentException
    from app.services import attempts, reports, standings

    upgrade(empty_engine, "0004")
    _school_before_standings(empty_engine)
    upgrade(empty_engine)
    now = datetime(2026, 11, 3, tzinfo=UTC)
    with Session(empty_engine) as db:
        for _ in standings.fill_batches(db):  # what `flask db upgrade` runs after the migrations
            db.commit()
        report = reports.class_report(db, db.get(Classroom, 1), now, load=reports.TOTALS_ONLY)
        stored, worked_out = {}, {}
        for student in report.students:
            for assignment in report.assignments:
                cell = report.view(student, assignment)
                terms = db.scalars(
                    select(StudentException).where(
                        StudentException.assignment_id == assignment.id,
                        StudentException.student_id == student.id,
                    )
                ).first()
                view = attempts.student_view(db, assignment, student, now, terms)
                for found, into in ((cell, stored), (view, worked_out)):
                    best = found.best and (found.best.number, found.best.is_late)
                    into[(student.id, assignment.id)] = (found.status, found.best_percent, best)
    assert stored == worked_out
    assert stored[(2, 1)][2] == (2, False) and stored[(3, 1)][2] == (1, True)
    assert stored[(2, 2)][2] == (1, False) and stored[(6, 1)][0] == "missing"
