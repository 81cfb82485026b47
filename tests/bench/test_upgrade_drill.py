"""The upgrade drill runs end to end on a tiny district, and its probes can see what they measure.

Tiny sizes: this checks that bench/upgrade_drill.py still works for every migration (and that
its seeder fills every table the models have), not how long anything takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text

from app.db import Base
from tests.postgres import connected, revisions

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # bench/ holds scripts, not a package
import district  # noqa: E402
import lock_probes  # noqa: E402
import upgrade_drill  # noqa: E402

TINY = ["--students", "12", "--classes", "2", "--weeks", "2"]
LOG_OUT = next(sql for name, _, sql in upgrade_drill.STUDENT if name == "log out")


@pytest.fixture(scope="module")
def figures(postgres_server, tmp_path_factory) -> dict[str, dict]:
    """The drill's figures per step from one tiny run."""
    raw = tmp_path_factory.mktemp("upgrade") / "figures.json"
    command = [sys.executable, "bench/upgrade_drill.py", "--url", postgres_server, *TINY,
               "--json", str(raw)]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "| step | rows present before it |" in done.stdout
    return {step["step"]: step for step in json.loads(raw.read_text())}


def test_the_drill_runs_every_migration_in_order_then_an_upgrade_with_nothing_to_do(figures):
    ordered = reversed(list(revisions().walk_revisions()))
    expected = [f"{script.revision} {script.doc}" for script in ordered]
    assert list(figures) == [*expected, "head, nothing to run", upgrade_drill.FILL]


def test_the_first_migration_runs_on_an_empty_database(figures):
    first = next(iter(figures.values()))
    assert first["rows"] == {} and first["student_statements"] == 0


def test_the_drill_fills_every_table_at_the_latest_revision(figures):
    rows = figures["head, nothing to run"]["rows"]
    assert set(rows) == set(Base.metadata.tables)
    assert all(rows.values()), rows


def test_the_drill_seeds_only_the_tables_an_older_revision_has(figures):
    rows = figures["0002 assignments and attempts"]["rows"]
    assert set(rows) == {"user_account", "classroom", "enrollment", "roster_batch"}
    assert rows["user_account"] == 12 + 1  # students and their one teacher


def test_the_drill_records_the_locks_a_migration_holds_on_existing_tables(figures):
    # 0002 adds foreign keys to user_account and classroom: PostgreSQL locks both against writes.
    locks = figures["0002 assignments and attempts"]["locks"]
    assert locks == {"classroom": "ShareRowExclusiveLock", "user_account": "ShareRowExclusiveLock"}


def test_the_fill_after_an_upgrade_starts_empty_commits_in_batches_and_stops_no_one(figures):
    fill = figures[upgrade_drill.FILL]
    assert fill["rows"]["assignment_standing"] == 0 and fill["rows"]["attempt"] > 0
    assert fill["batches"] >= 2  # the standings, then the points per skill
    assert 0 < fill["longest_batch"] <= fill["seconds"]
    # Row locks and the foreign keys' share locks only: no table lock stops reads or writes.
    assert fill["locks"] and not set(fill["locks"].values()) & set(lock_probes.STOPS)


def test_only_a_step_that_exists_can_be_chosen(capsys):
    assert upgrade_drill.main(["--only", "9999"]) == 2
    assert "no step starts with 9999" in capsys.readouterr().err


def test_a_student_ran_statements_during_every_step_that_had_tables(figures):
    later = list(figures.values())[1:]
    assert all(step["student_statements"] > 0 for step in later)


# ---- The student probe, against a lock held on purpose ---------------------------------------


@pytest.fixture
def seeded(postgres_server):
    """A tiny district at the latest revision, on a database of its own."""
    with upgrade_drill.throwaway_database(postgres_server) as url:
        engine = upgrade_drill.engine_for(url)
        try:
            upgrade_drill.upgrade(engine)
            district.seed_district(engine, district.Sizes(students=4, classes=1, weeks=1))
        finally:
            engine.dispose()
        yield url


