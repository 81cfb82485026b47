"""Every route and method, for every kind of visitor, answers as this table says.

The table is checked against the app's URL map, so a new route without a row fails the suite.
"""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.models import utcnow
from app.questions import Response
from app.services import check_ins
from tests.conftest import BASE_CONFIG
from tests.factories import (
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)
from tests.quiz_forms import lesson

ROLES = ("anonymous", "student", "teacher", "other_teacher")
# A student of another class is treated like the class's student, except that the class's
# assignments do not exist for them.
ALL_ROLES = (*ROLES, "other_student")
SHORT = next(q.id for q in lesson("tiotkino-raid").questions if q.type == "short_answer")
LOGIN = "login"  # a redirect to the log-in page
HOME = "home"  # a redirect to the visitor's start page
REDIRECT = "redirect"  # any other redirect

C = "/teacher/classes/<id:classroom_id>"
S = C + "/students/<id:student_id>"
A = "/student/assignments/<id:assignment_id>"
T = "/teacher/assignments/<id:assignment_id>"
K = "/student/check-ins/<id:check_in_id>"
TK = "/teacher/check-ins/<id:check_in_id>"

# (rule, method): outcome for anonymous, student, teacher (owner), other teacher.
MATRIX: dict[tuple[str, str], tuple] = {
    ("/", "GET"): (200, HOME, HOME, HOME),
    ("/healthz", "GET"): (200, 200, 200, 200),
    ("/how-to-check", "GET"): (200, 200, 200, 200),
    ("/login", "GET"): (200, HOME, HOME, HOME),
    ("/login", "POST"): (200, HOME, HOME, HOME),
    ("/logout", "POST"): (LOGIN, LOGIN, LOGIN, LOGIN),
    ("/signup", "GET"): (200, HOME, HOME, HOME),
    ("/signup", "POST"): (200, HOME, HOME, HOME),
    ("/join", "GET"): (200, 200, 403, 403),
    ("/join", "POST"): (200, 200, 403, 403),
    ("/account/password", "GET"): (LOGIN, 200, 200, 200),
    ("/account/password", "POST"): (LOGIN, 200, 200, 200),
    ("/student/", "GET"): (LOGIN, 200, 403, 403),
    (A, "GET"): (LOGIN, 200, 403, 403),
    (A + "/save", "POST"): (LOGIN, REDIRECT, 403, 403),
    (A + "/submit", "POST"): (LOGIN, REDIRECT, 403, 403),
    (A + "/attempts/<id:number>", "GET"): (LOGIN, 200, 403, 403),
    ("/teacher/", "GET"): (LOGIN, 403, 200, 200),
    ("/teacher/classes", "POST"): (LOGIN, 403, 400, 400),
    ("/teacher/lessons", "GET"): (LOGIN, 403, 200, 200),
    ("/teacher/lessons/<slug>", "GET"): (LOGIN, 403, 200, 200),
    ("/teacher/lessons/<slug>/guide", "GET"): (LOGIN, 403, 200, 200),
    ("/teacher/lessons/<slug>/assign", "GET"): (LOGIN, 403, 200, 200),
    ("/teacher/lessons/<slug>/assign", "POST"): (LOGIN, 403, 200, 200),
    (T + "/edit", "GET"): (LOGIN, 403, 200, 404),
    (T + "/edit", "POST"): (LOGIN, 403, 200, 404),
    (T + "/withdraw", "GET"): (LOGIN, 403, 200, 404),
    (T + "/withdraw", "POST"): (LOGIN, 403, REDIRECT, 404),
    (T + "/release", "GET"): (LOGIN, 403, 200, 404),
    (T + "/release", "POST"): (LOGIN, 403, REDIRECT, 404),
    (T + "/close", "POST"): (LOGIN, 403, REDIRECT, 404),
    (T + "/reopen", "POST"): (LOGIN, 403, REDIRECT, 404),
    (T + "/students/<id:student_id>/exception", "GET"): (LOGIN, 403, 200, 404),
    (T + "/students/<id:student_id>/exception", "POST"): (LOGIN, 403, 200, 404),
    (T + "/analysis", "GET"): (LOGIN, 403, 200, 404),
    (T + "/responses.csv", "GET"): (LOGIN, 403, 200, 404),
    (C + "/gradebook", "GET"): (LOGIN, 403, 200, 404),
    (C + "/gradebook.csv", "GET"): (LOGIN, 403, 200, 404),
    (C + "/marking", "GET"): (LOGIN, 403, 200, 404),
    (S, "GET"): (LOGIN, 403, 200, 404),
    ("/teacher/attempts/<id:attempt_id>/questions/<question_id>/mark", "POST"): (
        LOGIN,
        403,
        REDIRECT,
        404,
    ),
    (C, "GET"): (LOGIN, 403, 200, 404),
    (C + "/rename", "GET"): (LOGIN, 403, 200, 404),
    (C + "/rename", "POST"): (LOGIN, 403, 200, 404),
    (C + "/archive", "POST"): (LOGIN, 403, REDIRECT, 404),
    (C + "/unarchive", "POST"): (LOGIN, 403, REDIRECT, 404),
    (C + "/code", "POST"): (LOGIN, 403, REDIRECT, 404),
    (C + "/roster", "GET"): (LOGIN, 403, 200, 404),
    (C + "/roster", "POST"): (LOGIN, 403, 200, 404),
    (S + "/password", "POST"): (LOGIN, 403, 200, 404),
    (S + "/remove", "GET"): (LOGIN, 403, 200, 404),
    (S + "/remove", "POST"): (LOGIN, 403, REDIRECT, 404),
    (S + "/delete", "GET"): (LOGIN, 403, 200, 404),
    (S + "/delete", "POST"): (LOGIN, 403, 200, 404),
    (K, "GET"): (LOGIN, 200, 403, 403),
    (K + "/save", "POST"): (LOGIN, REDIRECT, 403, 403),
    (K + "/submit", "POST"): (LOGIN, REDIRECT, 403, 403),
    (C + "/check-ins/new", "GET"): (LOGIN, 403, 200, 404),
    (C + "/check-ins/new", "POST"): (LOGIN, 403, 200, 404),
    (TK, "GET"): (LOGIN, 403, 200, 404),
    (TK + "/report.csv", "GET"): (LOGIN, 403, 200, 404),
    (TK + "/open-after", "POST"): (LOGIN, 403, REDIRECT, 404),
    (TK + "/release", "POST"): (LOGIN, 403, REDIRECT, 404),
}


