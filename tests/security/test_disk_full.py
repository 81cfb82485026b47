"""The disk under SQLite fills up: every refused write says so and keeps what was sent,
nothing is half-written, and the same running server stores the work once space is freed.

One scenario over real HTTP against gunicorn (two workers), its database on a small
filesystem (see small_disk.py): students hand in and save before, during and after the
full-disk period, and a teacher creates a class and marks a written answer. The tests below
each check one thing the scenario recorded. It uses its own SQLite file whatever
TEST_DATABASE_URL says.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from app import grading
from app.migrate import upgrade
from app.models import Attempt, Classroom
from tests.conftest import make_test_app
from tests.factories import PASSWORD, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson
from tests.security.live_gunicorn import Gunicorn, Reply, Visitor, serve
from tests.security.small_disk import small_disk

LESSON = lesson()
STUDENTS = 10
EARLY = 3  # hand in before the disk fills; the others save some answers, then hand in while full
DISK_BYTES = 8 << 20
ANSWERS = form_for(LESSON.questions)
SOME_ANSWERS = form_for(LESSON.questions[:3])
WRITTEN = next(q.id for q in LESSON.questions if q.type == "short_answer")
NEW_CLASS = {"name": "Period 2 (made while the disk was full)"}
MARK = {"points": "3", "comment": "A fair headline; name the source next time."}
TABLES = ("attempt", "classroom", "enrollment", "user_account")


@dataclass
class Arranged:
    """Ids and names the scenario works with."""

    assignment_id: int
    teacher_email: str
    students: list[str]


@dataclass
class Run:
    """What the scenario saw; the tests read it."""

    how: str = ""
    room_left: int = -1
    early: list[Reply] = field(default_factory=list)
    saved_before: list[Reply] = field(default_factory=list)
    rows_before: dict = field(default_factory=dict)
    workers_before: list[int] = field(default_factory=list)
    hand_ins_full: dict[str, Reply] = field(default_factory=dict)
    saves_full: list[Reply] = field(default_factory=list)
    teacher_full: dict[str, tuple[str, dict, Reply]] = field(default_factory=dict)
    reading_full: Reply | None = None
    checkpoint_full: str = ""
    integrity_full: list = field(default_factory=list)
    rows_full: dict = field(default_factory=dict)
    saves_after: list[Reply] = field(default_factory=list)
    resent: dict[str, list[Reply]] = field(default_factory=dict)
    teacher_after: dict[str, Reply] = field(default_factory=dict)
    workers_after: list[int] = field(default_factory=list)
    integrity_after: list = field(default_factory=list)
    attempts_after: list[Attempt] = field(default_factory=list)
    classes_after: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    seconds_full: float = 0.0
    seconds: float = 0.0


class KeptForm(HTMLParser):
    """The form a 503 page offers again: its address and the fields it would send."""

    def __init__(self, page: str, action: str):
        super().__init__()
        self.action, self.fields, self._inside = action, [], False
        self.found = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        """Collect hidden fields of the form that posts back to `action`."""
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("action") == self.action
            self.found = self.found or self._inside
        elif tag == "input" and self._inside and attrs.get("type") == "hidden":
            self.fields.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        """A form ends."""
        if tag == "form":
            self._inside = False


def _pairs(data: dict) -> list[tuple[str, str]]:
    """A form as sorted (name, value) pairs, for comparing what was sent with what is kept."""
    return sorted((name, value) for name, values in data.items() for value in values)


def _together(calls: list[Callable[[], Reply]]) -> list[Reply]:
    """Make the requests at the same time, as a class does; replies in order."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def _arrange(url: str) -> Arranged:
    """A migrated database with a teacher, a class of students and one assignment."""
    app = make_test_app({"DATABASE_URL": url, "DATABASE_SCHEMA": ""})
    engine = app.extensions["db_engine"]
    upgrade(engine)
    with Session(engine) as db:
        db.info["app"] = app
        teacher = make_teacher(db, email="disk.full@school.test")
        classroom = make_classroom(db, teacher)
        names = [f"disk{n}" for n in range(STUDENTS)]
        for name in names:
            make_student(db, classroom, username=name)
        arranged = Arranged(make_assignment(db, classroom).id, teacher.email, names)
    engine.dispose()
    return arranged


