"""Text people type comes back inert: escaped on every page that shows it, plain text in CSVs.

Each payload below goes into every free-text field a user can set (teacher and student names,
class names, written answers, marking comments) and into the values a refused form echoes back.
Then every page that shows the value is fetched: its raw markup must be absent and its escaped
form present. The test client also checks that every HTML response carries a
Content-Security-Policy whose script-src forbids inline scripts, the second line of defence.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import Environment
from markupsafe import escape
from sqlalchemy import select

from app.models import Assignment, Classroom, User
from app.questions import Response
from app.roster import clean_name
from app.security import CONTENT_SECURITY_POLICY
from app.services import classrooms
from tests.factories import (
    PASSWORD,
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)
from tests.quiz_forms import lesson

NAME_LIMIT = 80  # names and class names: the forms refuse longer ones
LESSON = lesson()
SHORT = next(q for q in LESSON.questions if q.type == "short_answer")
PLAIN_ANSWER = {SHORT.id: Response("short_answer", text="The Legion has a stake.")}

PAYLOADS = (
    "<script>alert('XSS')</script>",
    "<script>console.log('XSS-MARKER')</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="console.log(\'XSS-MARKER\')">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    '" autofocus onfocus="alert(1)',
    "' autofocus onfocus='alert(1)",
    '<a href="javascript:alert(1)">click me</a>',
    "javascript:alert(document.cookie)",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)//",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",  # fullwidth < and >
    "a\u2028</script>\u2029<script>alert(1)</script>",  # JS line separators
    "\u202e<b>gnp.exe</b>",  # right-to-left override
    "{{7*7}} {{ config.SECRET_KEY }} ${7*7} #{7*7} {% raw %}",
)
NAME_PAYLOADS = tuple(p[:NAME_LIMIT] for p in PAYLOADS)
JOIN_NAMES = frozenset(p.strip() for p in NAME_PAYLOADS)  # as the join form stores them
# Escaping removes every one of these, so none can appear raw by accident. A raw & cannot be told
# from another value's escaping (&lt; is also what "<" becomes); the escaped-form check catches it.
MARKUP_CHARS = frozenset("<>\"'")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# ---- Checks (each proved able to fail at the end of this module) --------------------------


def inert_problems(html: str, value: str) -> list[str]:
    """Why `value` is not shown inert in `html`: raw markup present, or escaped form missing."""
    problems = []
    # NFKC folds fullwidth < and > to ASCII: a server that normalised text would revive them.
    for raw in dict.fromkeys((value, unicodedata.normalize("NFKC", value))):
        if MARKUP_CHARS & set(raw) and raw in html:
            problems.append(f"raw {raw!r} is in the page")
    if str(escape(value)) not in html:
        problems.append(f"escaped {value!r} is missing")
    return problems


def check(found: list[str], where: str, html: str, values: Iterable[str]) -> None:
    """Add to `found` every value that `html` does not show inert."""
    found += [f"{where}: {p}" for v in values for p in inert_problems(html, v)]


def csp_problem(policy: str | None) -> str | None:
    """Why this Content-Security-Policy would let an injected inline script run, or None."""
    if not policy:
        return "no Content-Security-Policy header"
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.strip().lower().split() or [""]
        if name:
            directives.setdefault(name, sources)
    script = directives.get("script-src", directives.get("default-src"))
    if script is None:
        return "neither script-src nor default-src is set"
    for name in ("script-src-elem", "script-src-attr"):
        script = script + directives.get(name, [])
    if "'unsafe-inline'" in script:
        return "scripts may be 'unsafe-inline'"
    return None


class CheckedClient(FlaskClient):
    """A test client that fails on any HTML response without a strict script policy."""

    def open(self, *args, **kwargs):
        """Make the request, then check the Content-Security-Policy of an HTML answer."""
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html":
            problem = csp_problem(response.headers.get("Content-Security-Policy"))
            request = response.request
            assert problem is None, f"{request.method} {request.path}: {problem}"
        return response


def spreadsheet_text(value: str) -> str:
    """A cell as a spreadsheet-safe CSV export must hold it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_column(response, column: str) -> list[str]:
    """One column of a CSV download, parsed back with the csv module."""
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return [row[column] for row in csv.DictReader(io.StringIO(text, newline=""))]