def _app_routes() -> set[tuple[str, str]]:
    app = create_app(BASE_CONFIG)
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_matrix_lists_exactly_the_apps_routes():
    assert set(MATRIX) == _app_routes()


def _arrange(db, role: str, client):
    owner = make_teacher(db, email="owner@school.test")
    other = make_teacher(db, email="other@school.test")
    classroom = make_classroom(db, owner)
    student = make_student(db, classroom, username="stu.dent")
    assignment = make_assignment(db, classroom)
    attempt = make_submitted_attempt(
        db, assignment, student, {SHORT: Response("short_answer", text="x")}
    )
    check_in = check_ins.create(db, classroom, "signals", None, b"key", utcnow())
    db.commit()
    make_student(db, make_classroom(db, other, "Elsewhere"), username="out.sider")
    login_names = {
        "student": "stu.dent",
        "other_student": "out.sider",
        "teacher": owner.email,
        "other_teacher": other.email,
    }
    if role != "anonymous":
        assert login(client, login_names[role]).status_code == 302
    return classroom, student, assignment, attempt, check_in


def _check(response, expected, role: str) -> None:
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith("/login"), location
    elif expected == HOME:
        start = {
            "student": "/student/",
            "other_student": "/student/",
            "teacher": "/teacher/",
            "other_teacher": "/teacher/",
        }
        assert response.status_code == 302 and location == start[role], location
    elif expected == REDIRECT:
        assert response.status_code == 302, response.status_code
    else:
        assert response.status_code == expected, (response.status_code, location)


