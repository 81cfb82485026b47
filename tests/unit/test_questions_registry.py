"""The registry, responses as stored JSON, scores, and definition errors as field paths."""

from __future__ import annotations

import json
from fractions import Fraction

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


def test_registry_holds_the_five_readme_types():
    assert set(QUESTION_TYPES) == {
        "single_choice",
        "multiple_select",
        "highlight",
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