def check_csv(found: list[str], where: str, cells: list[str], values: Iterable[str]) -> None:
    """Add to `found` every value not exported as exactly its spreadsheet-safe text."""
    found += [f"{where}: {v!r} is not a cell" for v in values if spreadsheet_text(v) not in cells]


def typed(value: str) -> str:
    """What a text field keeps of a value: the forms trim its ends."""
    return value.strip()


# ---- Fixtures and small helpers ---------------------------------------------------------


def new_client(app) -> CheckedClient:
    """A fresh CSP-checking client (its own cookies)."""
    app.test_client_class = CheckedClient
    return app.test_client()


@pytest.fixture
def client(app):
    """Every request in this module goes through a CSP-checking client."""
    return new_client(app)


def html(client, url: str, method: str = "GET", status: int = 200, **kwargs) -> str:
    """The HTML of a page, after checking its status."""
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == status, (method, url, response.status_code)
    assert response.mimetype == "text/html", (url, response.mimetype)
    return response.get_data(as_text=True)


def roster_token(client, classroom_id: int) -> str:
    """The one-use token of a fresh roster form."""
    page = html(client, f"/teacher/classes/{classroom_id}/roster")
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)


def roster_csv(rows: list[list[str]]) -> io.BytesIO:
    """A roster CSV file to upload."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def teacher_with_class(db, client, name: str = "Period 1"):
    """A logged-in teacher with one class that has the lesson assigned."""
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher, name)
    assignment = make_assignment(db, classroom)
    assert login(client, "t@school.test").status_code == 302
    return teacher, classroom, assignment


def assert_none(found: list[str]) -> None:
    """Fail with every place a value was not inert."""
    assert not found, f"{len(found)} values not inert:\n" + "\n".join(found)


# ---- Teacher names ----------------------------------------------------------------------


def payload_email(payload: str, number: int) -> str:
    """An address the sign-up pattern accepts that still carries the payload's markup."""
    local = re.sub(r"\s", "/", payload).replace("@", "")  # <img/src=x/onerror=...> still works
    return f"{local}@school{number}.test"


def test_teacher_names_and_emails_from_sign_up_are_inert_on_teacher_and_student_pages(
    client, db, app
):
    found: list[str] = []
    reader = make_student(db, username="reader")
    for number, payload in enumerate(NAME_PAYLOADS):
        email = payload_email(payload, number).lower()  # the form lower-cases it
        data = {"name": payload, "email": email, "password": PASSWORD, "confirm": PASSWORD}
        response = new_client(app).post("/signup", data=data, follow_redirects=True)
        assert response.request.path == "/teacher/", payload
        check(found, "teacher dashboard", response.get_data(as_text=True), [typed(payload), email])
        teacher = db.scalars(select(User).where(User.email == email)).one()
        classrooms.enroll(db, make_classroom(db, teacher, f"Class {number}"), reader)
        db.commit()
    login(client, "reader")
    check(found, "student home", html(client, "/student/"), map(typed, NAME_PAYLOADS))
    assert_none(found)


# ---- Class names ------------------------------------------------------------------------


def _classes_named_by_form(db, client) -> dict[str, int]:
    """A class per payload, created through the form: expected name -> class id."""
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    ids = {}
    for payload in NAME_PAYLOADS:
        response = client.post("/teacher/classes", data={"name": payload})
        assert response.status_code == 302, payload
        ids[typed(payload)] = int(response.headers["Location"].rsplit("/", 1)[1])
    return ids


def _fill_classes(db, ids: dict[str, int]) -> tuple[User, dict[int, Assignment]]:
    """One student in every class, each class with an assignment the student handed in."""
    reader = make_student(db, username="reader")
    assignments = {}
    for class_id in ids.values():
        classroom = db.get(Classroom, class_id)
        classrooms.enroll(db, classroom, reader)
        db.commit()
        assignments[class_id] = make_assignment(db, classroom)
        make_submitted_attempt(db, assignments[class_id], reader, PLAIN_ANSWER)
    return reader, assignments


