"""Sign-up, log-in, log-out, next redirects, passwords and sessions."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.models import User
from tests.factories import PASSWORD, login, make_classroom, make_student, make_teacher

SIGNUP = {
    "name": "Ms. Rivera",
    "email": "Rivera@School.test",
    "password": "long-enough-pw",
    "confirm": "long-enough-pw",
}


def test_signup_creates_teacher_and_logs_in(client, db):
    response = client.post("/signup", data=SIGNUP)
    assert response.headers["Location"] == "/teacher/"
    teacher = db.scalars(select(User)).one()
    assert (teacher.role, teacher.email) == ("teacher", "rivera@school.test")
    assert client.get("/teacher/").status_code == 200


def test_signup_stores_a_scrypt_hash_not_the_password(client, db):
    client.post("/signup", data=SIGNUP)
    stored = db.scalars(select(User.password_hash)).one()
    assert stored.startswith("scrypt:") and "long-enough-pw" not in stored


def test_signup_with_taken_email_says_so_at_the_field(client, db):
    make_teacher(db, email="rivera@school.test")
    response = client.post("/signup", data=SIGNUP)
    assert response.status_code == 200
    assert b"An account with this email already exists" in response.data
    assert len(db.scalars(select(User)).all()) == 1


def test_signup_with_short_password_is_refused(client, db):
    data = {**SIGNUP, "password": "short", "confirm": "short"}
    response = client.post("/signup", data=data)
    assert b"Use 8 to 128 characters." in response.data
    assert db.scalars(select(User)).first() is None


def test_signup_with_mismatched_confirmation_is_refused(client, db):
    response = client.post("/signup", data={**SIGNUP, "confirm": "something-else"})
    assert b"The two passwords do not match." in response.data


def test_signup_with_overlong_name_is_refused(client, db):
    response = client.post("/signup", data={**SIGNUP, "name": "x" * 81})
    assert b"Keep it under 80 characters." in response.data
    assert db.scalars(select(User)).first() is None


def test_signup_with_malformed_email_is_refused(client):
    response = client.post("/signup", data={**SIGNUP, "email": "not-an-email"})
    assert b"Enter an email address like name@school.org." in response.data


def test_login_with_wrong_password_keeps_the_login_name_and_explains(client, db):
    make_teacher(db, email="t@school.test")
    response = login(client, "t@school.test", "wrong-password")
    assert response.status_code == 200
    assert b"do not match" in response.data
    assert b'value="t@school.test"' in response.data


def test_login_of_unknown_account_gives_the_same_message(client):
    response = login(client, "nobody@school.test", "whatever-123")
    assert b"do not match" in response.data


def test_student_logs_in_by_username_case_insensitively(client, db):
    make_student(db, username="sam.t")
    response = login(client, "Sam.T")
    assert response.headers["Location"] == "/student/"


def test_login_follows_a_local_next(client, db):
    make_teacher(db, email="t@school.test")
    response = client.post(
        "/login", data={"login": "t@school.test", "password": PASSWORD, "next": "/teacher/"}
    )
    assert response.headers["Location"] == "/teacher/"


def test_login_ignores_an_external_next(client, db):
    make_teacher(db, email="t@school.test")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        data = {"login": "t@school.test", "password": PASSWORD, "next": target}
        response = client.post("/login", data=data)
        assert response.headers["Location"] == "/teacher/", target
        client.post("/logout")


# Control characters and odd white space: a line break in the Location header is a 500 (or a
# header of the visitor's choosing), and browsers drop tabs and line breaks from a URL, so
# "/\t/evil.example" would lead off the site.
ODD_NEXTS = [
    "/\r\nSet-Cookie: x=1",
    "/\t/evil.example",
    "/\n/evil.example",
    "/teacher/\x00",
    "/\x7f",
    " /teacher/",
    "/\u2028/evil.example",
    "/\u202e/teacher/",
]


@pytest.mark.parametrize("target", ODD_NEXTS)
def test_login_with_a_posted_next_holding_odd_characters_goes_home(client, db, target):
    make_teacher(db, email="t@school.test")
    data = {"login": "t@school.test", "password": PASSWORD, "next": target}
    assert client.post("/login", data=data).headers["Location"] == "/teacher/"


@pytest.mark.parametrize("target", ODD_NEXTS)
def test_login_page_opened_with_such_a_next_goes_home_after_log_in(client, db, target):
    make_teacher(db, email="t@school.test")
    page = client.get("/login", query_string={"next": target}).get_data(as_text=True)
    hidden = html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', page)[1])
    data = {"login": "t@school.test", "password": PASSWORD, "next": hidden}
    assert client.post("/login", data=data).headers["Location"] == "/teacher/"


def test_anonymous_visit_to_teacher_page_redirects_to_login_with_next(client):
    response = client.get("/teacher/")
    assert response.headers["Location"] == "/login?next=/teacher/"


def test_login_page_shows_the_next_as_a_hidden_field(client):
    response = client.get("/login?next=/teacher/")
    assert b'name="next" type="hidden" value="/teacher/"' in response.data


def test_logout_by_get_is_not_allowed(client, db):
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    assert client.get("/logout").status_code == 405
    assert client.get("/teacher/").status_code == 200


def test_logout_ends_the_session(client, db):
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    client.post("/logout")
    assert client.get("/teacher/").status_code == 302


def test_only_the_page_reached_by_log_out_tells_the_browser_to_drop_quiz_copies(client, db):
    make_student(db, username="sam.t")
    login(client, "sam.t")
    after = client.post("/logout", follow_redirects=True).get_data(as_text=True)
    again = client.get("/login").get_data(as_text=True)
    assert "data-drop-offline-copies" in after and "data-drop-offline-copies" not in again


def _owner_tag(app, username: str) -> str:
    """The owner tag on the pages of a fresh log-in."""
    client = app.test_client()
    login(client, username)
    page = client.get("/student/").get_data(as_text=True)
    return re.search(r'data-offline-owner="([^"]*)"', page).group(1)


def test_quiz_copy_owner_tag_is_opaque_differs_per_user_and_survives_a_new_log_in(app, db):
    make_student(db, username="sam.t")
    make_student(db, username="ria.k")
    tags = [_owner_tag(app, username) for username in ("sam.t", "ria.k", "sam.t")]
    assert tags[0] == tags[2] != tags[1]
    assert all(re.fullmatch("[0-9a-f]{24}", tag) for tag in tags)


def test_login_starts_a_new_session(client, db):
    make_teacher(db, email="t@school.test")
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    login(client, "t@school.test")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("sid")


def test_change_password_requires_the_current_one(client, db):
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    data = {
        "current_password": "wrong-one-1",
        "password": "brand-new-pw",
        "confirm": "brand-new-pw",
    }
    response = client.post("/account/password", data=data)
    assert b"That is not your current password." in response.data


def test_change_password_works_and_old_password_stops(client, db):
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    data = {"current_password": PASSWORD, "password": "brand-new-pw", "confirm": "brand-new-pw"}
    assert client.post("/account/password", data=data).status_code == 302
    assert client.get("/teacher/").status_code == 200
    client.post("/logout")
    assert login(client, "t@school.test").status_code == 200
    assert login(client, "t@school.test", "brand-new-pw").status_code == 302


def test_password_change_ends_other_sessions(app, db):
    make_teacher(db, email="t@school.test")
    first, second = app.test_client(), app.test_client()
    login(first, "t@school.test")
    login(second, "t@school.test")
    data = {"current_password": PASSWORD, "password": "brand-new-pw", "confirm": "brand-new-pw"}
    first.post("/account/password", data=data)
    assert first.get("/teacher/").status_code == 200
    assert second.get("/teacher/").headers["Location"].startswith("/login")


def test_security_headers_are_set(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite_lax(client, db):
    make_teacher(db, email="t@school.test")
    response = login(client, "t@school.test")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_teacher_cannot_see_another_teachers_class_in_the_list(client, db):
    owner = make_teacher(db, email="owner@school.test")
    make_classroom(db, owner, "Owner's secret class")
    make_teacher(db, email="other@school.test")
    login(client, "other@school.test")
    assert b"secret class" not in client.get("/teacher/").data


def test_a_session_cookie_kept_from_before_logout_opens_nothing(app, db):
    make_student(db, username="sam.t")
    client = app.test_client()
    login(client, "sam.t")
    kept = client.get_cookie("sourcewise_session").value
    assert client.get("/student/").status_code == 200
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("sourcewise_session", kept)
    assert replay.get("/student/").headers["Location"].startswith("/login")
    assert login(app.test_client(), "sam.t").status_code == 302
