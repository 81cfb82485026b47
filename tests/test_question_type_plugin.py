"""A question type is a plugin: one module and one template folder, nothing else changed.

Each test adds a throwaway type, true_false, from a temporary folder (its module and its
templates, written below), and follows it through one part of the app: lesson validation,
the quiz page, scoring, the result page, the teacher's guide, item analysis and the exports.
The type is removed again after each test, so no other test ever sees it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment, TemplateNotFound
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.lessons import load_library
from app.lessons.export import library_to_gift, library_to_json
from app.models import Attempt
from app.question_templates import QuestionTemplateLoader
from app.questions import QUESTION_TYPES, unregister
from tests.conftest import make_test_app
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for
from tests.unit.lesson_samples import mutate, write_articles

TYPE = "true_false"
MODULE = '''
"""true_false: the student says whether a claim about the article is true."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.questions.answers import Response, Score, count_picks, submitted
from app.questions.base import Question
from app.questions.gift import Gift
from app.questions.registry import register

VALUES = ("true", "false")


@dataclass(frozen=True)
class TrueFalse(Question):
    """True or false; all points for the right verdict."""

    type = "true_false"
    specific_keys = ("answer",)

    answer: bool = True

    @classmethod
    def read_specific(cls, fields, article, points):
        return {"answer": fields.flag("answer", required=True)}

    def specific_json(self):
        return {"answer": self.answer}

    def public_specific(self):
        return {}

    def read_response(self, form_values):
        picked = [v for v in submitted(form_values, f"q-{self.id}") if v in VALUES]
        return Response(self.type, choices=tuple(picked[:1]))

    def _key(self):
        return "true" if self.answer else "false"

    def score(self, response):
        right = response.choices[:1] == (self._key(),)
        return Score(self.points if right else 0, self.points, parts={"verdict": right})

    def tally(self, responses):
        return count_picks(VALUES, (r.choices[:1] for r in responses))

    def gift(self):
        return Gift(("TRUE" if self.answer else "FALSE",))

    def example_answer(self, right):
        wrong = "false" if self.answer else "true"
        return {f"q-{self.id}": [self._key() if right else wrong]}