def expected(rule: str, method: str, role: str):
    """The outcome the matrix sets for this visitor."""
    if role == "other_student":
        # The class's assignments and check-ins do not exist for a student of another class.
        return 404 if rule.startswith((A, K)) else expected(rule, method, "student")
    return MATRIX[(rule, method)][ROLES.index(role)]


ARGUMENT = re.compile(r"<(?:(?P<converter>[^:>]+):)?(?P<name>\w+)>")
TEXT_CONVERTERS = {None, "string", "path"}


def _url(rule: str, values: dict[str, object]) -> str:
    """The rule with each argument replaced by its value in `values`."""
    return ARGUMENT.sub(lambda found: str(values[found["name"]]), rule)


def _values(classroom, student, assignment, attempt, check_in) -> dict[str, object]:
    return {
        "check_in_id": check_in.id,
        "classroom_id": classroom.id,
        "assignment_id": assignment.id,
        "number": 1,
        "attempt_id": attempt.id,
        "question_id": SHORT,
        "student_id": student.id,
        "slug": "tiotkino-raid",
    }


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("rule", "method"), sorted(MATRIX))
def test_route_answers_as_the_matrix_says(client, db, rule, method, role):
    url = _url(rule, _values(*_arrange(db, role, client)))
    response = client.open(url, method=method, data={})
    _check(response, expected(rule, method, role), role)


# Every number in a URL, on every route and method of the URL map, so a new route is covered.
NUMBER_ARGUMENTS = sorted(
    (rule, method, found["name"], found["converter"])
    for rule, method in _app_routes()
    for found in ARGUMENT.finditer(rule)
    if found["converter"] not in TEXT_CONVERTERS
)


def test_every_number_in_a_url_goes_through_the_id_converter():
    assert {converter for *_, converter in NUMBER_ARGUMENTS} == {"id"}


# The largest id an INTEGER column holds (a valid URL, no such row), then numbers beyond it:
# PostgreSQL refuses those in a query, SQLite cannot bind those past 2**63 - 1.
@pytest.mark.parametrize("unknown_id", [2**31 - 1, 2**31, 2**63, 10**20])
@pytest.mark.parametrize(("rule", "method", "argument", "converter"), NUMBER_ARGUMENTS)
def test_an_id_at_or_past_the_largest_a_column_holds_is_404(
    client, db, rule, method, argument, converter, unknown_id
):
    role = "student" if rule.startswith("/student/") else "teacher"
    values = _values(*_arrange(db, role, client)) | {argument: unknown_id}
    assert client.open(_url(rule, values), method=method, data={}).status_code == 404


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("written", ["0{id}", "00{id}", "{arabic}", "+{id}", "{id}.0", "0"])
def test_an_id_written_other_than_plainly_is_404(client, db, written):
    classroom, *_ = _arrange(db, "teacher", client)
    assert client.get(f"/teacher/classes/{classroom.id}").status_code == 200
    arabic = str(classroom.id).translate(ARABIC_INDIC)
    url = f"/teacher/classes/{written.format(id=classroom.id, arabic=arabic)}"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/teacher/classes/999999",
        "/teacher/classes/999999/rename",
        "/teacher/classes/999999/roster",
        "/teacher/classes/{c}/students/999999/remove",
        "/teacher/classes/{c}/students/999999/delete",
        "/teacher/lessons/no-such-lesson",
        "/teacher/lessons/no-such-lesson/guide",
    ],
)
def test_unknown_ids_answer_404_for_the_teacher(client, db, url):
    classroom, *_ = _arrange(db, "teacher", client)
    assert client.get(url.format(c=classroom.id)).status_code == 404


def test_student_of_another_class_is_404_on_this_class_student_pages(client, db):
    classroom, *_ = _arrange(db, "teacher", client)
    outsider = make_student(db, make_classroom(db, classroom.teacher, "Other class"))
    response = client.get(f"/teacher/classes/{classroom.id}/students/{outsider.id}/remove")
    assert response.status_code == 404
