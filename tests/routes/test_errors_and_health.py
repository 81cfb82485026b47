"""Error pages, CSRF refusals, rate limits and the health check."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import create_app
from app.models import Classroom
from tests.conftest import BASE_CONFIG, make_test_app
from tests.factories import PASSWORD, login, make_student, make_teacher


def test_404_page_has_the_apps_look_and_a_way_back(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and 'href="/"' in page and "Sourcewise" in page


def test_403_page_for_a_student_on_a_teacher_page(client, db):
    make_student(db, username="sam.t")
    login(client, "sam.t")
    response = client.get("/teacher/")
    assert response.status_code == 403
    assert b"open this page" in response.data
    assert b'href="/student/"' in response.data


def test_405_page(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert b"allowed here" in response.data


def test_500_page_hides_details(database):
    app = make_test_app(database, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    assert b"secret internals" not in response.data
    app.extensions["db_engine"].dispose()


@pytest.fixture
def csrf_client(database):
    app = make_test_app(database, WTF_CSRF_ENABLED=True)
    yield app.test_client()
    app.extensions["db_engine"].dispose()


def test_post_without_csrf_token_is_refused_and_changes_nothing(csrf_client, db):
    make_teacher(db, email="t@school.test")
    response = csrf_client.post("/login", data={"login": "t@school.test", "password": PASSWORD})
    assert response.status_code == 400
    assert b"The form expired" in response.data
    assert csrf_client.get("/teacher/").status_code == 302


def test_class_create_without_csrf_token_creates_nothing(csrf_client, db):
    make_teacher(db, email="t@school.test")
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"login": "t@school.test", "password": PASSWORD, "csrf_token": token}
    assert csrf_client.post("/login", data=data).status_code == 302
    assert csrf_client.post("/teacher/classes", data={"name": "X"}).status_code == 400
    assert db.scalars(select(Classroom)).first() is None


def test_login_is_rate_limited_with_a_friendly_page(database, db):
    app = make_test_app(database, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    statuses = [login(client, "x@school.test", "wrong-pass").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = login(client, "x@school.test", "wrong-pass")
    assert b"Too many attempts" in response.data
    app.extensions["db_engine"].dispose()


def test_join_is_rate_limited(database):
    app = make_test_app(database, RATELIMIT_ENABLED=True, RATELIMIT_JOIN="2 per minute")
    client = app.test_client()
    statuses = [client.post("/join", data={"code": "ZZZZZZ"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    app.extensions["db_engine"].dispose()


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "ratelimit_storage": "disabled",
    }


def test_healthz_reports_the_rate_limit_storage_when_limits_are_on(database, db):
    app = make_test_app(database, RATELIMIT_ENABLED=True)
    response = app.test_client().get("/healthz")
    assert response.get_json() == {"status": "ok", "database": "ok", "ratelimit_storage": "ok"}
    app.extensions["db_engine"].dispose()


def test_healthz_reports_503_when_the_database_is_unreachable(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite3"
    app = create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{missing}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_control_characters_in_names_are_dropped_not_a_server_error(client, db):
    response = client.post(
        "/signup",
        data={
            "name": "Ms.\x00 Ri\x07vera",
            "email": "r\x00@school.test",
            "password": "long-enough-pw",
            "confirm": "long-enough-pw",
        },
    )
    assert response.status_code == 302
    response = client.post("/teacher/classes", data={"name": "Period\x00 3"})
    assert response.status_code == 302
    assert db.scalars(select(Classroom.name)).one() == "Period 3"


def test_the_500_page_renders_after_a_failed_flush(database, db):
    from app.db import get_session

    app = make_test_app(database, PROPAGATE_EXCEPTIONS=False)

    @app.route("/broken-query")
    def broken_query():
        session = get_session()
        session.add(Classroom(teacher_id=999999, name="x", join_code="ZZZZZZ"))
        session.flush()  # the foreign key fails; the session must be rolled back to go on

    make_teacher(db, email="t@school.test")
    client = app.test_client()
    login(client, "t@school.test")
    response = client.get("/broken-query")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    app.extensions["db_engine"].dispose()
