"""Throttling a whole school behind one address: classes get in, guessers are stopped.

Every test runs twice: on the in-memory store and on Redis, the store production uses, so a
counter that only works in one of them cannot pass.
"""

from __future__ import annotations

import os

import pytest
import redis
from sqlalchemy import func, select

from app.models import Enrollment
from tests.conftest import IN_CI, make_test_app
from tests.factories import PASSWORD, login, make_classroom, make_student, make_teacher

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
CLASS_SIZE = 35


def _redis_or_skip() -> str:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        if IN_CI:
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture(params=["memory", "redis"])
def storage_uri(request) -> str:
    """The limiter's storage: memory://, then a Redis database flushed for the test."""
    return "memory://" if request.param == "memory" else _redis_or_skip()


@pytest.fixture
def school_app(database, storage_uri, db):
    """The app with the production throttling settings on.

    Made after `db` (and so after the plain test app): Flask-Limiter keeps one set of settings
    per process, taken from the app made last.
    """
    app = make_test_app(database, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage_uri)
    yield app
    app.extensions["db_engine"].dispose()


def _join(client, code: str, n: int):
    data = {
        "code": code,
        "display_name": f"Student {n}",
        "username": f"pupil{n}",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    return client.post("/join", data=data)


def test_a_class_of_35_joins_then_logs_in_from_one_address_in_a_minute(school_app, db):
    classroom = make_classroom(db, make_teacher(db))
    joins = [_join(school_app.test_client(), classroom.join_code, n) for n in range(CLASS_SIZE)]
    assert [r.status_code for r in joins] == [302] * CLASS_SIZE
    count = select(func.count()).select_from(Enrollment)
    assert db.scalar(count) == CLASS_SIZE
    logins = [login(school_app.test_client(), f"pupil{n}") for n in range(CLASS_SIZE)]
    assert [r.status_code for r in logins] == [302] * CLASS_SIZE


def test_wrong_passwords_for_one_student_are_stopped_and_classmates_still_log_in(school_app, db):
    teacher = make_teacher(db)
    for n in range(CLASS_SIZE):
        make_student(db, username=f"pupil{n}")
    assert login(school_app.test_client(), teacher.email).status_code == 302
    guesser = school_app.test_client()
    codes = [login(guesser, "pupil0", f"guess-{n}").status_code for n in range(20)]
    assert 429 in codes[:19], "guessing one account must be stopped before the 20th try"
    assert codes.index(429) <= 5
    page = login(guesser, "pupil0", "guess-21").get_data(as_text=True)
    assert "Too many wrong passwords were typed for this account" in page
    # The right password is refused too while the account is throttled: no oracle.
    assert login(school_app.test_client(), "pupil0").status_code == 429
    others = [login(school_app.test_client(), f"pupil{n}") for n in range(1, CLASS_SIZE)]
    assert [r.status_code for r in others] == [302] * (CLASS_SIZE - 1)
    assert login(school_app.test_client(), teacher.email).status_code == 302


def test_a_typo_then_the_right_password_clears_the_count(school_app, db):
    make_student(db, username="sam.t")
    client = school_app.test_client()
    for _ in range(4):
        assert login(client, "sam.t", "typo").status_code == 200
    assert login(client, "sam.t").status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert login(client, "sam.t", "typo").status_code == 200
    assert login(client, "sam.t").status_code == 302


def test_an_unknown_username_is_throttled_like_a_real_one(school_app, db):
    client = school_app.test_client()
    codes = [login(client, "nobody.here", "guess").status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2


def test_guessing_class_codes_is_stopped(school_app, db):
    make_classroom(db, make_teacher(db))
    client = school_app.test_client()
    codes = [_join(client, f"ZZZ{n:03d}", n).status_code for n in range(40)]
    assert codes.count(200) == 30
    assert codes[30:] == [429] * 10
    page = _join(client, "ZZZ999", 99).get_data(as_text=True)
    assert "Too many wrong class codes were typed here" in page


def test_the_password_change_form_stops_guessing_the_current_password(school_app, db):
    make_student(db, username="sam.t")
    client = school_app.test_client()
    login(client, "sam.t")
    data = {"password": "a-new-password-1", "confirm": "a-new-password-1"}
    codes = [
        client.post("/account/password", data=data | {"current_password": f"guess-{n}"}).status_code
        for n in range(30)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429] * 25
    right = client.post("/account/password", data=data | {"current_password": PASSWORD})
    assert right.status_code == 429


def test_two_workers_share_one_count_on_redis(database, db):
    """Two app instances stand for two workers or hosts: their counts add up."""
    uri = _redis_or_skip()
    workers = [
        make_test_app(database, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=uri) for _ in range(2)
    ]
    make_student(db, username="sam.t")
    clients = [w.test_client() for w in workers]
    codes = [login(clients[n % 2], "sam.t", f"guess-{n}").status_code for n in range(8)]
    assert codes == [200] * 5 + [429] * 3
    for worker in workers:
        worker.extensions["db_engine"].dispose()
