"""When the database does not answer, people get a clear 503 and keep what they sent.

The app here points at a PostgreSQL port nobody listens on: a real refused connection.
"""

from __future__ import annotations

from html import unescape

import pytest

from tests.conftest import make_test_app
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

DOWN = {"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/none", "DATABASE_SCHEMA": ""}


@pytest.fixture
def down_app(database):
    app = make_test_app(database, **DOWN)
    yield app
    app.extensions["db_engine"].dispose()


def _student_cookie(client, db) -> tuple[str, int]:
    classroom = make_classroom(db, make_teacher(db))
    make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom)
    login(client, "sam.t")
    return client.get_cookie("sourcewise_session").value, assignment.id


def test_a_submission_during_an_outage_is_a_503_that_keeps_every_answer(client, db, down_app):
    cookie, assignment_id = _student_cookie(client, db)
    outage = down_app.test_client()
    outage.set_cookie("sourcewise_session", cookie)
    data = form_for(lesson().questions)
    response = outage.post(f"/student/assignments/{assignment_id}/submit", data=data)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    page = unescape(response.get_data(as_text=True))
    assert "We could not save just now" in page and "Try again" in page
    assert f'action="/student/assignments/{assignment_id}/submit"' in page
    for name, values in data.items():
        for value in values if isinstance(values, list) else [values]:
            assert f'name="{name}" value="{value}"' in page, name


def test_an_autosave_during_an_outage_is_a_503_json_the_page_can_show(client, db, down_app):
    cookie, assignment_id = _student_cookie(client, db)
    outage = down_app.test_client()
    outage.set_cookie("sourcewise_session", cookie)
    url = f"/student/assignments/{assignment_id}/save?auto=1"
    response = outage.post(url, data=form_for(lesson().questions[:2]))
    assert response.status_code == 503
    body = response.get_json()
    assert body["saved"] is False and "Your answers are kept on this page" in body["message"]


def test_a_login_during_an_outage_never_writes_the_password_into_the_page(down_app):
    secret = "correct-horse-battery"
    response = down_app.test_client().post("/login", data={"login": "sam.t", "password": secret})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert secret not in page
    assert 'name="login" value="sam.t"' in page and "type yours again" in page


def test_health_check_says_the_database_is_down(down_app):
    response = down_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
