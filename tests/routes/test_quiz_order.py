"""Each student sees choice options in an order of their own, the same wherever their work shows."""

from __future__ import annotations

from html.parser import HTMLParser

from markupsafe import escape
from sqlalchemy.orm import Session

from app.lesson_library import DEFAULT_FOLDER
from tests.conftest import make_test_app
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
CHOICE = [q for q in LESSON.questions if q.type in ("single_choice", "multiple_select")]
MULTIPLE = [q for q in CHOICE if q.type == "multiple_select"]
FILE_ORDER = {q.id: tuple(o.id for o in q.options) for q in CHOICE}
TEACHER = "teacher.order@school.test"


class _Options(HTMLParser):
    """Values of the radio buttons and check boxes of each choice question, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, tuple[str, ...]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "input" and name.removeprefix("q-") in FILE_ORDER:
            question_id = name.removeprefix("q-")
            self.found[question_id] = (*self.found.get(question_id, ()), attrs["value"])


def quiz_orders(html: str) -> dict[str, tuple[str, ...]]:
    """Question id -> option ids in the order the quiz form shows them."""
    parser = _Options()
    parser.feed(html)
    return parser.found


def review_order(html: str, question) -> tuple[str, ...]:
    """Option ids in the order one question's review lists them (only the options it shows)."""
    start = html.index(f'id="review-{question.id}"')
    end = html.find('id="review-', start + 1)
    section = html[start : end if end > 0 else len(html)]
    shown = [o for o in question.options if str(escape(o.text)) in section]
    return tuple(o.id for o in sorted(shown, key=lambda o: section.index(str(escape(o.text)))))


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _student(app, username: str):
    client = app.test_client()
    login(client, username)
    return client


def _room(db, usernames=("ana.k", "ben.o")):
    """A class with these students and the lesson assigned; returns the class and assignment."""
    classroom = make_classroom(db, make_teacher(db, email=TEACHER))
    students = [make_student(db, classroom, username=name) for name in usernames]
    return classroom, students, make_assignment(db, classroom, LESSON.slug)


def test_two_students_get_orders_of_their_own_while_the_preview_keeps_file_order(app, db):
    _, _, assignment = _room(db)
    url = f"/student/assignments/{assignment.id}"
    ana = quiz_orders(_page(_student(app, "ana.k"), url))
    built = app.extensions["lesson_markup"][("quiz", LESSON.slug)]
    ben = quiz_orders(_page(_student(app, "ben.o"), url))
    # One quiz markup for the lesson, built once and laid out per student, never re-rendered.
    assert app.extensions["lesson_markup"][("quiz", LESSON.slug)] is built
    assert [key for key in app.extensions["lesson_markup"] if key[0] == "quiz"] == [
        ("quiz", LESSON.slug)
    ]
    for orders in (ana, ben):
        assert {q: sorted(ids) for q, ids in orders.items()} == {
            q: sorted(ids) for q, ids in FILE_ORDER.items()
        }
    assert ana != ben
    teacher = app.test_client()
    login(teacher, TEACHER)
    assert quiz_orders(_page(teacher, f"/teacher/lessons/{LESSON.slug}")) == FILE_ORDER


def test_a_student_keeps_one_order_on_reload_in_results_and_in_the_teacher_view(app, db):
    classroom, [ana, _], assignment = _room(db)
    url = f"/student/assignments/{assignment.id}"
    client = _student(app, "ana.k")
    shown = quiz_orders(_page(client, url))
    assert quiz_orders(_page(client, url)) == shown
    # Her own order is only visible where it differs from the file's.
    assert any(shown[q.id] != FILE_ORDER[q.id] for q in MULTIPLE)
    # Every option picked, so the review lists them all (the key is not revealed yet).
    form = form_for(LESSON.questions, **{f"q-{q.id}": list(FILE_ORDER[q.id]) for q in MULTIPLE})
    assert client.post(f"{url}/submit", data=form).status_code == 302
    result = _page(client, f"{url}/attempts/1")
    teacher = app.test_client()
    login(teacher, TEACHER)
    detail = _page(teacher, f"/teacher/classes/{classroom.id}/students/{ana.id}")
    for question in MULTIPLE:
        assert review_order(result, question) == shown[question.id], question.id
        assert review_order(detail, question) == shown[question.id], question.id
    assert quiz_orders(_page(client, url)) == shown, "the second attempt keeps the order"


def test_a_question_marked_shuffle_false_keeps_file_order_for_every_student(database, tmp_path):
    kept = MULTIPLE[0]
    text = (DEFAULT_FOLDER / f"{LESSON.slug}.md").read_text(encoding="utf-8")
    head = f"  - id: {kept.id}\n    type: multiple_select\n"
    assert head in text
    (tmp_path / f"{LESSON.slug}.md").write_text(
        text.replace(head, head + "    shuffle: false\n"), encoding="utf-8"
    )
    app = make_test_app(database, LESSONS_FOLDER=str(tmp_path))
    db = Session(bind=app.extensions["db_engine"])
    db.info["app"] = app
    try:
        names = [f"student.{n}" for n in range(6)]
        _, _, assignment = _room(db, names)
        url = f"/student/assignments/{assignment.id}"
        seen = [quiz_orders(_page(_student(app, name), url)) for name in names]
    finally:
        db.close()
        app.extensions["db_engine"].dispose()
    assert [orders[kept.id] for orders in seen] == [FILE_ORDER[kept.id]] * len(names)
    others = [q.id for q in CHOICE if q.id != kept.id]
    assert len({tuple(orders[q] for q in others) for orders in seen}) == len(names)
