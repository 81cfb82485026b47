"""The disk-full scenario: a class, its teacher and a gunicorn whose SQLite disk fills up.

test_disk_full.py plays it once per way of filling the disk and checks what it recorded.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from app.migrate import upgrade
from app.models import Attempt, Classroom
from tests.conftest import make_test_app
from tests.factories import PASSWORD, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson
from tests.security.live_gunicorn import Gunicorn, KeptForm, Reply, Visitor
from tests.security.small_disk import PAGE, FileSizeLimit, TmpfsDisk

LESSON = lesson()
# Students by when they hand in: before the disk fills, once a little space is back, while full.
GROUPS = {"early": 3, "squeezed": 8, "late": 5}
STUDENTS = sum(GROUPS.values())
DISK_BYTES = 8 << 20
# A hand-in adds 2 to 10 pages to SQLite's log (frames of 4,120 bytes; about 7 usually), so
# twelve pages of room always take the first of the squeezed group's hand-ins, never all eight.
ROOM = 12 * PAGE
ANSWERS = form_for(LESSON.questions)
SOME_ANSWERS = form_for(LESSON.questions[:3])
WRITTEN = next(q.id for q in LESSON.questions if q.type == "short_answer")
NEW_CLASS = {"name": "Period 2 (made while the disk was full)"}
MARK = {"points": "3", "comment": "A fair headline; name the source next time."}
TABLES = ("attempt", "classroom", "enrollment", "user_account")
DATABASE = "sourcewise.sqlite3"


@dataclass
class Run:
    """What the scenario saw; the tests read it."""

    how: str = ""
    quiz: str = ""
    early: list[Reply] = field(default_factory=list)
    workers_before: list[int] = field(default_factory=list)
    # The disk full
    room_full: int = -1
    rows_before_full: dict = field(default_factory=dict)
    hand_ins_full: dict[str, Reply] = field(default_factory=dict)
    saves_full: list[Reply] = field(default_factory=list)
    teacher_full: dict[str, tuple[str, dict, Reply]] = field(default_factory=dict)
    reading_full: Reply | None = None
    health_full: Reply | None = None
    rows_full: dict = field(default_factory=dict)
    log_bytes_written_full: int = 0
    seconds_full: float = 0.0
    # A little space back
    attempts_before_squeeze: dict[str, list[dict]] = field(default_factory=dict)
    room_back: int = -1
    squeezed: dict[str, Reply] = field(default_factory=dict)
    attempts_squeezed: dict[str, list[dict]] = field(default_factory=dict)
    # Full again
    checkpoint_full: str = ""
    integrity_full: list = field(default_factory=list)
    # Space freed
    saves_after: list[Reply] = field(default_factory=list)
    resent: dict[str, list[Reply]] = field(default_factory=dict)
    teacher_after: dict[str, Reply] = field(default_factory=dict)
    workers_after: list[int] = field(default_factory=list)
    integrity_after: list = field(default_factory=list)
    attempts_after: list[Attempt] = field(default_factory=list)
    classes_after: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    seconds: float = 0.0


def together(calls: list[Callable[[], Reply]]) -> list[Reply]:
    """Make the requests at the same time, as a class does; replies in order."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def arrange(url: str) -> tuple[int, str]:
    """A migrated database with a teacher, a class of students and one assignment."""
    app = make_test_app({"DATABASE_URL": url, "DATABASE_SCHEMA": ""})
    engine = app.extensions["db_engine"]
    upgrade(engine)
    with Session(engine) as db:
        db.info["app"] = app
        teacher = make_teacher(db, email="disk.full@school.test")
        classroom = make_classroom(db, teacher)
        for n in range(STUDENTS):
            make_student(db, classroom, username=f"disk{n}")
        arranged = make_assignment(db, classroom).id, teacher.email
    engine.dispose()
    return arranged


def rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of the tables the scenario writes to, as stored."""
    with engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608 - fixed names
            for table in TABLES
        }


def attempts_by_student(engine: Engine) -> dict[str, list[dict]]:
    """Each student's attempt rows, column by column, as stored."""
    found: dict[str, list[dict]] = {f"disk{n}": [] for n in range(STUDENTS)}
    query = text(
        "SELECT u.username, a.* FROM attempt a JOIN user_account u ON u.id = a.student_id "
        "ORDER BY a.id"
    )
    with engine.connect() as connection:
        for row in connection.execute(query).mappings():
            found[row["username"]].append(dict(row))
    return found


def integrity(engine: Engine) -> list:
    """SQLite's own checks of the file and of its foreign keys ("ok" and nothing else)."""
    with engine.connect() as connection:
        checked = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
        return checked + list(connection.execute(text("PRAGMA foreign_key_check")))


# Run in a process of its own, so the file-size limit (when that stands in for a full disk)
# applies to it as it does to the server.
CHECKPOINT = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
try:
    print("done", connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall())
except sqlite3.Error as error:
    print(type(error).__name__, error)