CLASS_PAGES = (
    "/teacher/classes/{c}",
    "/teacher/classes/{c}/rename",
    "/teacher/classes/{c}/roster",
    "/teacher/classes/{c}/gradebook",
    "/teacher/classes/{c}/marking",
    "/teacher/classes/{c}/students/{s}",
    "/teacher/classes/{c}/students/{s}/remove",
    "/teacher/classes/{c}/students/{s}/delete",
    "/teacher/assignments/{a}/analysis",
    "/teacher/assignments/{a}/edit",
    "/teacher/assignments/{a}/withdraw",
    "/teacher/assignments/{a}/release",
    "/teacher/assignments/{a}/students/{s}/exception",
)


def test_class_names_from_the_create_form_are_inert_on_every_teacher_page(client, db):
    ids = _classes_named_by_form(db, client)
    reader, assignments = _fill_classes(db, ids)
    found: list[str] = []
    check(found, "dashboard", html(client, "/teacher/"), ids)
    assign_page = html(client, f"/teacher/lessons/{LESSON.slug}/assign")
    check(found, "assign page", assign_page, ids)
    for name, class_id in ids.items():
        for url in CLASS_PAGES:
            url = url.format(c=class_id, s=reader.id, a=assignments[class_id].id)
            check(found, url, html(client, url), [name])
        data = {"names": "Card Holder", "token": roster_token(client, class_id)}
        cards = html(client, f"/teacher/classes/{class_id}/roster", "POST", data=data)
        check(found, "login cards", cards, [name])
    assert_none(found)


def test_class_names_are_inert_on_the_students_pages(client, db, app):
    ids = _classes_named_by_form(db, client)
    _, assignments = _fill_classes(db, ids)
    student = new_client(app)
    login(student, "reader")
    found: list[str] = []
    check(found, "student home", html(student, "/student/"), ids)
    for name, class_id in ids.items():
        url = f"/student/assignments/{assignments[class_id].id}"
        check(found, url, html(student, url), [name])
        code = db.get(Classroom, class_id).join_code
        joined = html(student, "/join", "POST", data={"code": code}, follow_redirects=True)
        check(found, "flash after joining again", joined, [name])
    assert_none(found)


def test_class_names_set_by_renaming_are_inert(client, db):
    teacher = make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    found: list[str] = []
    for payload in NAME_PAYLOADS:
        class_id = make_classroom(db, teacher, "Before").id
        url = f"/teacher/classes/{class_id}/rename"
        page = html(client, url, "POST", data={"name": payload}, follow_redirects=True)
        check(found, "class page after renaming", page, [typed(payload)])
        check(found, "rename form", html(client, url), [typed(payload)])
    check(found, "dashboard", html(client, "/teacher/"), map(typed, NAME_PAYLOADS))
    assert_none(found)


# ---- Student display names --------------------------------------------------------------


def _join_each(app, classroom, found: list[str]) -> list[str]:
    """Each payload joins as a new student; their own home page must show it inert."""
    for number, payload in enumerate(NAME_PAYLOADS):
        data = {
            "code": classroom.join_code,
            "username": f"pupil{number}",
            "display_name": payload,
            "password": PASSWORD,
            "confirm": PASSWORD,
        }
        home = html(new_client(app), "/join", "POST", data=data, follow_redirects=True)
        check(found, "student home after joining", home, [typed(payload)])
    return [typed(p) for p in NAME_PAYLOADS]


def _paste_roster(client, classroom, found: list[str]) -> list[str]:
    # One name per line: a payload with a Unicode line separator would become two names.
    names = [p for p in NAME_PAYLOADS if len(p.splitlines()) == 1]
    data = {"names": "\n".join(names), "token": roster_token(client, classroom.id)}
    cards = html(client, f"/teacher/classes/{classroom.id}/roster", "POST", data=data)
    check(found, "login cards", cards, map(clean_name, names))
    return [clean_name(n) for n in names]


