"""Backups of a running SQLite database restore whole; upgrades keep every row."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

from sqlalchemy import inspect, text

from app import create_app
from app.migrate import downgrade, upgrade
from tests.conftest import BASE_CONFIG


def _app_on(path, tmp_path):
    return create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{path}"}, str(tmp_path))


def _teachers(path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [r[0] for r in connection.execute("SELECT email FROM user_account ORDER BY id")]


def _add_teacher(connection, email: str) -> None:
    connection.execute(
        "INSERT INTO user_account (role, email, display_name, password_hash, "
        "must_change_password, session_version, created_at) "
        "VALUES ('teacher', ?, 'T', 'x', 0, 1, '2026-01-01 00:00:00')",
        (email,),
    )


def test_backup_while_a_writer_is_busy_then_restore(tmp_path):
    # Always SQLite (the command's database), whichever database the rest of the suite uses.
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    app = _app_on(live, tmp_path)
    upgrade(app.extensions["db_engine"])
    with closing(sqlite3.connect(live)) as connection, connection:
        _add_teacher(connection, "kept@school.test")
    writer = sqlite3.connect(live)
    writer.execute("BEGIN IMMEDIATE")
    _add_teacher(writer, "uncommitted@school.test")  # the app is mid-transaction
    result = app.test_cli_runner().invoke(args=["db", "backup", str(copy)])
    writer.rollback()
    writer.close()
    assert result.exit_code == 0, result.output
    assert _teachers(copy) == ["kept@school.test"]
    with closing(sqlite3.connect(live)) as connection, connection:
        _add_teacher(connection, "after-backup@school.test")
    app.extensions["db_engine"].dispose()
    for suffix in ("-wal", "-shm"):  # restore = stop the app, put the copy in place, start
        (tmp_path / f"live.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, live)
    restored = _app_on(live, tmp_path)
    assert restored.test_client().get("/healthz").status_code == 200
    assert _teachers(live) == ["kept@school.test"]
    restored.extensions["db_engine"].dispose()


def test_backup_command_refuses_postgresql_with_advice(tmp_path):
    app = create_app(
        {**BASE_CONFIG, "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"},
        str(tmp_path),
    )
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "x")])
    assert result.exit_code != 0 and "pg_dump" in result.output


def test_upgrade_from_the_first_migration_keeps_every_row(empty_engine):
    upgrade(empty_engine, "0001")
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO user_account (id, role, email, username, display_name, password_hash,"
                " must_change_password, session_version, created_at) VALUES"
                " (1, 'teacher', 't@school.test', NULL, 'T', 'h', false, 1, '2026-01-01'),"
                " (2, 'student', NULL, 'sam', 'Sam', 'h', true, 3, '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO classroom (id, teacher_id, name, join_code, created_at)"
                " VALUES (1, 1, 'P1', 'ABC234', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO enrollment (id, classroom_id, student_id, joined_at)"
                " VALUES (1, 1, 2, '2026-01-01')"
            )
        )
    before = _rows(empty_engine)
    upgrade(empty_engine)
    assert _rows(empty_engine) == before
    assert {"assignment", "attempt"} <= set(inspect(empty_engine).get_table_names())
    downgrade(empty_engine, "0001")
    assert _rows(empty_engine) == before
    assert "attempt" not in inspect(empty_engine).get_table_names()


def _rows(engine) -> dict:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()  # noqa: S608
            for table in ("user_account", "classroom", "enrollment")
        }
