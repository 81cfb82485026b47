"""The session cookie slides its expiry once a minute and is sent at once when it changes; a
cookie past its lifetime, or signed with a key no longer in use, logs nobody in."""

from __future__ import annotations

import time
from datetime import timedelta

from itsdangerous import TimestampSigner

from app import session_cookie
from tests.factories import login, make_classroom, make_student, make_teacher

COOKIE = "sourcewise_session"


def _student_logged_in(client, db):
    make_student(db, make_classroom(db, make_teacher(db)), username="sam.t")
    assert login(client, "sam.t").status_code == 302
    client.get("/student/")  # the first page may still add to the session (a CSRF token)


def _sets_cookie(response) -> bool:
    return any(h.startswith(COOKIE + "=") for h in response.headers.getlist("Set-Cookie"))


def test_a_page_within_a_minute_of_the_cookie_sends_no_new_cookie(client, db):
    _student_logged_in(client, db)
    response = client.get("/student/")
    assert response.status_code == 200
    assert not _sets_cookie(response)


def test_a_cookie_over_a_minute_old_is_signed_again_with_a_fresh_expiry(client, db, monkeypatch):
    _student_logged_in(client, db)
    later = session_cookie.utc_now() + timedelta(seconds=61)
    monkeypatch.setattr(session_cookie, "utc_now", lambda: later)
    response = client.get("/student/")
    assert response.status_code == 200
    [cookie] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    assert "Expires=" in cookie


def test_log_out_replaces_the_cookie_at_once(client, db):
    _student_logged_in(client, db)
    response = client.post("/logout")
    assert _sets_cookie(response)
    assert client.get("/student/").status_code == 302


def test_a_cookie_older_than_the_session_lifetime_logs_nobody_in(app, client, db, monkeypatch):
    _student_logged_in(client, db)
    lifetime = int(app.permanent_session_lifetime.total_seconds())
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda _self: int(time.time()) + lifetime + 5
    )
    response = client.get("/student/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_cookie_signed_with_a_key_no_longer_in_use_logs_nobody_in(app, client, db):
    _student_logged_in(client, db)
    app.config["SECRET_KEY"] = "another-secret-" + "x" * 40
    assert client.get("/student/").status_code == 302