def _probe_while_locked(url, hold: float, timeout: float):
    """Hold a lock that stops writes to user_account for `hold` s while a student logs out."""
    with connected(url) as conn:
        params = {"student": conn.execute(text("SELECT max(id) FROM user_account")).scalar()}
    probe = lock_probes.StudentProbe(url, [("log out", LOG_OUT)], params, timeout)
    with connected(url) as holder:
        holder.execute(text("LOCK TABLE user_account IN SHARE MODE"))
        probe.start()
        probe.ready.wait(30)
        time.sleep(hold)
        holder.rollback()
    probe.stop.set()
    probe.join(30)
    assert probe.error is None and not probe.is_alive()
    return probe


def test_a_student_statement_kept_waiting_by_a_lock_is_measured(seeded):
    probe = _probe_while_locked(seeded, hold=0.5, timeout=5.0)
    waited, name = probe.longest
    assert name == "log out" and waited >= 0.25 and not probe.timed_out  # unlocked: ~1 ms


def test_a_student_statement_past_the_lock_timeout_is_over_budget(seeded):
    probe = _probe_while_locked(seeded, hold=0.5, timeout=0.1)
    step = upgrade_drill.Step("held", longest_wait_ms=probe.longest[0] * 1000,
                              longest_wait_query=probe.longest[1], timed_out=probe.timed_out)  # fmt: skip
    problems = upgrade_drill.over_budget([step], max_seconds=30, max_wait=1.0)
    assert probe.timed_out and problems and "hitting the lock timeout" in problems[0]


def test_the_lock_poller_sees_locks_of_the_named_connection(seeded):
    recorder = lock_probes.LockRecorder({"user_account"})
    poller = lock_probes.LockPoller(seeded, recorder)
    named = upgrade_drill.engine_for(seeded, application_name=lock_probes.MIGRATOR)
    try:
        with named.connect() as conn:
            conn.execute(text("LOCK TABLE user_account IN ACCESS EXCLUSIVE MODE"))
            poller.start()
            poller.ready.wait(30)
            deadline = time.monotonic() + 5
            while not recorder.locks and time.monotonic() < deadline:
                time.sleep(0.01)
            conn.rollback()
    finally:
        poller.stop.set()
        poller.join(30)
        named.dispose()
    assert recorder.locks == {"user_account": "AccessExclusiveLock"}


def test_a_wait_for_a_row_is_not_taken_for_a_table_lock(seeded):
    """A transaction waiting for another's row holds a tuple lock in ExclusiveLock mode; that
    is the row, not the table, so the poller records only the UPDATE's RowExclusiveLock."""
    recorder = lock_probes.LockRecorder({"user_account"})
    poller = lock_probes.LockPoller(seeded, recorder)
    named = upgrade_drill.engine_for(seeded, application_name=lock_probes.MIGRATOR)
    touch = text("UPDATE user_account SET session_version = session_version WHERE id = :id")
    with connected(seeded) as holder:
        row = {"id": holder.execute(text("SELECT max(id) FROM user_account")).scalar()}
        holder.execute(touch, row)  # holds the row until rolled back
        with named.connect() as waiter:
            waiting = threading.Thread(target=waiter.execute, args=(touch, row))
            try:
                waiting.start()
                poller.start()
                poller.ready.wait(30)
                deadline = time.monotonic() + 5
                while not recorder.locks and time.monotonic() < deadline:
                    time.sleep(0.01)
                time.sleep(0.2)  # several polls while the waiter holds the row's tuple lock
            finally:
                holder.rollback()
                waiting.join(30)
                waiter.rollback()
                poller.stop.set()
                poller.join(30)
    named.dispose()
    assert recorder.locks == {"user_account": "RowExclusiveLock"}


def test_the_commit_hook_records_the_locks_a_transaction_holds(seeded):
    recorder = lock_probes.LockRecorder({"user_account", "attempt"})
    engine = upgrade_drill.engine_for(seeded)
    event.listen(engine, "commit", recorder.before_commit)
    try:
        with engine.begin() as conn:
            conn.execute(text("LOCK TABLE attempt IN SHARE MODE"))
    finally:
        engine.dispose()
    assert recorder.locks == {"attempt": "ShareLock"}
