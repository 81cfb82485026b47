"""Command-line tools: database upgrades, accounts and demo data."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app import migrate
from app.backup import backup_sqlite
from app.db import get_engine, get_session
from app.lesson_library import DEFAULT_FOLDER, articles_folder
from app.lessons import load_library
from app.lessons.check import summary
from app.lessons.export import library_to_gift, library_to_json
from app.services import accounts, skill_points, standings

db_cli = AppGroup("db", help="Database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to date (safe to run again)."""
    migrate.upgrade(get_engine(), revision)
    click.echo(f"Database is at {revision}.")
    if revision == "head":
        _catch_up(every=False)


@db_cli.command("catch-up")
@click.option("--all", "every", is_flag=True, help="Every one, not only the missing or stale.")
def db_catch_up(every: bool) -> None:
    """Work out standings and points per skill again from the attempts and the lesson files.

    `db upgrade` does this for standings that are missing and points that are missing or follow
    an edited lesson; --all redoes every one (after a rolling upgrade, for what an older release
    wrote meanwhile).
    """
    if _catch_up(every=every) == 0:
        click.echo("Standings and points per skill were up to date.")


def _catch_up(every: bool) -> int:
    """Fill standings, then points per skill, in batches with a commit each; rows written."""
    session = get_session()
    migrate.refresh_statistics(session)
    session.commit()
    library = current_app.extensions["lesson_library"]
    steps = (
        ("standings", standings.fill_batches(session, every=every)),
        (
            "handed-in attempts' points per skill",
            skill_points.refresh_batches(session, library, every=every),
        ),
    )
    written = 0
    for what, batches in steps:
        total = 0
        for done in batches:
            session.commit()
            total += done
            click.echo(f"Worked out {total} {what} so far.")
        if total:
            click.echo(f"Worked out {total} {what}.")
        written += total
    return written


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Take the schema back to REVISION (e.g. 'base'); data in dropped tables is lost."""
    migrate.downgrade(get_engine(), revision)
    click.echo(f"Database is at {revision}.")


@db_cli.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, writable=True))
def db_backup(destination: str) -> None:
    """Copy the SQLite database to DESTINATION, consistently, while the app keeps running."""
    engine = get_engine()
    if engine.dialect.name != "sqlite":
        raise click.ClickException(
            "This command backs up SQLite. For PostgreSQL use pg_dump (see the README)."
        )
    pages = backup_sqlite(engine.url.database, destination)
    click.echo(f"Backed up {pages} pages to {destination}.")


@click.command("create-teacher")
@with_appcontext
@click.option("--name", prompt=True)
@click.option("--email", prompt=True)
@click.password_option()
def create_teacher(name: str, email: str, password: str) -> None:
    """Add a teacher account."""
    session = get_session()
    if accounts.email_taken(session, email):
        raise click.ClickException(f"An account with the email {email} already exists.")
    if len(password) < 8:
        raise click.ClickException("The password needs at least 8 characters.")
    accounts.create_teacher(session, name, email, password)
    session.commit()
    click.echo(f"Teacher {email} created.")


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Load demo data (a teacher, classes, students) and print the demo log-ins."""
    from app.demo import load_demo

    session = get_session()
    logins = load_demo(session, current_app.extensions["lesson_library"])
    session.commit()
    click.echo("Demo log-ins (password for all: see below):")
    for role, login, password in logins:
        click.echo(f"  {role:8} {login:28} password: {password}")


accounts_cli = AppGroup("accounts", help="Accounts, for the school's administrator.")


@accounts_cli.command("reset-password")
@click.argument("username")
def accounts_reset_password(username: str) -> None:
    """Give the student USERNAME a one-time password (printed once) and end their sessions."""
    session = get_session()
    student = accounts.find_by_login(session, username)
    if student is None or not student.is_student:
        raise click.ClickException(f"No student has the username {username}.")
    password = accounts.reset_to_one_time_password(session, student)
    session.commit()
    click.echo(f"One-time password for {student.username}: {password}")
    click.echo("They choose their own password when they log in with it.")


lessons_cli = AppGroup("lessons", help="Lesson files.")


def _folder(folder: str | None) -> Path:
    return (
        Path(folder) if folder else Path(current_app.config.get("LESSONS_FOLDER") or DEFAULT_FOLDER)
    )


@lessons_cli.command("check")
@click.option("--folder", help="Lesson folder (default: lessons/).")
@click.option("--articles", help="Source article folder (default: ../shared/articles).")
def lessons_check(folder: str | None, articles: str | None) -> None:
    """List every problem, then every warning, in the lesson files; exit 1 if any problem."""
    library = load_library(_folder(folder), articles or articles_folder(current_app))
    for problem in library.problems:
        click.echo(str(problem))
    for warning in library.warnings:
        click.echo(f"warning: {warning}")
    click.echo(summary(library))
    if library.problems:
        raise SystemExit(1)


@lessons_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "gift"]), default="json")
@click.option("--folder", help="Lesson folder (default: lessons/).")
def lessons_export(fmt: str, folder: str | None) -> None:
    """Write every lesson to stdout: JSON with everything, or GIFT questions for Moodle."""
    library = load_library(_folder(folder))
    if library.problems:
        raise click.ClickException(
            f"{len(library.problems)} problems in the lesson files; run 'lessons check'."
        )
    if fmt == "json":
        click.echo(json.dumps(library_to_json(library), ensure_ascii=False, indent=2))
    else:
        click.echo(library_to_gift(library))


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI."""
    app.cli.add_command(db_cli)
    app.cli.add_command(lessons_cli)
    app.cli.add_command(accounts_cli)
    app.cli.add_command(create_teacher)
    app.cli.add_command(demo)
