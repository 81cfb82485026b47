"""CSRF on every POST, throttling that recovers, and answer keys that stay hidden."""

from __future__ import annotations

import re
import time
from html import unescape

import pytest
from sqlalchemy import func, select

from app.db import Base
from app.questions import Response
from tests.conftest import make_test_app
from tests.factories import (
    PASSWORD,
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)
from tests.quiz_forms import form_for, lesson, secret_texts
from tests.routes.test_access_matrix import MATRIX

LESSON = lesson()
SHORT = next(q.id for q in LESSON.questions if q.type == "short_answer")
POSTS = sorted(rule for rule, method in MATRIX if method == "POST")


def _counts(db) -> dict[str, int]:
    db.expire_all()
    return {
        t.name: db.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables
    }


def _ids(db):
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher)
    student = make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom)
    attempt = make_submitted_attempt(
        db, assignment, student, {SHORT: Response("short_answer", text="x")}
    )
    return {
        "<id:classroom_id>": classroom.id,
        "<id:student_id>": student.id,
        "<id:assignment_id>": assignment.id,
        "<id:attempt_id>": attempt.id,
        "<question_id>": SHORT,
        "<slug>": LESSON.slug,
        "<id:number>": 1,
    }


def _url(rule: str, ids: dict) -> str:
    for name, value in ids.items():
        rule = rule.replace(name, str(value))
    return rule


@pytest.fixture
def csrf_app(database):
    app = make_test_app(database, WTF_CSRF_ENABLED=True)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.mark.parametrize("role", ["teacher", "student", "anonymous"])
@pytest.mark.parametrize("rule", POSTS)
def test_post_without_a_csrf_token_is_refused_and_changes_nothing(
    csrf_app, database, db, rule, role
):
    ids = _ids(db)
    client = csrf_app.test_client()
    if role != "anonymous":
        # Log in through a test app without CSRF, then reuse the cookie on the protected app.
        plain = make_test_app(database)
        plain_client = plain.test_client()
        login(plain_client, "t@school.test" if role == "teacher" else "sam.t")
        client.set_cookie("sourcewise_session", plain_client.get_cookie("sourcewise_session").value)
        plain.extensions["db_engine"].dispose()
    before = _counts(db)
    data = form_for(LESSON.questions) | {"name": "X", "login": "sam.t", "password": PASSWORD}
    response = client.post(_url(rule, ids), data=data)
    assert response.status_code in (302, 400, 403, 404)
    if response.status_code == 302:  # only the log-in redirect of a protected page
        assert response.headers["Location"].startswith("/login")
    assert _counts(db) == before


def test_login_throttling_answers_429_and_recovers_after_the_window(database):
    # A window wide enough that three log-ins fit in it even on a busy machine.
    app = make_test_app(database, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per 4 seconds")
    try:
        client = app.test_client()
        codes = [login(client, "x@school.test", "wrong-pass").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        time.sleep(4.2)  # let the window pass (not a timing assertion)
        assert login(client, "x@school.test", "wrong-pass").status_code == 200
    finally:
        app.extensions["db_engine"].dispose()


def test_nothing_a_student_can_reach_before_the_reveal_holds_a_key(client, db):
    ids = _ids(db)
    login(client, "sam.t")
    pages = [
        _url(rule, ids)
        for (rule, method), outcome in MATRIX.items()
        if method == "GET" and outcome[1] == 200
    ]
    autosave = client.post(
        _url("/student/assignments/<id:assignment_id>/save?auto=1", ids),
        data=form_for(LESSON.questions, attempt=2),
    )
    bodies = [autosave.get_data(as_text=True)]
    bodies += [client.get(page).get_data(as_text=True) for page in pages]
    assert len(bodies) >= 5
    assert any("Your results: attempt 1" in body for body in bodies)
    secrets = secret_texts(LESSON, 70)
    for body in bodies:
        flat = " ".join(unescape(body).split())
        assert [s for s in secrets if s in flat] == []


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_quiz_hands_in_with_the_token_its_page_carries_and_not_without(csrf_app, db):
    classroom = make_classroom(db, make_teacher(db))
    make_student(db, classroom, username="sam.t")
    url = f"/student/assignments/{make_assignment(db, classroom).id}"
    client = csrf_app.test_client()
    login_token = _token(client.get("/login").get_data(True))
    login_form = {"login": "sam.t", "password": PASSWORD, "csrf_token": login_token}
    assert client.post("/login", data=login_form).status_code == 302
    token = _token(client.get(url).get_data(True))
    answers = form_for(LESSON.questions)
    assert client.post(f"{url}/submit", data=answers).status_code == 400
    assert client.post(f"{url}/submit", data=answers | {"csrf_token": token}).status_code == 302
    assert _counts(db)["attempt"] == 1


def test_the_home_pages_join_form_joins_with_the_token_it_carries_and_not_without(csrf_app, db):
    first = make_classroom(db, make_teacher(db))
    second = make_classroom(db, make_teacher(db, email="other@school.test"), "Period 2")
    make_student(db, first, username="sam.t")
    client = csrf_app.test_client()
    login_token = _token(client.get("/login").get_data(True))
    login_form = {"login": "sam.t", "password": PASSWORD, "csrf_token": login_token}
    assert client.post("/login", data=login_form).status_code == 302
    token = _token(client.get("/student/").get_data(True))
    assert client.post("/join", data={"code": second.join_code}).status_code == 400
    joined = client.post("/join", data={"code": second.join_code, "csrf_token": token})
    assert joined.headers["Location"] == "/student/"
    assert "Period 2" in client.get("/student/").get_data(True)


def test_every_button_on_the_class_page_carries_a_token_that_works(csrf_app, db):
    # The page renders its buttons' shared hidden token once; each form must still carry it.
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher)
    students = [make_student(db, classroom, username=f"s{n}", name=f"S {n}") for n in range(3)]
    client = csrf_app.test_client()
    login_token = _token(client.get("/login").get_data(True))
    login_form = {"login": "t@school.test", "password": PASSWORD, "csrf_token": login_token}
    assert client.post("/login", data=login_form).status_code == 302
    page = client.get(f"/teacher/classes/{classroom.id}").get_data(True)
    forms = re.findall(r'<form method="post" action="([^"]+)"(.*?)</form>', page, flags=re.S)
    resets = [url for url, _ in forms if url.endswith("/password")]
    assert len(resets) == len(students) and len(forms) > len(students)
    token = _token(page)
    carried = [re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', body) for _, body in forms]
    assert carried == [[token]] * len(forms)
    assert client.post(resets[-1]).status_code == 400
    assert client.post(resets[-1], data={"csrf_token": token}).status_code == 200
