"""The PostgreSQL backup drill in docs/DEPLOY.md, run as written: every row comes back and serves.

The commands are read from DEPLOY.md (the block after its `backup-drill` marker) and run as
subprocesses with the connection filled in, so the page and the test cannot drift apart. Each
drill uses throwaway databases with unique names on the server, dropped even when a step fails.
"""

from __future__ import annotations

import re
import shlex
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import URL
from sqlalchemy.orm import Session

from app import create_app
from app.db import Base, make_engine
from app.demo import answers_form
from app.migrate import upgrade
from app.models import utcnow
from app.roster import RosterLine
from app.services import attempts, check_ins, classrooms, teaching
from tests.conftest import BASE_CONFIG
from tests.factories import (
    app_context,
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)
from tests.postgres import (
    alembic_version,
    catalog,
    connected,
    create_database,
    libpq_environment,
    revisions,
    schema_text,
    sequences,
    table_columns,
    table_rows,
    throwaway_names,
)
from tests.quiz_forms import lesson

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # bench/ holds scripts, not a package
import district  # noqa: E402

seeding = district.seeding  # bench/seed.py
DEPLOY = ROOT / "docs" / "DEPLOY.md"
MARKER = "<!-- backup-drill:"
SMALL_SEED = [
    "--teachers", "2", "--classes-per-teacher", "2", "--students-per-class", "4",
    "--assignments", "2", "--bench-students", "5", "--bench-assignments", "3", "--crowd", "3",
]  # fmt: skip
SCORE_RE = re.compile(r'class="big-score">(\d+)%</p>\s*<p>(\S+) of (\d+) points')
GRADEBOOK_RE = re.compile(r'class="cell-pct">(\d+)%|class="grade-average">([^<]*)<')


