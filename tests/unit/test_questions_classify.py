"""classify: one share per item sorted right, lenient form reading, item feedback."""

from __future__ import annotations

from fractions import Fraction

from app.questions import ArticleText, question_from_definition
from app.questions.classify import Classify

ARTICLE = ArticleText.from_sentences(
    [["Journalists located the video.", "Officials said it was staged."]]
)


def build(points: int = 3) -> Classify:
    data = {
        "id": "sort",
        "type": "classify",
        "skills": ["unverified-claims"],
        "points": points,
        "prompt": "Sort each claim.",
        "categories": [
            {"id": "checked", "label": "Checked"},
            {"id": "attributed", "label": "Attributed"},
        ],
        "items": [
            {
                "id": "video",
                "text": "located the video",
                "answer": "checked",
                "feedback": "They found it.",
            },
            {
                "id": "staged",
                "text": "it was staged",
                "answer": "attributed",
                "feedback": "Officials say so.",
            },
            {"id": "said", "text": "Officials said", "answer": "attributed"},
        ],
        "explanation": "Only the video was checked.",
    }
    question, issues = question_from_definition(data, "quiz[1]", ARTICLE)
    assert issues == []
    return question


ALL_RIGHT = {
    "q-sort-video": ["checked"],
    "q-sort-staged": ["attributed"],
    "q-sort-said": ["attributed"],
}


def test_every_item_right_earns_all_points():
    question = build()
    assert question.score(question.read_response(ALL_RIGHT)).awarded == 3


def test_each_item_right_earns_one_share():
    question = build(points=2)
    form = ALL_RIGHT | {"q-sort-said": ["checked"]}
    awarded = question.score(question.read_response(form)).awarded
    assert awarded == Fraction(4, 3)


def test_parts_mark_each_item_right_or_wrong():
    question = build()
    score = question.score(question.read_response({"q-sort-video": ["attributed"]}))
    assert dict(score.parts) == {"video": False, "staged": False, "said": False}


def test_unknown_categories_are_dropped_and_the_item_stays_unanswered():
    question = build()
    response = question.read_response({"q-sort-video": ["bogus"], "q-sort-staged": ["attributed"]})
    assert response.placements == (("staged", "attributed"),)


def test_nothing_sorted_scores_zero_and_is_not_answered():
    question = build()
    response = question.read_response({})
    assert (question.score(response).awarded, question.is_answered(response)) == (0, False)


def test_item_feedback_for_rows_not_sorted_right():
    question = build()
    response = question.read_response(ALL_RIGHT | {"q-sort-video": ["attributed"]})
    assert question.feedback_for(response) == {"video": "They found it."}


def test_form_field_names_are_per_item():
    assert build().field_names() == ("q-sort-video", "q-sort-staged", "q-sort-said")


def test_public_view_has_no_answers_or_feedback():
    view = build().public_view()
    assert view["items"][0] == {"id": "video", "text": "located the video"}
    assert "answer" not in str(view["items"]) and "feedback" not in str(view)
