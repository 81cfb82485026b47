"""Command-line tools: database upgrades, accounts and demo data."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from app import migrate
from app.db import get_engine, get_session
from app.services import accounts

db_cli = AppGroup("db", help="Database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to date (safe to run again)."""
    migrate.upgrade(get_engine(), revision)
    click.echo(f"Database is at {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Take the schema back to REVISION (e.g. 'base'); data in dropped tables is lost."""
    migrate.downgrade(get_engine(), revision)
    click.echo(f"Database is at {revision}.")


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
    logins = load_demo(session)
    session.commit()
    click.echo("Demo log-ins (password for all: see below):")
    for role, login, password in logins:
        click.echo(f"  {role:8} {login:28} password: {password}")


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI."""
    app.cli.add_command(db_cli)
    app.cli.add_command(create_teacher)
    app.cli.add_command(demo)