def documented_commands() -> list[str]:
    """The drill's command lines as DEPLOY.md gives them."""
    after = DEPLOY.read_text().split(MARKER, 1)[1]
    block = after.split("```sh\n", 1)[1].split("\n```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def filled_in(line: str, values: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(environment, argv) of one documented line, its $VARIABLES replaced by `values`."""
    words = [string.Template(word).substitute(values) for word in shlex.split(line)]
    env = {}
    while re.fullmatch(r"[A-Z_]+=.*", words[0]):  # leading NAME=value assignments
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


def _runnable(argv: list[str]) -> list[str]:
    """The command with `.venv/bin/flask` run from the virtualenv running the tests."""
    return [sys.executable, "-m", "flask", *argv[1:]] if argv[0] == ".venv/bin/flask" else argv


def _connection(url: URL) -> dict[str, str]:
    return {"DB_HOST": url.host or "127.0.0.1", "DB_PORT": str(url.port or 5432),
            "DB_USER": url.username or "postgres"}  # fmt: skip


def _environment(url: URL) -> dict[str, str]:
    """The shell the commands run in: the app's environment and the database password."""
    return {**libpq_environment(url), "SECRET_KEY": "backup-drill-" + "x" * 40}


def migrated(server_url: str, url: URL, revision: str = "head") -> None:
    """Create the database `url` names and bring it to `revision`."""
    create_database(server_url, url)
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        upgrade(engine, revision)
    finally:
        engine.dispose()


def run_drill(source: URL, copy: URL, dump: Path) -> dict[str, str]:
    """Run the documented commands from `source` into `copy`; the copy's schema after each."""
    values = {**_connection(source), "DB_NAME": source.database, "NEW_DB": copy.database,
              "DUMP": str(dump)}  # fmt: skip
    schemas = {}
    for line in documented_commands():
        env, argv = filled_in(line, values)
        done = subprocess.run(
            _runnable(argv), cwd=ROOT, env={**_environment(source), **env}, capture_output=True,
            text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        if argv[0] != "pg_dump":  # the copy exists from createdb on
            schemas[Path(argv[0]).name] = schema_text(copy)
    return schemas


# ---- A populated district database ----------------------------------------------------------


@dataclass
class Probes:
    """Where the pages to compare live, and who may see them."""

    student: str
    result_path: str
    teacher: str
    gradebook_path: str
    bench_teacher: str
    bench_gradebook_path: str


def app_on(url: URL):
    """The app with test settings on the database `url` names."""
    config = {**BASE_CONFIG, "DATABASE_URL": url.render_as_string(hide_password=False)}
    return create_app(config)


def populate(url: URL) -> Probes:
    """Bulk data from bench/seed.py plus a class made through the app's own services."""
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        info = seeding.seed(engine, seeding.parser().parse_args(["--url", "-", *SMALL_SEED]))
    finally:
        engine.dispose()
    app = app_on(url)
    try:
        with Session(bind=app.extensions["db_engine"]) as db:
            db.info["app"] = app
            probes = _our_class(db)
    finally:
        app.extensions["db_engine"].dispose()
    probes.bench_teacher = info.bench_teacher
    probes.bench_gradebook_path = f"/teacher/classes/{info.bench_classroom_id}/gradebook"
    return probes


def _our_class(db: Session) -> Probes:
    """A roster, a handed-in attempt with a wrong answer, an open one with saved answers and own terms."""
    teacher = make_teacher(db, "drill.teacher@school.test")
    classroom = make_classroom(db, teacher, "Drill period")
    lines = [RosterLine(1, "Ana B."), RosterLine(2, "Ben C.")]
    with app_context(db):
        classrooms.add_roster(db, classroom, lines, "drill-roster-token")
    db.commit()
    student = make_student(db, classroom, username="drill.student")
    assignment = make_assignment(db, classroom)
    quiz = lesson(assignment.lesson_slug)
    answers = attempts.read_answers(quiz, answers_form(quiz, {1}))
    make_submitted_attempt(db, assignment, student, answers)
    other = make_student(db, classroom, username="drill.other")
    view = attempts.student_view(db, assignment, other, utcnow())
    opened = attempts.attempt_for_form(view, other, quiz, 1)
    assert attempts.store_answers(db, view, opened, dict(list(answers.items())[:2]))
    teaching.set_student_exception(db, assignment, other.id, None, 1)  # one extra attempt
    db.commit()
    _check_in(db, classroom, student)
    return Probes(
        student="drill.student",
        result_path=f"/student/assignments/{assignment.id}/attempts/1",
        teacher="drill.teacher@school.test",
        gradebook_path=f"/teacher/classes/{classroom.id}/gradebook",
        bench_teacher="",
        bench_gradebook_path="",
    )


def _check_in(db: Session, classroom, student) -> None:
    """A check-in for the class, its before phase handed in by one student."""
    now = utcnow()
    check_in = check_ins.create(db, classroom, "signals", None, b"drill", now)
    db.commit()
    view = check_ins.find_for_student(db, check_in.id, student, now)
    form = lesson(f"check-in-signals-{view.form(view.phase).lower()}")
    attempt = check_ins.attempt_for(db, view, student, form)
    answers = attempts.read_answers(form, answers_form(form, {0, 3}))
    assert check_ins.submit(db, attempt, form, answers, now)
    db.commit()


@dataclass
class Drill:
    """A finished drill: the source, its restored copy, and what was seen on the way."""

    source: URL
    copy: URL
    probes: Probes
    schemas: dict[str, str]


@pytest.fixture(scope="module")
def drill(postgres_server, tmp_path_factory):
    """Populate a database at the latest migration and run the documented drill on it."""
    with throwaway_names(postgres_server, "source", "copy") as (source, copy):
        migrated(postgres_server, source)
        probes = populate(source)
        dump = tmp_path_factory.mktemp("backup") / "sourcewise.dump"
        yield Drill(source, copy, probes, run_drill(source, copy, dump))


# ---- What the drill must show --------------------------------------------------------------


def test_the_drilled_database_has_rows_in_every_table(drill):
    empty = [table for table, rows in table_rows(drill.source).items() if not rows]
    assert empty == []


def test_every_row_of_every_table_comes_back(drill):
    assert table_rows(drill.copy) == table_rows(drill.source)


def test_every_sequence_goes_on_where_the_source_was(drill):
    assert sequences(drill.copy) == sequences(drill.source)


def test_the_restored_copy_has_the_source_tables_columns_constraints_and_indexes(drill):
    # Not pg_dump's text: PostgreSQL prints a restored CHECK (x IN (...)) in another, equal form.
    assert catalog(drill.copy) == catalog(drill.source)


def test_the_restored_copy_has_the_schema_the_models_expect(drill):
    with connected(drill.copy) as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_the_restored_copy_is_at_the_latest_migration(drill):
    assert alembic_version(drill.copy) == [revisions().get_current_head()]


def test_the_documented_upgrade_changes_nothing_on_a_current_dump(drill):
    assert drill.schemas["flask"] == drill.schemas["pg_restore"]


def _page(app, who: str, password: str, path: str) -> str:
    client = app.test_client()
    assert login(client, who, password).status_code == 302
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _served_by_both(drill: Drill, who: str, password: str, path: str) -> tuple[str, str]:
    """The page as the app serves it from the source and from the restored copy."""
    pages = []
    for url in (drill.source, drill.copy):
        app = app_on(url)
        try:
            pages.append(_page(app, who, password, path))
        finally:
            app.extensions["db_engine"].dispose()
    return pages[0], pages[1]


def test_a_student_sees_the_same_score_served_from_the_copy(drill):
    probes = drill.probes
    source, copy = _served_by_both(drill, probes.student, "correct-horse-1", probes.result_path)
    assert SCORE_RE.findall(copy) == SCORE_RE.findall(source) != []


def test_a_teacher_sees_the_same_gradebook_numbers_served_from_the_copy(drill):
    probes = drill.probes
    for who, password, path in (
        (probes.teacher, "correct-horse-1", probes.gradebook_path),
        (probes.bench_teacher, seeding.PASSWORD, probes.bench_gradebook_path),
    ):
        source, copy = _served_by_both(drill, who, password, path)
        assert GRADEBOOK_RE.findall(copy) == GRADEBOOK_RE.findall(source) != [], who


# ---- A dump from an older release ----------------------------------------------------------


def test_a_dump_taken_at_the_first_migration_restores_and_upgrades_with_rows_intact(
    postgres_server, tmp_path
):
    with throwaway_names(postgres_server, "old", "oldcopy") as (source, copy):
        migrated(postgres_server, source, revisions().get_base())
        engine = make_engine(source.render_as_string(hide_password=False))
        try:
            district.seed_district(engine, district.Sizes(students=40, classes=4, weeks=1))
        finally:
            engine.dispose()
        columns = table_columns(source)  # compared on the first revision's columns only
        before = table_rows(source, columns)
        run_drill(source, copy, tmp_path / "old.dump")
        assert alembic_version(copy) == [revisions().get_current_head()]
        assert table_rows(copy, columns) == before
        assert all(before.values())
