"""PostgreSQL restarts during a class: 503s that keep the work, then service again by itself.

The tests run a PostgreSQL cluster of their own (never the suite's test database), so they run
alike in the SQLite and the PostgreSQL runs. One burst is recorded once for the module; each test
then checks one promise against that record.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from werkzeug.datastructures import MultiDict

from app import grading
from app.models import Attempt, User
from app.services.attempts import read_answers
from tests import servers
from tests.conftest import make_test_app
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson
from tests.security.quiz_traffic import KeptForm, Sent, Student, pairs

LESSON = lesson()
FORM = pairs(form_for(LESSON.questions))
DATABASE = "sourcewise"
GROUPS = ("before", "during", "after")  # when a student hands in, against the outage
STUDENTS = 21
OUTAGE_SECONDS = 3.0
AUTOSAVE_EVERY = 0.3
KEPT_JSON = "Your answers are kept on this page"
KEPT_PAGE = ("We could not save just now", "it is kept on this page")


@pytest.fixture(scope="module")
def cluster():
    """A migrated throwaway cluster for this module, removed at the end."""
    with servers.migrated_postgres(DATABASE) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def cluster_app(cluster):
    """The app on the throwaway cluster, for arranging data and for in-process requests."""
    app = make_test_app({"DATABASE_URL": cluster.url(DATABASE), "DATABASE_SCHEMA": ""})
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def cluster_db(cluster, cluster_app):
    """A session on the throwaway cluster, shaped like the suite's `db` for the factories."""
    # A fresh connection for every transaction: the checks must not depend on the pooling
    # under test.
    engine = create_engine(cluster.url(DATABASE), poolclass=NullPool)
    session = Session(bind=engine)
    session.info["app"] = cluster_app
    yield session
    session.close()
    engine.dispose()


@pytest.fixture
def running(cluster):
    """The cluster, started again after the test if the test left it stopped."""
    yield cluster
    if not cluster.is_running():
        cluster.start()


# ---- Stale pooled connections, in process ------------------------------------------------


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_connections_pooled_before_a_restart_are_replaced_without_an_error(
    running, cluster_app, cluster_db, mode
):
    classroom = make_classroom(cluster_db, make_teacher(cluster_db))
    student = make_student(cluster_db, classroom)
    assignment = make_assignment(cluster_db, classroom)
    client = cluster_app.test_client()
    login(client, student.username)
    page = f"/student/assignments/{assignment.id}"
    cluster_db.close()  # like a request's session, ours holds no connection across the restart
    assert client.get(page).status_code == 200  # the pool now holds connections to the server
    running.stop(mode)
    running.start()
    response = client.post(f"{page}/save?auto=1", data=form_for(LESSON.questions[:1]))
    assert response.status_code == 200 and response.get_json()["saved"] is True


# ---- A burst through gunicorn while the server restarts ----------------------------------


@dataclass
class Outage:
    """The restart's moments on the monotonic clock, and the signals the students follow."""

    hand_in: dict[str, threading.Event] = field(
        default_factory=lambda: {group: threading.Event() for group in GROUPS}
    )
    down: threading.Event = field(default_factory=threading.Event)
    up: threading.Event = field(default_factory=threading.Event)
    stop_called: float = 0.0
    stopped: float = 0.0
    start_called: float = 0.0
    started: float = 0.0


@dataclass
class Run:
    """What the burst sent and got, what the database held, and gunicorn's workers."""

    groups: dict[str, list[Student]]
    outage: Outage
    log: list[Sent]
    stored_at_restart: set[str]
    stored: list[tuple[str, Attempt]]
    workers_before: list[int]
    workers_after: list[int]

    def sent(self, kind: str, group: str) -> list[Sent]:
        """Requests of one kind from one group's students, in the order sent."""
        names = {student.name for student in self.groups[group]}
        return [s for s in self.log if s.kind == kind and s.student in names]


