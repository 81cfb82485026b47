"""Redis goes away: a class still logs in and joins, guessing is still stopped, and Redis is used
again once it is back.

The app counts in a redis-server of the test's own, which the test stops and starts again: real
refused connections. Gunicorn tests run two workers, so per-worker counting cannot hide.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from app.models import Enrollment, User
from app.ratelimit_storage import RETRY_SECONDS
from tests.conftest import IN_CI, make_test_app
from tests.factories import PASSWORD, login, make_classroom, make_student, make_teacher
from tests.redis_server import REDIS_SERVER, start_redis
from tests.servers import free_port

CLASS_SIZE = 35
OUTAGE = "Rate-limit storage cannot be reached"
RECOVERY = "Rate-limit storage answers again"
DEGRADED = {"status": "degraded", "database": "ok", "ratelimit_storage": "unreachable"}
HEALTHY = {"status": "ok", "database": "ok", "ratelimit_storage": "ok"}
ROOT = Path(__file__).resolve().parents[2]
# Our throttle tries Redis again every 5 s; Flask-Limiter after 1, 2, 4 ... 32 s.
RECOVERY_WAIT = 40.0


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own; a missing binary fails in CI and skips elsewhere."""
    if REDIS_SERVER is None:
        if IN_CI:
            pytest.fail("redis-server is not installed; CI must install it.")
        pytest.skip("redis-server is not installed (apt-get install redis-server).")
    server = start_redis(tmp_path)
    yield server
    server.stop()


def _limited_app(database, uri: str):
    return make_test_app(database, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=uri)


@pytest.fixture
def redis_app(database, db, redis_server):
    """The app counting in the test's Redis.

    Made after `db` (and so after the plain test app): Flask-Limiter keeps one set of settings
    per process, taken from the app made last.
    """
    app = _limited_app(database, redis_server.url())
    yield app
    app.extensions["db_engine"].dispose()