register(TrueFalse, templates=Path(__file__).parent / "true_false")
'''
TEMPLATES = {
    "field.html": (
        '<div class="tf-field">{% for value in ("true", "false") %}<label class="option">'
        '<input type="radio" name="q-{{ view.id }}" value="{{ value }}" {{ state.checked(value) }}>'
        "<span>{{ value | title }}</span></label>{% endfor %}</div>"
    ),
    "review.html": (
        '<p class="tf-review">You said: {{ answer.choices[0] if answer.choices else "nothing" }}'
        '{% if view.key_visible %}; the claim is {{ "true" if q.answer else "false" }}'
        "{% endif %}</p>"
    ),
    "key.html": '<p class="tf-key">The claim is {{ "true" if q.answer else "false" }}.</p>',
    "tally.html": (
        '<p class="tf-tally">Said true: {{ s.tally["true"] }}; '
        'said false: {{ s.tally["false"] }}</p>'
    ),
}
QUESTION = """\
  - id: claim-checked
    type: true_false
    skills: [unverified-claims]
    points: 2
    prompt: "True or false: journalists checked the video."
    answer: true
    explanation: The journalists say they checked it.
"""
LESSON = mutate("---\n\n## Who says so?", QUESTION + "---\n\n## Who says so?")
SLUG = "bridge-report"


@pytest.fixture
def throwaway_type(tmp_path) -> Iterator[type]:
    """The true_false type, loaded from a folder of its own and removed again afterwards."""
    folder = tmp_path / "plugin"
    (folder / TYPE).mkdir(parents=True)
    (folder / f"{TYPE}.py").write_text(MODULE, encoding="utf-8")
    for name, text in TEMPLATES.items():
        (folder / TYPE / name).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("throwaway_true_false", folder / f"{TYPE}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module.TrueFalse
    finally:
        unregister(TYPE)
        sys.modules.pop(spec.name, None)


@pytest.fixture
def lessons(tmp_path, throwaway_type) -> Path:
    """A lessons folder holding the sample lesson with one true_false question added."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / f"{SLUG}.md").write_text(LESSON, encoding="utf-8")
    return folder


@pytest.fixture
def served(database, lessons):
    """An app serving the lesson, a teacher's class with two students and an assignment."""
    articles = write_articles(lessons.parent / "articles")
    app = make_test_app(database, LESSONS_FOLDER=str(lessons), ARTICLES_FOLDER=str(articles))
    db = Session(bind=app.extensions["db_engine"])
    db.info["app"] = app
    classroom = make_classroom(db, make_teacher(db, email="plugin@school.test"))
    for username in ("ana.k", "ben.o"):
        make_student(db, classroom, username=username)
    assignment = make_assignment(db, classroom, SLUG, reveal="after_attempt")
    yield app, db, assignment
    db.close()
    app.extensions["db_engine"].dispose()


def _client(app, name: str):
    client = app.test_client()
    login(client, name)
    return client


def _hand_in(app, assignment, right: dict[str, bool]) -> None:
    """Each named student submits the lesson's example answers, true_false right or not."""
    lesson = app.extensions["lesson_library"].get(SLUG)
    question = lesson.question("claim-checked")
    for name, is_right in right.items():
        form = form_for(lesson.questions) | question.example_answer(right=is_right)
        response = _client(app, name).post(
            f"/student/assignments/{assignment.id}/submit", data=form
        )
        assert response.status_code == 302


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_registered_type_is_listed_after_the_apps_own(throwaway_type):
    assert list(QUESTION_TYPES)[-1] == TYPE and len(QUESTION_TYPES) == 7


def test_a_lesson_with_the_type_loads_and_its_own_rules_check_it(lessons):
    library = load_library(lessons)
    assert library.problems == [] and library.get(SLUG).question("claim-checked").answer is True
    (lessons / f"{SLUG}.md").write_text(LESSON.replace("answer: true", "answer: maybe"))
    [problem] = load_library(lessons).problems
    assert (problem.field, problem.message) == (
        "quiz[11].answer",
        "must be true or false, not 'maybe'",
    )


def test_the_quiz_page_shows_the_types_field_with_a_saved_answer_checked(served):
    app, _, assignment = served
    client = _client(app, "ana.k")
    url = f"/student/assignments/{assignment.id}"
    saved = client.post(f"{url}/save", data={"attempt": "1", "q-claim-checked": "false"})
    assert saved.status_code == 302
    page = _page(client, url)
    assert '<div class="tf-field">' in page
    assert 'value="false" checked>' in page and 'value="true" >' in page
    assert "checked it." not in page  # the explanation waits for the reveal


def test_the_type_scores_a_submitted_answer(served):
    app, db, assignment = served
    _hand_in(app, assignment, {"ana.k": True, "ben.o": False})
    scores = [a.scores["claim-checked"] for a in db.scalars(select(Attempt).order_by(Attempt.id))]
    assert [(s["awarded"], s["points"]) for s in scores] == [(2, 2), (0, 2)]


def test_the_result_page_shows_the_types_review_and_the_key(served):
    app, _, assignment = served
    _hand_in(app, assignment, {"ana.k": False})
    page = _page(_client(app, "ana.k"), f"/student/assignments/{assignment.id}/attempts/1")
    assert '<p class="tf-review">You said: false; the claim is true</p>' in page


def test_the_teachers_guide_shows_the_types_key(served):
    app, _, _ = served
    page = _page(_client(app, "plugin@school.test"), f"/teacher/lessons/{SLUG}/guide")
    assert '<p class="tf-key">The claim is true.</p>' in page


def test_item_analysis_shows_the_types_tally(served):
    app, _, assignment = served
    _hand_in(app, assignment, {"ana.k": True, "ben.o": False})
    page = _page(
        _client(app, "plugin@school.test"), f"/teacher/assignments/{assignment.id}/analysis"
    )
    assert '<p class="tf-tally">Said true: 1; said false: 1</p>' in page


def test_the_responses_csv_lists_the_types_answers(served):
    app, _, assignment = served
    _hand_in(app, assignment, {"ana.k": True})
    csv = _page(
        _client(app, "plugin@school.test"), f"/teacher/assignments/{assignment.id}/responses.csv"
    )
    assert "claim-checked,true_false,true,2,2" in csv


def test_the_exports_carry_the_type(lessons):
    library = load_library(lessons)
    gift = library_to_gift(library)
    assert "::bridge-report claim-checked::[markdown]True or false" in gift
    assert "{\nTRUE\n####The journalists say they checked it.\n}" in gift
    quiz = library_to_json(library)["lessons"][0]["quiz"]
    assert {"id": "claim-checked", "type": TYPE, "answer": True}.items() <= quiz[-1].items()


def test_once_removed_the_type_is_unknown_to_lessons_and_templates(lessons, throwaway_type):
    templates = Environment(loader=QuestionTemplateLoader(), autoescape=True)
    assert templates.get_template(f"questions/{TYPE}/key.html")  # found while registered
    unregister(TYPE)
    [problem] = load_library(lessons).problems
    assert (problem.field, problem.message.split(";")[0]) == (
        "quiz[11].type",
        "'true_false' is not a question type",
    )
    with pytest.raises(TemplateNotFound):
        Environment(loader=QuestionTemplateLoader(), autoescape=True).get_template(
            f"questions/{TYPE}/key.html"
        )
