"""Time every migration on a district-size PostgreSQL database and record what it locks.

    .venv/bin/python bench/upgrade_drill.py                      # 10,000 students: a few minutes
    .venv/bin/python bench/upgrade_drill.py --students 100 --classes 4 --weeks 2   # quick
    .venv/bin/python bench/upgrade_drill.py --json /tmp/upgrade.json
    .venv/bin/python bench/upgrade_drill.py --only 0006 --only fill   # just those steps

For each migration, oldest first: a throwaway database on the server --url names (a unique
name, dropped at the end even when a step fails) is brought to the revision before it, filled
with a district's data in the tables that exist then (bench/district.py), and upgraded by that
one step, timed. Meanwhile a student's connection logs in, lists classes, opens and autosaves an
attempt, over and over, each statement under a lock_timeout, and the locks the upgrade holds on
tables that already existed are read from pg_locks just before it commits (and polled from
another connection, for a migration that commits in parts). A last step fills the latest schema
with a school year of attempts and runs the upgrade every release runs when it has no migration;
the very last empties the standings and points per skill of such a database and times the fill
that `flask db upgrade` runs after the migrations, batch by batch.
Exit status 1 when a step takes longer than --max-seconds or keeps a student waiting longer
than --max-wait.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import district  # noqa: E402
from lock_probes import MIGRATOR, STOPS, LockPoller, LockRecorder, StudentProbe  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.lesson_library import DEFAULT_FOLDER, library_for  # noqa: E402
from app.migrate import alembic_config, refresh_statistics, upgrade  # noqa: E402
from app.services import skill_points, standings  # noqa: E402

PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# What a student's requests do to the database, by the table each needs.
STUDENT = [
    ("log in", "user_account",
     "SELECT id, password_hash, session_version FROM user_account WHERE username = :username"),
    ("log out", "user_account",
     "UPDATE user_account SET session_version = session_version WHERE id = :student"),
    ("class list", "enrollment",
     "SELECT c.id, c.name FROM enrollment e JOIN classroom c ON c.id = e.classroom_id"
     " WHERE e.student_id = :student"),
    ("open quiz", "attempt", "SELECT * FROM attempt WHERE id = :attempt"),
    ("autosave", "attempt", "UPDATE attempt SET saved_at = saved_at WHERE id = :attempt"),
]  # fmt: skip


@dataclass
class Step:
    """One upgrade step's figures."""

    step: str
    rows: dict[str, int] = field(default_factory=dict)
    seed_seconds: float = 0.0
    seconds: float = 0.0
    locks: dict[str, str] = field(default_factory=dict)  # existing table -> strongest mode
    longest_wait_ms: float = 0.0
    longest_wait_query: str = ""
    student_statements: int = 0
    timed_out: bool = False
    batches: int = 0  # the fill's batches, each committed on its own (0 for a migration)
    longest_batch: float = 0.0  # seconds, the longest of them


@contextmanager
def throwaway_database(server_url: str):
    """A new empty database with a unique name, dropped at the end (with any open connection)."""
    url = make_url(server_url).set(database=f"upgrade_drill_{secrets.token_hex(4)}")
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


def engine_for(url: URL, **query: str) -> Engine:
    """The app's engine on `url`, with extra connection settings such as application_name."""
    return make_engine(url.update_query_dict(query).render_as_string(hide_password=False))


def student_statements(conn, tables: set[str]) -> tuple[list[tuple[str, str]], dict]:
    """The student statements this revision's tables allow, and a student (and attempt) to use."""
    statements = [(name, sql) for name, table, sql in STUDENT if table in tables]
    params = {"student": None, "username": None, "attempt": None}
    if "user_account" in tables:
        query = "SELECT id, username FROM user_account WHERE role = 'student' ORDER BY id LIMIT 1"
        params["student"], params["username"] = conn.execute(text(query)).one()
    if "attempt" in tables:
        query = "SELECT min(id) FROM attempt WHERE status = 'in_progress'"
        params["attempt"] = conn.execute(text(query)).scalar()
    return statements, params