def _join(client, code: str, username: str) -> int:
    data = {
        "code": code,
        "display_name": username.title(),
        "username": username,
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    return client.post("/join", data=data).status_code


def _arrive(app, code: str, names: list[str]) -> tuple[list[int], list[int]]:
    """Each student joins with the code, then logs in again from a browser of their own."""
    joins = [_join(app.test_client(), code, name) for name in names]
    logins = [login(app.test_client(), name).status_code for name in names]
    return joins, logins


def _guesses(clients: list, username: str, tries: int) -> list[int]:
    """Wrong passwords for one account, spread over `clients` in turn."""
    return [
        login(clients[n % len(clients)], username, f"guess-{n}").status_code for n in range(tries)
    ]


def _wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _messages(caplog, text: str) -> int:
    return sum(1 for record in caplog.records if text in record.getMessage())


def _repeated_warnings(caplog) -> list[str]:
    """Warnings any logger gave more than once: an outage must be told once, not per request."""
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return sorted({message for message in said if said.count(message) > 1})


def _count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def _keys(server) -> list[str]:
    client = redis.Redis.from_url(server.url(), decode_responses=True)
    try:
        return client.keys("*")
    finally:
        client.close()


def _healthy_again(app) -> bool:
    return app.test_client().get("/healthz").get_json() == HEALTHY


def test_a_second_class_joins_and_logs_in_while_redis_is_down(redis_server, redis_app, db):
    code = make_classroom(db, make_teacher(db)).join_code
    first = [f"first{n}" for n in range(CLASS_SIZE)]
    assert _arrive(redis_app, code, first) == ([302] * CLASS_SIZE, [302] * CLASS_SIZE)
    assert _keys(redis_server), "before the outage the counts must be in Redis"
    redis_server.stop()
    second = [f"second{n}" for n in range(CLASS_SIZE)]
    assert _arrive(redis_app, code, second) == ([302] * CLASS_SIZE, [302] * CLASS_SIZE)
    assert _count(db, Enrollment) == 2 * CLASS_SIZE
    assert _count(db, User) == 2 * CLASS_SIZE + 1


def test_a_password_change_works_while_redis_is_down(redis_server, redis_app, db):
    make_student(db, username="sam.t")
    client = redis_app.test_client()
    assert login(client, "sam.t").status_code == 302
    redis_server.stop()
    new = "a-new-password-1"
    data = {"current_password": PASSWORD, "password": new, "confirm": new}
    assert client.post("/account/password", data=data).status_code == 302
    assert login(redis_app.test_client(), "sam.t", new).status_code == 302


def test_guessing_one_account_is_still_stopped_at_the_6th_try_while_redis_is_down(
    redis_server, redis_app, db
):
    make_student(db, username="sam.t")
    redis_server.stop()
    assert _guesses([redis_app.test_client()], "sam.t", 8) == [200] * 5 + [429] * 3
    assert login(redis_app.test_client(), "sam.t").status_code == 429


def test_an_outage_is_logged_once_and_its_end_once(redis_server, redis_app, db, caplog):
    caplog.set_level(logging.WARNING)
    code = make_classroom(db, make_teacher(db)).join_code
    redis_server.stop()
    names = [f"pupil{n}" for n in range(CLASS_SIZE)]
    assert _arrive(redis_app, code, names) == ([302] * CLASS_SIZE, [302] * CLASS_SIZE)
    assert _messages(caplog, OUTAGE) == 1
    redis_server.start()
    assert _wait_until(lambda: _healthy_again(redis_app), RECOVERY_WAIT)
    assert [login(redis_app.test_client(), n).status_code for n in names[:5]] == [302] * 5
    assert (_messages(caplog, OUTAGE), _messages(caplog, RECOVERY)) == (1, 1)
    assert _repeated_warnings(caplog) == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_healthz_says_degraded_while_redis_is_down_and_ok_when_it_is_back(redis_server, redis_app):
    assert _healthy_again(redis_app)
    redis_server.stop()
    answers = []

    def degraded() -> bool:
        response = redis_app.test_client().get("/healthz")
        answers.append(response.status_code)
        return response.get_json() == DEGRADED

    # With no request meeting the outage, /healthz notices it within the 5 s it trusts a state.
    assert _wait_until(degraded, 10)
    assert set(answers) == {200}, "the load balancer must keep the host"
    redis_server.start()
    assert _wait_until(lambda: _healthy_again(redis_app), RECOVERY_WAIT)


def _flood_guard_counts_in_redis(app, server) -> bool:
    # Any POST to /login is counted by Flask-Limiter; an empty form reaches no password check.
    app.test_client().post("/login", data={})
    return any("auth.login" in key for key in _keys(server))


def test_counts_are_shared_again_once_redis_is_back(redis_server, redis_app, database, db):
    make_student(db, username="sam.t")
    redis_server.stop()
    assert _guesses([redis_app.test_client()], "pupil.x", 1) == [200]  # meets the outage
    redis_server.start()
    time.sleep(RETRY_SECONDS)  # the throttle's next count after this goes to Redis again
    other = _limited_app(database, redis_server.url())
    clients = [redis_app.test_client(), other.test_client()]
    assert _guesses(clients, "sam.t", 8) == [200] * 5 + [429] * 3
    other.extensions["db_engine"].dispose()


def test_the_flood_guards_count_in_redis_again_once_it_is_back(redis_server, redis_app):
    redis_server.stop()
    assert redis_app.test_client().post("/login", data={}).status_code == 200
    redis_server.start()
    assert _wait_until(lambda: _flood_guard_counts_in_redis(redis_app, redis_server), RECOVERY_WAIT)


def test_a_wrong_redis_address_from_the_start_still_lets_a_class_in(database, db, caplog):
    caplog.set_level(logging.WARNING)
    app = _limited_app(database, f"redis://127.0.0.1:{free_port()}/0")
    code = make_classroom(db, make_teacher(db)).join_code
    names = [f"pupil{n}" for n in range(CLASS_SIZE)]
    assert _arrive(app, code, names) == ([302] * CLASS_SIZE, [302] * CLASS_SIZE)
    assert _count(db, Enrollment) == CLASS_SIZE
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, DEGRADED)
    assert _messages(caplog, OUTAGE) == 1
    app.extensions["db_engine"].dispose()


def test_the_flood_guards_still_count_while_redis_is_down(redis_server, database, db):
    app = make_test_app(
        database,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=redis_server.url(),
        RATELIMIT_LOGIN="3 per minute",
    )
    redis_server.stop()
    client = app.test_client()
    assert [client.post("/login", data={}).status_code for _ in range(4)] == [200] * 3 + [429]
    app.extensions["db_engine"].dispose()