def _upload_roster(client, classroom, found: list[str]) -> list[str]:
    data = {
        "csv_file": (roster_csv([["name"], *([p] for p in NAME_PAYLOADS)]), "roster.csv"),
        "token": roster_token(client, classroom.id),
    }
    url = f"/teacher/classes/{classroom.id}/roster"
    cards = html(client, url, "POST", data=data, content_type="multipart/form-data")
    check(found, "login cards", cards, map(clean_name, NAME_PAYLOADS))
    return [clean_name(p) for p in NAME_PAYLOADS]


def _students_named(db, names: list[str], found: list[str]) -> dict[str, User]:
    """The student stored under each expected name (a missing one is a finding)."""
    students = {u.display_name: u for u in db.scalars(select(User).where(User.role == "student"))}
    found += [f"no student stored as {n!r}" for n in names if n not in students]
    return {n: students[n] for n in names if n in students}


def _check_student_pages(client, found: list[str], base: str, students: dict[str, User]):
    """Each student's own teacher pages: work, remove and delete pages, a new login card."""
    for name, student in students.items():
        url = f"{base}/students/{student.id}"
        for page in (url, url + "/remove", url + "/delete"):
            check(found, page, html(client, page), [name])
        check(found, "new password card", html(client, url + "/password", "POST"), [name])


def _check_removal_flashes(client, found: list[str], base: str, students: dict[str, User]):
    for name, student in students.items():
        url = f"{base}/students/{student.id}/remove"
        page = html(client, url, "POST", follow_redirects=True)
        check(found, "flash after removal", page, [name])


@pytest.mark.parametrize("source", ["join_form", "roster_paste", "roster_csv"])
def test_student_names_are_inert_on_every_page_and_plain_in_csv(client, db, app, source):
    _, classroom, assignment = teacher_with_class(db, client)
    found: list[str] = []
    if source == "join_form":
        names = _join_each(app, classroom, found)
    elif source == "roster_paste":
        names = _paste_roster(client, classroom, found)
    else:
        names = _upload_roster(client, classroom, found)
    students = _students_named(db, names, found)
    for student in students.values():
        make_submitted_attempt(db, assignment, student, PLAIN_ANSWER)
    base = f"/teacher/classes/{classroom.id}"
    for url in (base, f"{base}/gradebook", f"{base}/gradebook?sort=score"):
        check(found, url, html(client, url), names)
    gradebook = client.get(f"{base}/gradebook.csv")
    check_csv(found, "gradebook.csv", csv_column(gradebook, "student"), names)
    responses = client.get(f"/teacher/assignments/{assignment.id}/responses.csv")
    check_csv(found, "responses.csv", csv_column(responses, "student"), names)
    # The per-student pages render the same templates whatever made the account, so a roster
    # only needs them for the names it stores differently from the join form (cleaned).
    own_pages = {n: s for n, s in students.items() if source == "join_form" or n not in JOIN_NAMES}
    _check_student_pages(client, found, base, own_pages)
    _check_removal_flashes(client, found, base, own_pages)
    assert_none(found)


# ---- Values echoed back by a refused form (error summaries) -------------------------------


@dataclass(frozen=True)
class Echo:
    """What the refused forms need: a logged-in teacher, a visitor, a class and a student."""

    teacher: CheckedClient
    visitor: CheckedClient
    base: str
    code: str
    student_id: int

    def join(self, **fields) -> str:
        """A refused join form (new student)."""
        data = {"code": self.code, "password": PASSWORD, "confirm": PASSWORD, **fields}
        return html(self.visitor, "/join", "POST", data=data)

    def roster(self, **fields) -> str:
        """A refused roster form."""
        kwargs = {"content_type": "multipart/form-data"} if "csv_file" in fields else {}
        return html(self.teacher, self.base + "/roster", "POST", data=fields, **kwargs)


TOO_LONG = "x" * NAME_LIMIT

