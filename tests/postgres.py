"""Whole throwaway PostgreSQL databases for the drills, and what to compare between two of them."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from alembic.script import ScriptDirectory
from sqlalchemy import URL, create_engine, inspect, make_url, text

from app.db import make_engine
from app.migrate import alembic_config

CATALOG = {
    "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default"
    " FROM information_schema.columns WHERE table_schema = 'public'",
    "constraints": "SELECT conrelid::regclass::text, conname, contype FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace",
    "indexes": "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'",
}


def _admin(server_url: str):
    # CREATE and DROP DATABASE cannot run inside a transaction.
    return create_engine(server_url, isolation_level="AUTOCOMMIT")


def create_database(server_url: str, url: URL) -> None:
    """Create the (empty) database `url` names on the server."""
    admin = _admin(server_url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        admin.dispose()


@contextmanager
def throwaway_names(server_url: str, *labels: str) -> Iterator[list[URL]]:
    """URLs of new database names on the server, one per label; dropped at the end, even on failure.

    The databases themselves are made by the caller (or a command under test); whichever exist
    at the end are dropped, with any connection left open to them.
    """
    token = secrets.token_hex(4)
    urls = [make_url(server_url).set(database=f"drill_{label}_{token}") for label in labels]
    try:
        yield urls
    finally:
        admin = _admin(server_url)
        try:
            with admin.connect() as connection:
                for url in urls:
                    connection.execute(
                        text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
                    )
        finally:
            admin.dispose()


@contextmanager
def connected(url: URL):
    """A connection to the database `url` names, its engine disposed afterwards."""
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def libpq_environment(url: URL) -> dict[str, str]:
    """os.environ with the URL's password where libpq reads it, and no app database settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_SCHEMA")}
    if url.password:
        env["PGPASSWORD"] = url.password
    return env


def schema_text(url: URL) -> str:
    """The database's whole schema as pg_dump writes it: equal text, unchanged schema."""
    command = ["pg_dump", "--schema-only", f"--host={url.host}", f"--port={url.port or 5432}",
               f"--username={url.username}", f"--dbname={url.database}"]  # fmt: skip
    done = subprocess.run(
        command, env=libpq_environment(url), capture_output=True, text=True, timeout=60, check=True
    )
    # Newer pg_dump releases wrap the script in \restrict KEY ... \unrestrict KEY, a fresh
    # random key each run: the only lines that differ between two dumps of one schema.
    lines = done.stdout.splitlines()
    return "\n".join(line for line in lines if not line.startswith(("\\restrict", "\\unrestrict")))


def catalog(url: URL) -> dict[str, list[tuple]]:
    """Tables' columns, the names and kinds of constraints, and index definitions, sorted."""
    with connected(url) as connection:
        return {name: sorted(connection.execute(text(q)).all()) for name, q in CATALOG.items()}


def table_columns(url: URL) -> dict[str, list[str]]:
    """Each table's column names (alembic's own table left out)."""
    with connected(url) as connection:
        inspector = inspect(connection)
        return {
            table: [column["name"] for column in inspector.get_columns(table)]
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }


def table_rows(url: URL, columns: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Every row of every table as PostgreSQL's own text of it, sorted; or only `columns`."""
    with connected(url) as connection:
        tables = columns or {t: ["*"] for t in inspect(connection).get_table_names()}
        return {
            table: connection.execute(text(_rows_query(table, cols))).scalars().all()
            for table, cols in sorted(tables.items())
        }


def _rows_query(table: str, columns: list[str]) -> str:
    # Table and column names come from the database's own catalog, not from input.
    if columns == ["*"]:
        return f'SELECT t::text FROM "{table}" AS t ORDER BY 1'  # noqa: S608
    fields = ", ".join(f'"{c}"' for c in columns)
    return f'SELECT ROW({fields})::text FROM "{table}" ORDER BY 1'  # noqa: S608


def sequences(url: URL) -> list[tuple]:
    """Every sequence's last value: a restored copy must go on numbering where the source was."""
    with connected(url) as connection:
        query = "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"
        return connection.execute(text(query)).all()


def alembic_version(url: URL) -> list[str]:
    """The revision(s) the database's alembic_version records."""
    with connected(url) as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()


def revisions() -> ScriptDirectory:
    """The app's migration scripts (for their first and latest revision)."""
    return ScriptDirectory.from_config(alembic_config(None))
