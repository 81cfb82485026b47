"""Alembic, driven from the app: the migrations live in app/migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that runs on the given engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision`."""
    command.downgrade(alembic_config(engine), revision)


# The tables the catch-up after an upgrade reads (standings, then points per skill).
CAUGHT_UP_FROM = ("attempt", "assignment", "assignment_standing")


def refresh_statistics(db: Session | Connection) -> None:
    """Have PostgreSQL sample the tables the catch-up reads, before it reads them.

    A database just restored from a dump or just bulk-loaded has no planner statistics until
    autovacuum gets round to it, and without them PostgreSQL plans each batch's read as if the
    tables were nearly empty: measured on a district, a batch of points took seconds instead of
    a tenth of one. ANALYZE samples a few thousand rows per table and blocks no reads or writes;
    a database role that does not own the tables gets a warning and the fill goes on. SQLite
    plans these reads well without statistics, so nothing is run there.
    """
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("ANALYZE " + ", ".join(CAUGHT_UP_FROM)))