def _rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of the tables the scenario writes to, as stored."""
    with engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608 - fixed names
            for table in TABLES
        }


def _integrity(engine: Engine) -> list:
    """SQLite's own checks of the file and of its foreign keys."""
    with engine.connect() as connection:
        checked = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
        return checked + list(connection.execute(text("PRAGMA foreign_key_check")))


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

    def __init__(self, server: Gunicorn, disk, engine: Engine, arranged: Arranged):
        self.server, self.disk, self.engine = server, disk, engine
        self.arranged, self.run = arranged, Run(how=disk.how)
        self.students = {name: Visitor(server.base) for name in arranged.students}
        self.teacher = Visitor(server.base)
        self.quiz = f"/student/assignments/{arranged.assignment_id}"

    def log_in(self) -> None:
        """Everyone logs in while the disk has room (logging in writes nothing anyway)."""
        people = [(v, name) for name, v in self.students.items()]
        people.append((self.teacher, self.arranged.teacher_email))
        replies = _together(
            [
                lambda v=v, n=n: v.post("/login", {"login": n, "password": PASSWORD})
                for v, n in people
            ]
        )
        assert all(r.status == 200 for r in replies), [r.status for r in replies]

    def before(self) -> None:
        """Some hand in, the others save a few answers; all of it is stored."""
        early, late = self._early(), self._late()
        self.run.early = _together(
            [lambda v=v: v.post(self.quiz + "/submit", ANSWERS) for v in early.values()]
        )
        self.run.saved_before = _together(
            [lambda v=v: v.post(self.quiz + "/save?auto=1", SOME_ANSWERS) for v in late.values()]
        )
        self.run.rows_before = _rows(self.engine)
        self.run.workers_before = self.server.workers()

    def full(self) -> None:
        """Fill the disk, then every kind of write; reading goes on; nothing may change."""
        started = time.monotonic()
        self.run.room_left = self.disk.fill(self.server.pids())
        late = self._late()
        replies = _together(
            [lambda v=v: v.post(self.quiz + "/submit", ANSWERS) for v in late.values()]
        )
        self.run.hand_ins_full = dict(zip(late, replies, strict=True))
        self.run.saves_full = _together(
            [lambda v=v: v.post(self.quiz + "/save?auto=1", ANSWERS) for v in late.values()]
        )
        mark = f"/teacher/attempts/{self._marked_attempt_id()}/questions/{WRITTEN}/mark"
        for key, path, data in (("class", "/teacher/classes", NEW_CLASS), ("mark", mark, MARK)):
            self.run.teacher_full[key] = (path, data, self.teacher.post(path, data))
        self.run.reading_full = next(iter(late.values())).get(self.quiz)
        self.run.rows_full = _rows(self.engine)
        # Last: a checkpoint that did get through would let the log start over in place.
        self.run.checkpoint_full = self._checkpoint()
        self.run.integrity_full = _integrity(self.engine)
        self.run.seconds_full = time.monotonic() - started

    def after(self) -> None:
        """Free the space; the same server takes the saves and the kept forms again."""
        self.disk.free(self.server.pids())
        late = self._late()
        self.run.saves_after = _together(
            [lambda v=v: v.post(self.quiz + "/save?auto=1", ANSWERS) for v in late.values()]
        )
        self.run.resent = self._resend(late)
        for key, (path, _, reply) in self.run.teacher_full.items():
            kept = KeptForm(reply.body, path)
            self.run.teacher_after[key] = self.teacher.post(kept.action, kept.fields)
        self.run.workers_after = self.server.workers()
        self.run.integrity_after = _integrity(self.engine)
        with Session(self.engine) as db:
            self.run.attempts_after = list(db.scalars(select(Attempt).order_by(Attempt.id)))
            self.run.classes_after = list(db.scalars(select(Classroom.name)))

    def _resend(self, late: dict[str, Visitor]) -> dict[str, list[Reply]]:
        """Each student presses "Try again" on the kept page, twice at once (a double click)."""
        calls, names = [], []
        for name, visitor in late.items():
            kept = KeptForm(self.run.hand_ins_full[name].body, self.quiz + "/submit")
            calls += [lambda v=visitor, k=kept: v.post(k.action, k.fields)] * 2
            names += [name, name]
        resent: dict[str, list[Reply]] = {name: [] for name in late}
        for name, reply in zip(names, _together(calls), strict=True):
            resent[name].append(reply)
        return resent

    def _checkpoint(self) -> str:
        command = self.disk.limited([sys.executable, "-c", CHECKPOINT, str(self.disk.database)])
        done = subprocess.run(command, capture_output=True, text=True, timeout=20)
        return (done.stdout + done.stderr).strip()

    def _marked_attempt_id(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT min(id) FROM attempt")).scalar_one()

    def _early(self) -> dict[str, Visitor]:
        return dict(list(self.students.items())[:EARLY])

    def _late(self) -> dict[str, Visitor]:
        return dict(list(self.students.items())[EARLY:])


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Iterator[Run]:
    """Play the scenario once for the module; mounts, server and files go whatever happens."""
    started = time.monotonic()
    root = tmp_path_factory.mktemp("disk-full")
    with ExitStack() as stack:
        disk = stack.enter_context(small_disk(root / "small", DISK_BYTES, "sourcewise.sqlite3"))
        url = f"sqlite:///{disk.database}"
        arranged = _arrange(url)
        server = stack.enter_context(serve({"FAULT_DATABASE_URL": url}, workers=2))
        engine = make_test_app({"DATABASE_URL": url, "DATABASE_SCHEMA": ""}).extensions["db_engine"]
        stack.callback(engine.dispose)
        scenario = Scenario(server, disk, engine, arranged)
        scenario.log_in()
        scenario.before()
        try:
            scenario.full()
        finally:
            scenario.after()
        scenario.run.log = list(server.log)
        scenario.run.seconds = time.monotonic() - started
        _report(scenario.run)
        yield scenario.run


def _report(run: Run) -> None:
    """The figures docs/RELIABILITY.md quotes (shown with pytest -s)."""
    refused = [r for r in run.hand_ins_full.values() if r.status == 503]
    unavailable = sum("database unavailable" in line for line in run.log)
    print(
        f"\ndisk full by {run.how}: {run.room_left} bytes left; "
        f"{len(refused)}/{len(run.hand_ins_full)} hand-ins and "
        f"{sum(r.status == 503 for r in run.saves_full)}/{len(run.saves_full)} autosaves refused "
        f"with 503; {unavailable} 'database unavailable' log lines; checkpoint: "
        f"{run.checkpoint_full}; full period {run.seconds_full:.1f} s, whole run {run.seconds:.1f} s"
    )


# ---- While the disk is full ----------------------------------------------------------------


def test_the_disk_really_had_no_room_for_the_next_write(run):
    assert run.room_left < 4096
    refusals = [line for line in run.log if "database unavailable" in line]
    assert refusals, "\n".join(run.log)
    assert all("disk is full" in line or "disk I/O error" in line for line in refusals)


def test_a_hand_in_on_a_full_disk_is_a_503_page_keeping_every_answer(run):
    for name, reply in run.hand_ins_full.items():
        assert reply.status == 503, name
        assert "We could not save just now" in reply.body
        kept = KeptForm(reply.body, f"/student/assignments/{_assignment_id(run)}/submit")
        assert kept.found, name
        assert sorted(kept.fields) == _pairs(ANSWERS), name


def test_an_autosave_on_a_full_disk_is_a_503_with_a_message_to_show(run):
    assert [r.status for r in run.saves_full] == [503] * len(run.saves_full)
    for reply in run.saves_full:
        assert '"saved":false' in reply.body.replace(" ", "")
        assert "Your answers are kept on this page" in reply.body


def test_teacher_actions_on_a_full_disk_are_503_pages_keeping_the_form(run):
    for key, (path, data, reply) in run.teacher_full.items():
        assert reply.status == 503, key
        kept = KeptForm(reply.body, path)
        assert sorted(kept.fields) == _pairs({k: [v] for k, v in data.items()}), key


def test_pages_can_still_be_read_on_a_full_disk(run):
    assert run.reading_full.status == 200


def test_nothing_is_written_while_the_disk_is_full(run):
    assert run.rows_full == run.rows_before


def test_a_checkpoint_refused_on_the_full_disk_leaves_the_database_whole(run):
    assert run.checkpoint_full, "the checkpoint printed nothing"
    assert run.integrity_full == ["ok"]


# ---- After space is freed, on the same server --------------------------------------------


def test_the_same_workers_serve_again_once_space_is_freed(run):
    assert run.workers_after == run.workers_before
    assert [r.status for r in run.saves_after] == [200] * len(run.saves_after)
    assert all(r.status == 200 for replies in run.resent.values() for r in replies)
    assert {k: r.status for k, r in run.teacher_after.items()} == {"class": 200, "mark": 200}


def test_each_resent_hand_in_is_stored_exactly_once_with_its_score(run):
    acknowledged = [r for r in run.early if r.status == 200] + [
        replies for replies in run.resent.values() if any(r.status == 200 for r in replies)
    ]
    assert len(acknowledged) == STUDENTS
    assert len(run.attempts_after) == STUDENTS
    assert len({a.student_id for a in run.attempts_after}) == STUDENTS
    assert all(a.is_submitted and a.number == 1 and _whole(a) for a in run.attempts_after)


def test_the_teachers_resent_forms_are_stored_once(run):
    assert run.classes_after.count(NEW_CLASS["name"]) == 1
    marked = run.attempts_after[0].scores[WRITTEN]
    assert marked["marked"] is True and marked["comment"] == MARK["comment"]


def test_the_database_passes_its_integrity_check_at_the_end(run):
    assert run.integrity_after == ["ok"]


def test_no_request_crashed_on_the_way_to_its_503(run):
    assert not [line for line in run.log if "Traceback" in line or "database error" in line]


# ---- Helpers for the checks ---------------------------------------------------------------


def _whole(attempt: Attempt) -> bool:
    """Handed in with every score and a total that matches them."""
    total = sum((grading.parse_points(s["awarded"]) for s in attempt.scores.values()), 0)
    return set(attempt.scores) == {q.id for q in LESSON.questions} and total == attempt.awarded


def _assignment_id(run: Run) -> int:
    return run.attempts_after[0].assignment_id
