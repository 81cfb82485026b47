"""Real gunicorn workers: concurrent writers lose nothing; a killed worker leaves no half attempt."""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import select

from app import grading
from app.models import Attempt
from tests import servers
from tests.factories import make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
STUDENTS = 30


@pytest.fixture
def server(database):
    """Gunicorn with three sync workers on the test database; yields (base url, process)."""
    env = {
        "FAULT_DATABASE_URL": database["DATABASE_URL"],
        "FAULT_DATABASE_SCHEMA": database["DATABASE_SCHEMA"],
    }
    with servers.gunicorn("tests.security.served_app:app", env, workers=3) as served:
        yield served.base, served.process


def _opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def _post(opener, url: str, data: dict) -> int:
    body = urllib.parse.urlencode(data, doseq=True).encode()
    try:
        return opener.open(url, body, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def _arrange(db):
    classroom = make_classroom(db, make_teacher(db))
    assignment = make_assignment(db, classroom)
    names = [make_student(db, classroom, username=f"burst{n}").username for n in range(STUDENTS)]
    return assignment.id, names


def _burst(base: str, assignment_id: int, names: list[str], during=None) -> list[int]:
    openers = {}
    for name in names:
        openers[name] = _opener()
        _post(openers[name], base + "/login", {"login": name, "password": "correct-horse-1"})
    form = form_for(LESSON.questions)
    statuses: list[int] = []
    barrier = threading.Barrier(len(names) + 1)

    def submit(name):
        barrier.wait()
        url = f"{base}/student/assignments/{assignment_id}/submit"
        try:
            statuses.append(_post(openers[name], url, form))
        except (OSError, http.client.HTTPException):
            # The connection died with a killed worker, perhaps halfway through a response.
            statuses.append(-1)

    threads = [threading.Thread(target=submit, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    barrier.wait()
    if during is not None:
        during()
    for thread in threads:
        thread.join()
    return statuses


def _whole(attempt: Attempt) -> bool:
    """Either untouched-open or fully handed in with every score and a matching total."""
    if attempt.status == "in_progress":
        return not attempt.scores and attempt.submitted_at is None
    total = grading.Grade(grading.recorded_scores(attempt.scores), attempt.max_points).awarded
    return set(attempt.scores) == {q.id for q in LESSON.questions} and total == attempt.awarded


def test_concurrent_writers_through_several_workers_lose_nothing(server, db):
    base, _ = server
    assignment_id, names = _arrange(db)
    statuses = _burst(base, assignment_id, names)
    assert statuses == [200] * STUDENTS  # each followed the redirect to its result page
    db.expire_all()
    attempts = db.scalars(select(Attempt)).all()
    assert len(attempts) == STUDENTS
    assert all(a.is_submitted and a.number == 1 and _whole(a) for a in attempts)


def test_a_worker_killed_mid_burst_leaves_whole_attempts_or_none(server, db):
    base, process = server
    assignment_id, names = _arrange(db)
    workers = servers.child_pids(process.pid)
    assert workers, "gunicorn started no workers"

    def kill_one():
        time.sleep(0.05)
        os.kill(workers[0], signal.SIGKILL)

    statuses = _burst(base, assignment_id, names, during=kill_one)
    db.expire_all()
    attempts = db.scalars(select(Attempt)).all()
    assert all(_whole(a) for a in attempts)
    assert len({(a.student_id, a.number) for a in attempts}) == len(attempts)
    handed_in = sum(1 for a in attempts if a.is_submitted)
    assert handed_in >= statuses.count(200)
