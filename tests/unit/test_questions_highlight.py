"""highlight: sentence ids, scoring shares, distractor feedback and shown paragraphs."""

from __future__ import annotations

from app.questions import ArticleText, question_from_definition
from app.questions.highlight import Highlight

ARTICLE = ArticleText.from_sentences(
    [
        ["Officials said the bridge closed.", "A surgeon said three were hurt."],
        [
            "Local media reported a blast.",
            "The ministry denied this.",
            "It called the report false.",
        ],
    ]
)


def build(drop: tuple[str, ...] = (), **changes) -> Highlight:
    data = {
        "id": "deny",
        "type": "highlight",
        "skills": ["unverified-claims"],
        "points": 2,
        "prompt": "Select the denials.",
        "paragraphs": [2],
        "answer": ["The ministry denied this.", "It called the report false."],
        "distractors": [
            {"sentence": "Local media reported a blast.", "feedback": "That is the claim."}
        ],
        "explanation": "The ministry denies it.",
    } | changes
    data = {key: value for key, value in data.items() if key not in drop}
    question, issues = question_from_definition(data, "quiz[1]", ARTICLE)
    assert issues == []
    return question


def test_answer_sentences_resolve_to_sentence_ids():
    assert build().answer_ids == ("p2s2", "p2s3")


def test_all_answer_sentences_picked_earn_all_points():
    question = build()
    assert question.score(question.read_response({"q-deny": ["p2s2", "p2s3"]})).awarded == 2


def test_one_of_two_answer_sentences_earns_one_share():
    question = build()
    assert question.score(question.read_response({"q-deny": ["p2s3"]})).awarded == 1


def test_wrong_sentence_subtracts_a_share():
    question = build()
    assert question.score(question.read_response({"q-deny": ["p2s1", "p2s2"]})).awarded == 0


def test_highlight_score_never_goes_below_zero():
    question = build()
    score = question.score(question.read_response({"q-deny": ["p2s1"]}))
    assert (score.awarded, dict(score.parts)) == (0, {"p2s1": False, "p2s2": False, "p2s3": False})


def test_nothing_picked_scores_zero():
    question = build()
    response = question.read_response({"q-deny": []})
    assert (question.score(response).awarded, question.is_answered(response)) == (0, False)


def test_sentences_outside_the_shown_paragraphs_are_dropped():
    assert build().read_response({"q-deny": ["p1s1", "p2s2", "p9s9", "junk"]}).choices == ("p2s2",)


def test_distractor_feedback_for_a_wrongly_picked_sentence():
    question = build()
    response = question.read_response({"q-deny": ["p2s1", "p2s2"]})
    assert question.feedback_for(response) == {"p2s1": "That is the claim."}


def test_all_paragraphs_are_shown_by_default():
    question = build(
        drop=("paragraphs",), answer=["A surgeon said three were hurt."], distractors=[]
    )
    assert [p["number"] for p in question.public_view()["paragraphs"]] == [1, 2]


def test_public_view_lists_sentences_by_id_without_answers():
    view = build().public_view()
    assert view["paragraphs"] == [
        {
            "number": 2,
            "sentences": [
                {"id": "p2s1", "text": "Local media reported a blast."},
                {"id": "p2s2", "text": "The ministry denied this."},
                {"id": "p2s3", "text": "It called the report false."},
            ],
        }
    ]
    assert "answer" not in view and "distractors" not in view and "explanation" not in view


def test_sentence_lookup_by_id():
    assert (ARTICLE.sentence("p1s2"), ARTICLE.sentence("p3s1"), ARTICLE.sentence("x")) == (
        "A surgeon said three were hurt.",
        None,
        None,
    )