# Form -> (page after sending a payload, the value that page must echo).
ECHO_FORMS = {
    "signup_name": lambda e, p: (
        html(e.visitor, "/signup", "POST", data={"name": p, "email": "bad"}),
        typed(p),
    ),
    "signup_email": lambda e, p: (
        html(e.visitor, "/signup", "POST", data={"name": "Ms. R", "email": p}),
        p.strip().lower(),
    ),
    "signup_name_too_long": lambda e, p: (
        html(e.visitor, "/signup", "POST", data={"name": p + TOO_LONG, "email": "a@b.co"}),
        typed(p + TOO_LONG),
    ),
    "class_name_too_long": lambda e, p: (
        html(e.teacher, "/teacher/classes", "POST", 400, data={"name": p + TOO_LONG}),
        typed(p + TOO_LONG),
    ),
    "rename_too_long": lambda e, p: (
        html(e.teacher, e.base + "/rename", "POST", data={"name": p + TOO_LONG}),
        typed(p + TOO_LONG),
    ),
    "join_display_name": lambda e, p: (e.join(display_name=p, username="-"), typed(p)),
    "join_username": lambda e, p: (e.join(display_name="Sam", username=p), p.strip().lower()),
    "join_code": lambda e, p: (html(e.visitor, "/join", "POST", data={"code": p}), typed(p)),
    "join_code_in_link": lambda e, p: (
        html(e.visitor, "/join", query_string={"code": p}),
        p[:20],
    ),
    "roster_paste_too_long": lambda e, p: (
        e.roster(names=p + TOO_LONG, token="t"),
        p + TOO_LONG,
    ),
    "roster_csv_username": lambda e, p: (
        e.roster(csv_file=(roster_csv([["name", "username"], ["Ann Lee", p]]), "r.csv")),
        p.strip().lower(),
    ),
    "login_name": lambda e, p: (
        html(e.visitor, "/login", "POST", data={"login": p, "password": "wrong-password"}),
        typed(p),
    ),
    "login_next": lambda e, p: (html(e.visitor, "/login", query_string={"next": p}), p),
    "delete_confirmation": lambda e, p: (
        html(
            e.teacher,
            f"{e.base}/students/{e.student_id}/delete",
            "POST",
            data={"confirm_username": p},
        ),
        typed(p),
    ),
}


@pytest.mark.parametrize("form", ECHO_FORMS)
def test_refused_values_are_echoed_inert(client, db, app, form):
    _, classroom, _ = teacher_with_class(db, client)
    student = make_student(db, classroom, username="sam.t")
    echo = Echo(
        client, new_client(app), f"/teacher/classes/{classroom.id}", classroom.join_code, student.id
    )
    found: list[str] = []
    for payload in PAYLOADS:
        page, echoed = ECHO_FORMS[form](echo, payload)
        check(found, form, page, [echoed])
    assert_none(found)


# ---- Written answers and marking comments -----------------------------------------------


def test_short_answers_are_inert_for_the_student_and_the_teacher(client, db, app):
    _, classroom, assignment = teacher_with_class(db, client)
    found: list[str] = []
    students = {}
    page = f"/student/assignments/{assignment.id}"
    for number, payload in enumerate(PAYLOADS):
        student = make_student(db, classroom, username=f"pupil{number}", name=f"Pupil {number}")
        students[payload] = student
        browser = new_client(app)
        login(browser, student.username)
        data = {"attempt": "1", f"q-{SHORT.id}": payload}
        assert browser.post(f"{page}/save", data=data).status_code == 302
        check(found, "quiz page after saving", html(browser, page), [payload])
        data["confirm"] = "1"  # only the written answer: hand it in anyway
        result = html(browser, f"{page}/submit", "POST", data=data, follow_redirects=True)
        check(found, "result page", result, [payload])
    base = f"/teacher/classes/{classroom.id}"
    check(found, "marking queue", html(client, f"{base}/marking"), PAYLOADS)
    for payload, student in students.items():
        check(found, "student page", html(client, f"{base}/students/{student.id}"), [payload])
    responses = client.get(f"/teacher/assignments/{assignment.id}/responses.csv")
    check_csv(found, "responses.csv", csv_column(responses, "answer"), PAYLOADS)
    assert_none(found)