def test_a_frozen_redis_costs_a_few_seconds_once_not_a_hang(redis_server, redis_app, db):
    names = [make_student(db, username=f"pupil{n}").username for n in range(10)]
    assert login(redis_app.test_client(), "pupil0").status_code == 302  # connected to Redis
    redis_server.freeze()
    done: dict = {}

    def log_in_all() -> None:
        started = time.monotonic()
        done["codes"] = [login(redis_app.test_client(), name).status_code for name in names]
        done["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=log_in_all, daemon=True)
    worker.start()
    worker.join(timeout=20)
    redis_server.thaw()  # lets a request stuck on Redis go on, so the test ends either way
    worker.join(timeout=20)
    assert done.get("codes") == [302] * 10
    # 1 s Redis timeouts: Flask-Limiter's and the throttle's first calls, a retry or two
    # (about 4 s here); with no timeout the first request waits until the thaw.
    assert done["seconds"] < 10


# ---- Through gunicorn, two workers ----------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we want to see, not the page it leads to


def _post_login(base: str, username: str, password: str) -> int:
    """A log-in on a connection (and cookie jar) of its own; the status, redirects not followed."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects()
    )
    body = urllib.parse.urlencode({"login": username, "password": password}).encode()
    try:
        return opener.open(base + "/login", body, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def _get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local server
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, {}
    except OSError:
        return 0, {}  # not listening yet


@pytest.fixture
def gunicorn(database, redis_server, tmp_path):
    """Gunicorn, two sync workers, counting in the test's Redis; yields (base url, log path)."""
    port = free_port()
    log, access = tmp_path / "gunicorn.log", tmp_path / "access.log"
    env = {
        **os.environ,
        "FAULT_DATABASE_URL": database["DATABASE_URL"],
        "FAULT_DATABASE_SCHEMA": database["DATABASE_SCHEMA"],
        "FAULT_RATELIMIT_STORAGE_URI": redis_server.url(),
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--no-control-socket", "--graceful-timeout", "1"]
    command += ["--access-logfile", str(access), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"]
    command += ["tests.security.served_app:app"]
    with log.open("w") as errors:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_until(lambda: _get_json(base + "/healthz")[0] == 200, 20), "no gunicorn"
        yield base, log, access
    finally:
        process.terminate()
        process.wait(timeout=10)


def _login_workers(access: Path) -> list[str]:
    """The worker (process id) that answered each POST to /login, in order."""
    lines = [line.split() for line in access.read_text().splitlines()]
    return [fields[0] for fields in lines if fields[1:3] == ["POST", "/login"]]


def _hold_a_worker(port: int) -> socket.socket:
    # Half a request: the sync worker that accepts it waits for the rest, so it serves nobody.
    held = socket.create_connection(("127.0.0.1", port), timeout=10)
    held.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return held


def _release(held: socket.socket) -> None:
    held.sendall(b"Connection: close\r\n\r\n")
    held.recv(4096)
    held.close()


def _guesses_served_in_turn(base: str, username: str, tries: int) -> list[int]:
    """Wrong passwords, each answered by the worker that did not answer the one before.

    Left alone, sequential requests mostly reach one worker, where per-worker counting hides.
    """
    port = int(base.rsplit(":", 1)[1])
    held, codes = _hold_a_worker(port), []
    for n in range(tries):
        codes.append(_post_login(base, username, f"guess-{n}"))
        after = _hold_a_worker(port)  # taken by the worker that just answered, the other is held
        time.sleep(0.1)  # let it accept before the other worker is let go
        _release(held)
        held = after
    _release(held)
    return codes


def test_gunicorn_two_workers_on_redis_refuse_the_6th_wrong_password(gunicorn, db):
    base, _, access = gunicorn
    make_student(db, username="sam.t")
    codes = _guesses_served_in_turn(base, "sam.t", 12)
    workers = _login_workers(access)
    assert workers[0::2] == [workers[0]] * 6 and workers[1::2] == [workers[1]] * 6
    assert workers[0] != workers[1], "the two workers must have answered in turn"
    assert codes == [200] * 5 + [429] * 7


def test_gunicorn_log_ins_still_work_after_redis_stops(gunicorn, redis_server, db):
    base, log, _ = gunicorn
    names = [make_student(db, username=f"pupil{n}").username for n in range(CLASS_SIZE)]
    redis_server.stop()
    assert [_post_login(base, name, PASSWORD) for name in names] == [302] * CLASS_SIZE
    # Each worker counts on its own now: 5 wrong passwords each, 10 in all.
    codes = _guesses_served_in_turn(base, "pupil0", 12)
    assert codes == [200] * 10 + [429] * 2
    assert _get_json(base + "/healthz") == (200, DEGRADED)
    text = log.read_text()
    assert 1 <= text.count(OUTAGE) <= 2, "once per worker, not once per request"
    assert "Traceback" not in text
