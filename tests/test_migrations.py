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