def test_marking_comments_are_inert_for_the_student_and_the_teacher(client, db, app):
    _, classroom, assignment = teacher_with_class(db, client)
    found: list[str] = []
    for number, payload in enumerate(PAYLOADS):
        student = make_student(db, classroom, username=f"pupil{number}")
        attempt = make_submitted_attempt(db, assignment, student, PLAIN_ANSWER)
        url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
        marked = html(
            client, url, "POST", data={"points": "1", "comment": payload}, follow_redirects=True
        )
        assert "Mark saved" in marked, payload
        url = f"/teacher/classes/{classroom.id}/students/{student.id}"
        check(found, "teacher's student page", html(client, url), [typed(payload)])
        browser = new_client(app)
        login(browser, student.username)
        result = html(browser, f"/student/assignments/{assignment.id}/attempts/1")
        check(found, "student's result page", result, [typed(payload)])
    assert_none(found)


def test_payloads_posted_as_choices_never_reach_a_page_or_csv(client, db, app):
    _, classroom, assignment = teacher_with_class(db, client)
    student = make_student(db, classroom, username="sam.t")
    data: dict[str, list[str]] = {"attempt": ["1"]}
    for question in LESSON.questions:
        if question.type == "classify":
            data |= {f"q-{question.id}-{item.id}": list(PAYLOADS) for item in question.items}
        elif question.type != "short_answer":
            data[f"q-{question.id}"] = list(PAYLOADS)
    browser = new_client(app)
    login(browser, "sam.t")
    url = f"/student/assignments/{assignment.id}/submit"
    shown = [
        html(browser, url, "POST", data=data, follow_redirects=True),
        html(client, f"/teacher/classes/{classroom.id}/students/{student.id}"),
        html(client, f"/teacher/assignments/{assignment.id}/analysis"),
        client.get(f"/teacher/assignments/{assignment.id}/responses.csv").get_data(as_text=True),
    ]
    leaked = [p for p in PAYLOADS for text in shown if p in text or escape(p) in text]
    assert not leaked, leaked


# ---- The checks themselves can fail -------------------------------------------------------

RENDER = Environment(autoescape=True)


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if MARKUP_CHARS & set(p)])
def test_inert_check_flags_a_value_rendered_with_the_safe_filter(payload):
    unsafe = RENDER.from_string("<p>{{ v | safe }}</p>").render(v=payload)
    escaped = RENDER.from_string("<p>{{ v }}</p>").render(v=payload)
    assert inert_problems(unsafe, payload)
    assert inert_problems(escaped, payload) == []


def test_inert_check_flags_a_missing_value_and_nfkc_folded_markup():
    fullwidth = "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e"
    assert inert_problems("<p>nothing</p>", "Ann") == ["escaped 'Ann' is missing"]
    folded = f"<p>{fullwidth}</p><p><script>alert(1)</script></p>"
    assert inert_problems(folded, fullwidth) == ["raw '<script>alert(1)</script>' is in the page"]


@pytest.mark.parametrize(
    ("policy", "problem"),
    [
        (CONTENT_SECURITY_POLICY, None),
        ("default-src 'self'", None),
        (None, "no Content-Security-Policy header"),
        ("img-src 'self'", "neither script-src nor default-src is set"),
        ("default-src 'self' 'unsafe-inline'", "scripts may be 'unsafe-inline'"),
        ("default-src 'self'; script-src 'self' 'UNSAFE-INLINE'", "scripts may be 'unsafe-inline'"),
        ("script-src 'self'; script-src-attr 'unsafe-inline'", "scripts may be 'unsafe-inline'"),
    ],
)
def test_csp_check_flags_policies_that_allow_inline_scripts(policy, problem):
    assert csp_problem(policy) == problem


def test_checked_client_fails_on_an_html_page_without_a_policy():
    bare = Flask(__name__)
    bare.add_url_rule("/", "index", lambda: "<p>hello</p>")
    bare.test_client_class = CheckedClient
    with pytest.raises(AssertionError, match="no Content-Security-Policy"):
        bare.test_client().get("/")


def test_csv_check_flags_a_changed_or_unneutralised_cell():
    found: list[str] = []
    check_csv(found, "x", ["<b>", "'=1+1", "-1"], ["<b>", "=1+1", "-1", "@me"])
    assert found == ["x: '-1' is not a cell", "x: '@me' is not a cell"]