"""


class Scenario:
    """The people, the server and the disk; one method per period."""

    def __init__(
        self,
        server: Gunicorn,
        disk: TmpfsDisk | FileSizeLimit,
        engine: Engine,
        arranged: tuple[int, str],
    ):
        self.server, self.disk, self.engine = server, disk, engine
        self.quiz = f"/student/assignments/{arranged[0]}"
        self.run = Run(how=disk.how, quiz=self.quiz)
        self.teacher_email = arranged[1]
        names = iter(f"disk{n}" for n in range(STUDENTS))
        self.groups = {
            group: {next(names): Visitor(server.base) for _ in range(size)}
            for group, size in GROUPS.items()
        }
        self.teacher = Visitor(server.base)

    def log_in(self) -> None:
        """Everyone logs in while the disk has room (logging in writes nothing anyway)."""
        people = [(v, n) for group in self.groups.values() for n, v in group.items()]
        people.append((self.teacher, self.teacher_email))
        replies = together(
            [
                lambda v=v, n=n: v.post("/login", {"login": n, "password": PASSWORD})
                for v, n in people
            ]
        )
        assert all(r.status == 200 for r in replies), [r.status for r in replies]

    def before(self) -> None:
        """The early group hands in; the others save a few answers; all of it is stored."""
        self.run.early = self._all("early", "/submit", ANSWERS)
        saved = self._all("squeezed", "/save?auto=1", SOME_ANSWERS)
        saved += self._all("late", "/save?auto=1", SOME_ANSWERS)
        assert all(r.status == 200 for r in self.run.early + saved)
        self.run.workers_before = self.server.workers()

    def full(self) -> None:
        """No room at all: every kind of write is refused, reading goes on, nothing changes."""
        started = time.monotonic()
        self.run.room_full = self.disk.fill(self.server.pids())
        self.run.rows_before_full = rows(self.engine)
        log_size = self._log_size()
        replies = self._all("late", "/submit", ANSWERS)
        self.run.hand_ins_full = dict(zip(self.groups["late"], replies, strict=True))
        self.run.saves_full = self._all("late", "/save?auto=1", ANSWERS)
        self._teacher_while_full()
        self.run.reading_full = next(iter(self.groups["late"].values())).get(self.quiz)
        self.run.health_full = self.teacher.get("/healthz")
        self.run.rows_full = rows(self.engine)
        self.run.log_bytes_written_full = self._log_size() - log_size
        self.run.seconds_full = time.monotonic() - started

    def space_back(self) -> None:
        """A little space back: hand-ins at once, those that fit are stored, the rest refused."""
        self.run.attempts_before_squeeze = attempts_by_student(self.engine)
        self.run.room_back = self.disk.fill(self.server.pids(), room=ROOM)
        replies = self._all("squeezed", "/submit", ANSWERS)
        self.run.squeezed = dict(zip(self.groups["squeezed"], replies, strict=True))
        self.run.attempts_squeezed = attempts_by_student(self.engine)

    def checkpoint_while_full(self) -> None:
        """Full again, someone checkpoints the log into the database file: it stays whole.

        Last before space is freed: a checkpoint that got through would let the log start
        over in place, where writes need no new space.
        """
        self.disk.fill(self.server.pids())
        self.run.checkpoint_full = self._checkpoint()
        self.run.integrity_full = integrity(self.engine)

    def after(self) -> None:
        """Free the space; the same server takes the saves and the kept forms again."""
        self.disk.free(self.server.pids())
        self.run.saves_after = self._all("late", "/save?auto=1", ANSWERS)
        self.run.resent = self._resend()
        for key, (path, _, reply) in self.run.teacher_full.items():
            kept = KeptForm(reply.body, path)
            self.run.teacher_after[key] = self.teacher.post(kept.action, kept.fields)
        self.run.workers_after = self.server.workers()
        self.run.integrity_after = integrity(self.engine)
        with Session(self.engine) as db:
            self.run.attempts_after = list(db.scalars(select(Attempt).order_by(Attempt.id)))
            self.run.classes_after = list(db.scalars(select(Classroom.name)))

    def _all(self, group: str, action: str, data: dict) -> list[Reply]:
        """Everyone in the group posts the same form to the quiz at the same time."""
        visitors = self.groups[group].values()
        return together([lambda v=v: v.post(self.quiz + action, data) for v in visitors])

    def _teacher_while_full(self) -> None:
        with self.engine.connect() as connection:  # the first attempt handed in, by the early group
            first = connection.execute(text("SELECT min(id) FROM attempt")).scalar_one()
        mark = f"/teacher/attempts/{first}/questions/{WRITTEN}/mark"
        for key, path, data in (("class", "/teacher/classes", NEW_CLASS), ("mark", mark, MARK)):
            self.run.teacher_full[key] = (path, data, self.teacher.post(path, data))

    def _resend(self) -> dict[str, list[Reply]]:
        """Each refused student presses "Try again" on the kept page, twice at once."""
        refused = {n: r for n, r in self.run.squeezed.items() if r.status != 200}
        refused |= self.run.hand_ins_full
        visitors = self.groups["squeezed"] | self.groups["late"]
        calls, names = [], []
        for name, reply in refused.items():
            kept = KeptForm(reply.body, self.quiz + "/submit")
            calls += [lambda v=visitors[name], k=kept: v.post(k.action, k.fields)] * 2
            names += [name, name]
        resent: dict[str, list[Reply]] = {name: [] for name in refused}
        for name, reply in zip(names, together(calls), strict=True):
            resent[name].append(reply)
        return resent

    def _log_size(self) -> int:
        wal = self.disk.database.with_name(self.disk.database.name + "-wal")
        return wal.stat().st_size

    def _checkpoint(self) -> str:
        command = self.disk.limited([sys.executable, "-c", CHECKPOINT, str(self.disk.database)])
        done = subprocess.run(command, capture_output=True, text=True, timeout=20)
        return (done.stdout + done.stderr).strip()