def relations(conn) -> set[str]:
    """The app's tables that exist now (alembic's own, which no student touches, left out)."""
    query = (
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
        " AND relkind IN ('r', 'p') AND relname <> 'alembic_version'"
    )
    return set(conn.execute(text(query)).scalars())


def prepare(
    url: URL, before: str | None, sizes: district.Sizes, step: Step, unfilled: bool = False
) -> tuple:
    """Bring the database to `before`, seed it, and say what exists and what a student runs.

    `unfilled`: then empty the standings and clear the points per skill, as a district's
    database is when the migrations that add them have just run.
    """
    engine = engine_for(url)
    try:
        if before is not None:
            upgrade(engine, before)
            started = time.perf_counter()
            step.rows = district.seed_district(engine, sizes)
            if unfilled:
                with engine.begin() as conn:
                    conn.execute(text(UNFILL_STANDINGS))
                    conn.execute(text(UNFILL_POINTS))
                step.rows = district.row_counts(engine)
            step.seed_seconds = round(time.perf_counter() - started, 1)
        with engine.connect() as conn:
            existing = relations(conn)
            return existing, *student_statements(conn, set(step.rows))
    finally:
        engine.dispose()


UNFILL_STANDINGS = "DELETE FROM assignment_standing"
UNFILL_POINTS = "UPDATE attempt SET skill_points = NULL, skill_points_version = NULL"
FILL = "fill after the upgrade: standings, then points per skill"


def fill(engine: Engine) -> list[float]:
    """What `flask db upgrade` runs after the migrations (app/cli.py): the missing standings,
    then the missing points per skill, a batch at a time with a commit each; each batch's s."""
    library = library_for(DEFAULT_FOLDER)
    seconds = []
    with Session(engine) as session:
        refresh_statistics(session)
        session.commit()
        for batches in (
            standings.fill_batches(session),
            skill_points.refresh_batches(session, library),
        ):
            started = time.perf_counter()
            for _ in batches:
                session.commit()
                seconds.append(time.perf_counter() - started)
                started = time.perf_counter()
    return seconds


def measure(url: URL, target: str, step: Step, prepared: tuple, lock_timeout: float) -> None:
    """Run one upgrade step, timed, with the student probe and the lock poller beside it.

    The target FILL runs the fill after an upgrade instead of a migration.
    """
    existing, statements, params = prepared
    recorder = LockRecorder(existing)
    watchers = [LockPoller(url, recorder)]
    if statements:
        watchers.append(StudentProbe(url, statements, params, lock_timeout))
    for watcher in watchers:
        watcher.start()
        watcher.ready.wait(30)
    migrator = engine_for(url, application_name=MIGRATOR)
    event.listen(migrator, "commit", recorder.before_commit)
    try:
        started = time.perf_counter()
        if target == FILL:
            batches = fill(migrator)
            step.batches, step.longest_batch = len(batches), round(max(batches, default=0), 3)
        else:
            upgrade(migrator, target)
        step.seconds = round(time.perf_counter() - started, 3)
    finally:
        migrator.dispose()
        for watcher in watchers:
            watcher.stop.set()
            watcher.join(60)
    for watcher in watchers:
        if watcher.error is not None:
            raise watcher.error
    step.locks = dict(sorted(recorder.locks.items()))
    if statements:
        probe = watchers[1]
        step.longest_wait_ms = round(probe.longest[0] * 1000, 1)
        step.longest_wait_query, step.student_statements = probe.longest[1], probe.count
        step.timed_out = probe.timed_out


def steps() -> list[tuple[str, str | None, str]]:
    """(label, revision before, target) for every migration oldest first, then a no-op upgrade,
    then the fill that follows an upgrade (on the latest schema, standings and points empty)."""
    scripts = ScriptDirectory.from_config(alembic_config(None))
    ordered = list(reversed(list(scripts.walk_revisions())))
    found = [(f"{s.revision} {s.doc}", s.down_revision, s.revision) for s in ordered]
    head = ordered[-1].revision
    return [*found, ("head, nothing to run", head, "head"), (FILL, "head", FILL)]


