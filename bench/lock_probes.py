"""What an upgrade step locks, and how long a student's statements wait meanwhile.

The upgrade drill (bench/upgrade_drill.py) runs these beside each migration: a recorder of the
table locks the upgrade's connection holds, read just before it commits and polled from another
connection, and a student's statements run one after another under a lock_timeout.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from sqlalchemy import URL, text
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db import make_engine  # noqa: E402

MIGRATOR = "sourcewise-upgrade-drill"  # application_name of the upgrade's connection
# Table lock modes from weakest to strongest, and what each stops a student doing
# (PostgreSQL's conflict table: reads take ACCESS SHARE, writes ROW EXCLUSIVE).
MODES = ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
         "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]  # fmt: skip
STOPS = {"ShareLock": "writes", "ShareRowExclusiveLock": "writes", "ExclusiveLock": "writes",
         "AccessExclusiveLock": "reads and writes"}  # fmt: skip
OWN_LOCKS = (
    "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
    " WHERE l.granted AND l.locktype = 'relation' AND c.relnamespace = 'public'::regnamespace"
    " AND l.pid = pg_backend_pid()"
)
MIGRATOR_LOCKS = OWN_LOCKS.replace(
    "l.pid = pg_backend_pid()",
    "l.pid IN (SELECT pid FROM pg_stat_activity WHERE application_name = :name"
    " AND datname = current_database())",
)


class LockRecorder:
    """The strongest lock the upgrade held on each table that existed before it."""

    def __init__(self, existing: set[str]):
        self.existing = existing
        self.locks: dict[str, str] = {}

    def add(self, rows) -> None:
        """Keep the stronger of the known and the newly seen mode per existing table."""
        for relation, mode in rows:
            if relation in self.existing and mode in MODES:
                known = self.locks.get(relation, MODES[0])
                self.locks[relation] = max(known, mode, key=MODES.index)

    def before_commit(self, conn) -> None:
        """Engine `commit` hook: PostgreSQL keeps a transaction's locks until it commits."""
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute(OWN_LOCKS)
            self.add(cursor.fetchall())


class Watcher(threading.Thread):
    """Runs a loop on its own connection until stopped; keeps the first error for the caller."""

    def __init__(self, url: URL):
        super().__init__(daemon=True)
        self.url = url
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        """Connect, signal ready, loop; release the ready flag even when connecting fails."""
        engine = make_engine(self.url.render_as_string(hide_password=False))
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                self.loop(conn)
        except Exception as error:  # raised again in the main thread, after join
            self.error = error
        finally:
            self.ready.set()
            engine.dispose()

    def loop(self, conn) -> None:
        """The work; subclasses set `ready` once they are in place."""
        raise NotImplementedError


class LockPoller(Watcher):
    """Reads the upgrade connection's locks from pg_locks every 10 ms."""

    def __init__(self, url: URL, recorder: LockRecorder):
        super().__init__(url)
        self.recorder = recorder

    def loop(self, conn) -> None:
        """Poll until stopped."""
        self.ready.set()
        while not self.stop.wait(0.01):
            self.recorder.add(conn.execute(text(MIGRATOR_LOCKS), {"name": MIGRATOR}).all())


class StudentProbe(Watcher):
    """A student's statements one after another, each timed, at least once and until stopped."""

    def __init__(self, url: URL, statements: list[tuple[str, str]], params: dict, timeout: float):
        super().__init__(url)
        self.statements, self.params, self.timeout = statements, params, timeout
        self.longest = (0.0, "")
        self.count = 0
        self.timed_out = False

    def loop(self, conn) -> None:
        """Run the statements in turn, a short pause between rounds, as requests would."""
        conn.exec_driver_sql(f"SET lock_timeout = '{int(self.timeout * 1000)}ms'")
        self.ready.set()
        while self.count == 0 or not self.stop.is_set():
            for name, sql in self.statements:
                self.timed(conn, name, sql)
            time.sleep(0.005)

    def timed(self, conn, name: str, sql: str) -> None:
        """One statement; a lock timeout counts as a wait of the whole timeout."""
        started = time.perf_counter()
        try:
            conn.execute(text(sql), self.params)
        except OperationalError as error:
            if "lock timeout" not in str(error.orig):
                raise
            self.timed_out = True
        waited = time.perf_counter() - started
        self.count += 1
        self.longest = max(self.longest, (waited, name))