class Paths:
    """The quiz's addresses for one assignment."""

    def __init__(self, assignment_id: int):
        self.assignment_id = assignment_id
        self.page = f"/student/assignments/{assignment_id}"
        self.save = f"{self.page}/save?auto=1"
        self.submit = f"{self.page}/submit"
        self.result = f"{self.page}/attempts/1"


def _arrange(db: Session, base: str, prefix: str, size: int) -> tuple[Paths, dict]:
    """A class whose students have each logged in and opened attempt 1 with one answer saved.

    The students come back split into GROUPS, in turn.
    """
    classroom = make_classroom(db, make_teacher(db))
    # Two attempts allowed: a duplicated hand-in would have room to be stored as attempt 2.
    paths = Paths(make_assignment(db, classroom, max_attempts=2).id)
    groups: dict[str, list[Student]] = {group: [] for group in GROUPS}
    for n in range(size):
        student = Student(base, make_student(db, classroom, username=f"{prefix}{n}").username)
        student.log_in()
        opened = student.post("open", paths.save, pairs(form_for(LESSON.questions[:1])), True)
        assert opened.status == 200, opened.body
        groups[GROUPS[n % len(GROUPS)]].append(student)
    db.close()  # like a request's session, ours holds no connection across the restart
    return paths, groups


def _work(student: Student, turn: threading.Event, paths: Paths, outage: Outage) -> None:
    """Autosave until it is this student's turn to hand in, then hand in until it is stored."""
    answered = 1
    while not turn.is_set():
        fields = pairs(form_for(LESSON.questions[:answered]))
        student.post("autosave", paths.save, fields, json_wanted=True)
        answered = answered % len(LESSON.questions) + 1
        turn.wait(AUTOSAVE_EVERY)
    sent = student.post("submit", paths.submit, FORM)
    if sent.status == 503 and not outage.up.is_set():
        time.sleep(0.5)  # the student presses "Try again" while the server is still down
        sent = student.post("retry", paths.submit, KeptForm(sent.body).fields)
    elif sent.status == 200 and outage.down.wait(servers.WAIT_SECONDS):
        student.get("view", paths.result)  # a student who handed in looks at the result
    outage.up.wait(servers.WAIT_SECONDS)
    # A student whose hand-in went through sends it again too, as a double click or a
    # reload of the posted page would: it must land on the same result.
    fields = FORM if sent.status == 200 else KeptForm(sent.body).fields
    student.post("retry", paths.submit, fields)


def _submitted(db: Session, paths: Paths) -> list[tuple[str, Attempt]]:
    """(username, attempt) for every attempt stored for the assignment."""
    db.expire_all()
    query = (
        select(User.username, Attempt)
        .join(Attempt, Attempt.student_id == User.id)
        .where(Attempt.assignment_id == paths.assignment_id)
    )
    return [(name, attempt) for name, attempt in db.execute(query).all()]


def _wait_for_hand_ins(students: list[Student]) -> None:
    """Wait until each of these students' first hand-in has been answered."""
    deadline = time.monotonic() + servers.WAIT_SECONDS
    while not all(any(s.kind == "submit" for s in student.log) for student in students):
        assert time.monotonic() < deadline, "hand-ins before the outage never came back"
        time.sleep(0.05)


def _restart(cluster, db: Session, paths: Paths, groups, outage: Outage) -> set[str]:
    """Stop the server mid-burst, start it again; who was stored before anyone could retry."""
    time.sleep(0.6)
    outage.hand_in["before"].set()
    _wait_for_hand_ins(groups["before"])
    time.sleep(0.3)
    outage.stop_called = time.monotonic()
    cluster.stop("immediate")  # like a crash: in-flight transactions are cut off
    outage.stopped = time.monotonic()
    outage.down.set()
    time.sleep(0.5)
    outage.hand_in["during"].set()
    time.sleep(OUTAGE_SECONDS - 0.5)
    outage.start_called = time.monotonic()
    cluster.start()
    outage.started = time.monotonic()
    stored = {name for name, attempt in _submitted(db, paths) if attempt.is_submitted}
    outage.up.set()
    time.sleep(0.5)
    outage.hand_in["after"].set()
    return stored


