"""The quiz markup is rendered once per lesson and filled per student: each sees only their own."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest

from app import lesson_markup
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
TYPES = {q.type for q in LESSON.questions}


class _Fields(HTMLParser):
    """Which inputs of a page are checked and what each textarea holds, by field name."""

    def __init__(self) -> None:
        super().__init__()
        self.checked: dict[str, set[str]] = {}
        self.inputs = 0
        self.texts: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self.inputs += 1
            if "checked" in attrs:
                self.checked.setdefault(attrs["name"], set()).add(attrs["value"])
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.texts[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.texts[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def fields(html: str) -> _Fields:
    """Parse a page's quiz fields."""
    parser = _Fields()
    parser.feed(html)
    return parser


def _field_types() -> dict[str, str]:
    """Every quiz field name of the lesson, with its question's type."""
    return {name: q.type for q in LESSON.questions for name in q.field_names()}


def expected(form: dict[str, list[str]]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """(checked values by name, text by name) that a saved form should show again."""
    types = _field_types()
    checked, texts = {}, {}
    for name, values in form.items():
        if types.get(name) == "short_answer":
            texts[name] = values[0]
        elif name in types:
            checked[name] = set(values)
    return checked, texts


@pytest.fixture
def room(db):
    """A class with two students and one assignment."""
    classroom = make_classroom(db, make_teacher(db, email="teacher.markup@school.test"))
    make_student(db, classroom, username="ana.k")
    make_student(db, classroom, username="ben.o")
    return make_assignment(db, classroom)


def _save_as(app, username: str, assignment, form: dict):
    client = app.test_client()
    login(client, username)
    response = client.post(f"/student/assignments/{assignment.id}/save", data=form)
    assert response.status_code == 302
    return client


def _page(client, assignment) -> str:
    response = client.get(f"/student/assignments/{assignment.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_lesson_used_here_has_every_question_type():
    assert {
        "single_choice",
        "multiple_select",
        "highlight",
        "highlight_phrase",
        "classify",
        "short_answer",
    } == TYPES


def test_a_saved_quiz_shows_exactly_the_saved_answers(app, room):
    form = form_for(LESSON.questions)
    client = _save_as(app, "ana.k", room, form)
    shown = fields(_page(client, room))
    want_checked, want_texts = expected(form)
    assert shown.checked == want_checked
    assert {k: v for k, v in shown.texts.items() if v} == want_texts


def test_two_students_each_see_only_their_own_answers(app, room):
    right = form_for(LESSON.questions)
    wrong = form_for(LESSON.questions)
    for question in LESSON.questions:
        if question.type == "single_choice":
            wrong.update(question.example_answer(right=False))
        if question.type == "short_answer":
            wrong[f"q-{question.id}"] = ["A different answer entirely."]
    ana = _save_as(app, "ana.k", room, right)
    ben = _save_as(app, "ben.o", room, wrong)
    for client, form in ((ana, right), (ben, wrong), (ana, right)):
        shown = fields(_page(client, room))
        assert shown.checked == expected(form)[0]
        assert {k: v for k, v in shown.texts.items() if v} == expected(form)[1]


def test_a_written_answer_is_escaped_inside_its_text_box(app, room):
    question = next(q for q in LESSON.questions if q.type == "short_answer")
    hostile = '</textarea><script>alert("x")</script> & <b>'
    client = _save_as(app, "ana.k", room, {"attempt": "1", f"q-{question.id}": hostile})
    page = _page(client, room)
    assert "<script>alert" not in page
    assert fields(page).texts[f"q-{question.id}"] == hostile


def test_a_new_attempt_and_the_teacher_preview_show_nothing_checked(app, room):
    student = app.test_client()
    login(student, "ana.k")
    fresh = fields(_page(student, room))
    assert fresh.inputs > 0 and fresh.checked == {} and not any(fresh.texts.values())
    teacher = app.test_client()
    login(teacher, "teacher.markup@school.test")
    preview = teacher.get(f"/teacher/lessons/{LESSON.slug}")
    assert preview.status_code == 200
    shown = fields(preview.get_data(as_text=True))
    assert shown.inputs == fresh.inputs and shown.checked == {}


def test_a_reloaded_lesson_renders_afresh_and_the_old_one_is_not_served(app):
    changed = replace(LESSON, introduction="An introduction written for this test only.")
    with app.app_context():
        before = lesson_markup.reading(LESSON)
        after = lesson_markup.reading(changed)
        assert "written for this test only" in after and "written for this test only" not in before
        assert lesson_markup.reading(changed) is after


def test_the_quiz_markup_is_built_once_per_lesson(app):
    with app.app_context():
        first = lesson_markup._cached("quiz", LESSON, lesson_markup._compile)
        again = lesson_markup._cached("quiz", LESSON, lesson_markup._compile)
    assert first is again
    assert first.spots, "the quiz has places where a student's answers show"
    assert "\0" not in first.fill({}), "every marker is filled in, even with no answers"


def test_nothing_is_kept_while_templates_reload_on_change(app):
    app.jinja_env.auto_reload = True  # what TEMPLATES_AUTO_RELOAD or debug mode sets
    with app.app_context():
        first = lesson_markup.reading(LESSON)
        again = lesson_markup.reading(LESSON)
        assert first == again and first is not again
        assert "lesson_markup" not in app.extensions