def run_step(server_url: str, label: str, before, target: str, args) -> Step:
    """One step on a database of its own."""
    step = Step(label)
    with throwaway_database(server_url) as url:
        prepared = prepare(url, before, args.sizes, step, unfilled=target == FILL)
        measure(url, target, step, prepared, args.lock_timeout)
    return step


def over_budget(results: list[Step], max_seconds: float, max_wait: float) -> list[str]:
    """The steps that took too long or kept a student waiting too long, said plainly."""
    problems = []
    for step in results:
        if step.batches and step.longest_batch > max_seconds:
            problems.append(
                f"{step.step}: a batch held its locks {step.longest_batch} s (> {max_seconds} s)"
            )
        elif not step.batches and step.seconds > max_seconds:
            problems.append(f"{step.step}: the upgrade took {step.seconds} s (> {max_seconds} s)")
        if step.timed_out or step.longest_wait_ms > max_wait * 1000:
            problems.append(
                f"{step.step}: a student's {step.longest_wait_query!r} waited "
                f"{step.longest_wait_ms:.0f} ms (> {max_wait * 1000:.0f} ms)"
                + (", hitting the lock timeout" if step.timed_out else "")
            )
    return problems


def _rows_text(rows: dict[str, int]) -> str:
    return ", ".join(f"{table} {count:,}" for table, count in rows.items() if count) or "none"


def _locks_text(locks: dict[str, str]) -> str:
    parts = [f"{rel} {mode}" + (f" (stops {STOPS[mode]})" if mode in STOPS else "")
             for rel, mode in locks.items()]  # fmt: skip
    return "; ".join(parts) or "none on existing tables"


def report(results: list[Step]) -> str:
    """A Markdown table: one line per step."""
    lines = [
        "| step | rows present before it | upgrade s | locks held on existing tables "
        "| longest student statement |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for s in results:
        wait = (f"{s.longest_wait_ms:.1f} ms ({s.longest_wait_query}, {s.student_statements} run)"
                if s.student_statements else "no tables yet")  # fmt: skip
        took = f"{s.seconds:.2f}"
        if s.batches:
            took += f" ({s.batches} batches, longest {s.longest_batch:.2f})"
        lines.append(f"| {s.step} | {_rows_text(s.rows)} | {took} | "
                     f"{_locks_text(s.locks)} | {wait} |")  # fmt: skip
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    """Command-line flags; the defaults are a district of 10,000 students."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default=PG_URL, help="a database on the server to create others from")
    p.add_argument("--students", type=int, default=district.Sizes.students)
    p.add_argument("--classes", type=int, default=district.Sizes.classes)
    p.add_argument("--weeks", type=int, default=district.Sizes.weeks, help="assignments a class")
    p.add_argument("--max-seconds", type=float, default=30.0, help="budget for one step")
    p.add_argument("--max-wait", type=float, default=1.0, help="budget for a student's wait, s")
    p.add_argument("--lock-timeout", type=float, default=5.0, help="student statements' timeout")
    p.add_argument("--json", help="also write the figures to this file")
    p.add_argument(
        "--only",
        action="append",
        metavar="STEP",
        help="run only the steps whose label starts with this (a revision such as 0006, "
        "'head' or 'fill'); may be given more than once",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run every step, print the table, and fail when a step is over budget."""
    args = parser().parse_args(argv)
    args.sizes = district.Sizes(students=args.students, classes=args.classes, weeks=args.weeks)
    started = time.perf_counter()
    results = []
    chosen = [step for step in steps() if not args.only or step[0].startswith(tuple(args.only))]
    if not chosen:
        print(f"no step starts with {' or '.join(args.only)}", file=sys.stderr)
        return 2
    for label, before, target in chosen:
        results.append(run_step(args.url, label, before, target, args))
        last = results[-1]
        print(f"{label}: seeded in {last.seed_seconds} s, upgraded in {last.seconds} s, "
              f"longest student wait {last.longest_wait_ms} ms", flush=True)  # fmt: skip
    print()
    print(report(results))
    print(f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {platform.platform()}; "
          f"total {time.perf_counter() - started:.0f} s")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(s) for s in results], indent=2))
    problems = over_budget(results, args.max_seconds, args.max_wait)
    for problem in problems:
        print("OVER BUDGET:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