@pytest.fixture(scope="module")
def served(cluster, tmp_path_factory):
    """Gunicorn with three sync workers on the throwaway cluster, for the whole module."""
    env = {"FAULT_DATABASE_URL": cluster.url(DATABASE), "FAULT_DATABASE_SCHEMA": ""}
    log = tmp_path_factory.mktemp("gunicorn") / "stderr.log"
    with servers.gunicorn("tests.security.served_app:app", env, workers=3, log=log) as server:
        yield server


@pytest.fixture(scope="module")
def run(cluster, cluster_db, served) -> Run:
    """The burst, recorded once: 21 students autosave and hand in while PostgreSQL restarts."""
    paths, groups = _arrange(cluster_db, served.base, "burst", STUDENTS)
    workers_before = servers.child_pids(served.process.pid)
    outage = Outage()
    threads = [
        threading.Thread(target=_work, args=(s, outage.hand_in[g], paths, outage), daemon=True)
        for g in GROUPS
        for s in groups[g]
    ]
    for thread in threads:
        thread.start()
    stored_at_restart = _restart(cluster, cluster_db, paths, groups, outage)
    for thread in threads:
        thread.join(timeout=servers.WAIT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a student never finished"
    workers_after = servers.child_pids(served.process.pid)
    sent = sorted((s for g in groups.values() for st in g for s in st.log), key=lambda s: s.started)
    stored = _submitted(cluster_db, paths)
    result = Run(groups, outage, sent, stored_at_restart, stored, workers_before, workers_after)
    print(_figures(result))
    return result


def _figures(run: Run) -> str:
    """The figures RELIABILITY.md quotes, printed for `pytest -s`."""
    o = run.outage
    down = [s for s in run.log if s.within(o.stopped, o.start_called)]
    back = min(s.ended for s in run.log if s.started >= o.start_called and s.status == 200)
    kinds = Counter(s.kind for s in run.log)
    return (
        f"\nsent {len(run.log)} ({dict(kinds)}); during the outage {len(down)}, "
        f"{Counter(s.status for s in down)}, of which autosaves "
        f"{sum(s.kind == 'autosave' for s in down)}; 503 in all {_count(run.log, 503)}; outage {o.started - o.stop_called:.2f} s "
        f"(stop {o.stopped - o.stop_called:.2f} s, start {o.started - o.start_called:.2f} s); "
        f"first success {back - o.start_called:.2f} s after the start command; "
        f"hand-ins sent {len(_hand_ins(run.log))}, students acknowledged "
        f"{len({s.student for s in _hand_ins(run.log) if s.status == 200})} of {STUDENTS}; "
        f"stored {len(run.stored)} attempts, submitted {sum(a.is_submitted for _, a in run.stored)}"
    )


def _count(log: list[Sent], status: int) -> int:
    return sum(s.status == status for s in log)


def _hand_ins(log: list[Sent]) -> list[Sent]:
    """The posts of the quiz form: first hand-ins and the same form sent again."""
    return [s for s in log if s.kind in ("submit", "retry")]


def _during_outage(run: Run) -> list[Sent]:
    """Requests sent after the server had stopped and answered before it was started again."""
    return [s for s in run.log if s.within(run.outage.stopped, run.outage.start_called)]


def test_no_request_gets_a_500_or_a_broken_connection(run):
    assert {s.status for s in run.log} <= {200, 503}


def test_autosaves_during_the_outage_get_the_503_json_the_quiz_shows(run):
    autosaves = [s for s in _during_outage(run) if s.kind == "autosave"]
    assert autosaves, "no autosave fell inside the outage"
    for sent in autosaves:
        assert (sent.status, sent.retry_after) == (503, "5")
        assert sent.json()["saved"] is False and KEPT_JSON in sent.json()["message"]


def test_hand_ins_during_the_outage_get_a_503_page_keeping_every_answer(run):
    hand_ins = _hand_ins(_during_outage(run))
    # Each student of the middle group hands in, then presses "Try again", while it is down.
    assert len(hand_ins) == 2 * len(run.groups["during"])
    for sent in hand_ins:
        kept = KeptForm(sent.body)
        assert sent.status == 503 and all(text in sent.body for text in KEPT_PAGE)
        assert kept.action.endswith("/submit") and sent.url.endswith(kept.action)
        assert kept.button == "Try again" and sorted(kept.fields) == sorted(FORM)


def test_pages_opened_during_the_outage_get_a_503_with_a_way_to_try_again(run):
    views = [s for s in _during_outage(run) if s.kind == "view"]
    assert len(views) == len(run.groups["before"])
    for sent in views:
        assert sent.status == 503 and "We could not save just now" in sent.body
        assert f'href="{urlsplit(sent.url).path}">Try again</a>' in sent.body


def test_requests_after_the_restart_succeed_on_the_same_gunicorn_workers(run):
    after = [s for s in run.log if s.started >= run.outage.started]
    assert after and all(s.status == 200 for s in after)
    assert run.workers_after == run.workers_before


def test_work_handed_in_before_the_crash_is_still_stored_after_it(run):
    acknowledged = {s.student for s in run.sent("submit", "before") if s.status == 200}
    assert acknowledged == {student.name for student in run.groups["before"]}
    assert acknowledged <= run.stored_at_restart


def test_every_acknowledged_hand_in_is_stored_exactly_once_as_sent(run):
    acknowledged = {s.student for s in _hand_ins(run.log) if s.status == 200}
    everyone = {student.name for group in run.groups.values() for student in group}
    assert acknowledged == everyone
    assert sorted(name for name, _ in run.stored) == sorted(everyone)
    expected = grading.answers_json(read_answers(LESSON, MultiDict(FORM)))
    assert all(a.number == 1 and a.is_submitted and a.answers == expected for _, a in run.stored)


def test_sending_a_stored_hand_in_again_lands_on_its_result(run):
    retries = run.sent("retry", "before")
    assert len(retries) == len(run.groups["before"])
    assert all(s.status == 200 and s.url.endswith("/attempts/1") for s in retries)


def test_a_hand_in_refused_during_the_outage_is_stored_when_sent_again_after(run):
    after = [s for s in run.sent("retry", "during") if s.started >= run.outage.started]
    assert len(after) == len(run.groups["during"])
    assert all(s.status == 200 and s.url.endswith("/attempts/1") for s in after)


def test_hand_ins_after_the_restart_are_acknowledged(run):
    first = run.sent("submit", "after")
    assert len(first) == len(run.groups["after"])
    assert all(s.status == 200 and s.url.endswith("/attempts/1") for s in first)


# ---- A restart while nobody works, through gunicorn --------------------------------------


def _autosave_together(students: list[Student], paths: Paths) -> list[Sent]:
    """Every student autosaves at the same moment, so each gunicorn worker takes some."""
    fields = pairs(form_for(LESSON.questions[:2]))
    with ThreadPoolExecutor(len(students)) as pool:
        return list(pool.map(lambda s: s.post("autosave", paths.save, fields, True), students))


def test_after_a_restart_while_nobody_works_the_first_requests_succeed(running, cluster_db, served):
    paths, groups = _arrange(cluster_db, served.base, "quiet", 9)
    students = [student for group in groups.values() for student in group]
    _autosave_together(students, paths)  # every worker's pool now holds a connection
    running.stop("fast")
    running.start()
    assert [s.status for s in _autosave_together(students, paths)] == [200] * len(students)
