"""The registry, responses as stored JSON, scores, and definition errors as field paths."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from app.questions import (
    QUESTION_TYPES,
    ArticleText,
    Question,
    Response,
    Score,
    question_from_definition,
    register,
)

ARTICLE = ArticleText.from_sentences([["Officials said so."]])


def test_registry_holds_the_six_readme_types():
    assert set(QUESTION_TYPES) == {
        "single_choice",
        "multiple_select",
        "highlight",
        "highlight_phrase",
        "classify",
        "short_answer",
    }


def test_registering_a_name_twice_is_refused():
    class Duplicate(Question):
        type = "single_choice"

    try:
        register(Duplicate)
    except ValueError as error:
        assert "already registered" in str(error)
    else:
        raise AssertionError("duplicate registration was accepted")


def test_the_types_are_listed_to_lesson_authors_in_readme_order():
    assert list(QUESTION_TYPES) == [
        "single_choice",
        "multiple_select",
        "highlight",
        "highlight_phrase",
        "classify",
        "short_answer",
    ]


def test_a_type_whose_templates_are_missing_is_refused_when_registered(tmp_path):
    class Unfinished(Question):
        type = "unfinished"
        teacher_marks = True

    for name in ("field.html", "review.html", "key.html"):
        (tmp_path / name).write_text("")
    with pytest.raises(ValueError, match=r"lacks tally\.html, mark\.html in"):
        register(Unfinished, templates=tmp_path)
    assert "unfinished" not in QUESTION_TYPES


def test_a_type_name_that_is_no_plain_folder_name_is_refused(tmp_path):
    class Escaping(Question):
        type = "../escaping"

    with pytest.raises(ValueError, match="not lowercase letters"):
        register(Escaping, templates=tmp_path)


def test_definition_that_is_not_a_mapping_is_reported_at_its_path():
    assert question_from_definition("text", "quiz[2]", ARTICLE) == (
        None,
        [("quiz[2]", "must be a question (a group of fields), not 'text'")],
    )


def test_definition_without_type_is_reported():
    question, issues = question_from_definition({"id": "x"}, "quiz[2]", ARTICLE)
    assert (
        question is None
        and issues[0][0] == "quiz[2]"
        and issues[0][1].startswith("type is missing")
    )


def test_response_round_trips_through_json():
    response = Response("classify", choices=("a",), placements=(("item", "cat"),), text="hi")
    assert Response.from_json(json.loads(json.dumps(response.to_json()))) == response


def test_response_from_malformed_json_is_empty_not_an_error():
    assert Response.from_json(
        {"type": 3, "choices": "abc", "placements": [1], "text": None}
    ) == Response("")


def test_read_response_tolerates_a_form_that_is_not_a_mapping():
    question, _ = question_from_definition(
        {
            "id": "q",
            "type": "multiple_select",
            "skills": ["unverified-claims"],
            "points": 1,
            "prompt": "P",
            "explanation": "E",
            "options": [
                {"id": "a", "text": "A", "correct": True},
                {"id": "b", "text": "B", "feedback": "F"},
            ],
        },
        "quiz[1]",
        ARTICLE,
    )
    assert question.read_response(None).choices == ()
    assert question.read_response({"q-q": [1, None, "a"]}).choices == ("a",)


def test_score_json_writes_fractions_as_strings():
    score = Score(awarded=Fraction(3, 2), points=2, parts={"a": True})
    assert json.loads(json.dumps(score.to_json())) == {
        "awarded": "3/2",
        "points": 2,
        "parts": {"a": True},
        "needs_teacher": False,
    }
