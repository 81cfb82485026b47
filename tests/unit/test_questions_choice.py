"""single_choice and multiple_select: reading form values, scoring, feedback, public view."""

from __future__ import annotations

from fractions import Fraction

from app.questions import ArticleText, Response, question_from_definition
from app.questions.multiple_select import MultipleSelect
from app.questions.single_choice import SingleChoice

ARTICLE = ArticleText.from_sentences([["Officials said so.", "Nobody checked."]])


def option(option_id: str, correct: bool = False) -> dict:
    entry = {"id": option_id, "text": f"Option {option_id}", "correct": correct}
    return entry if correct else entry | {"feedback": f"Why {option_id} tempts."}


def build(kind: str, options: list[dict], points: int = 1):
    data = {
        "id": "q1",
        "type": kind,
        "skills": ["unverified-claims"],
        "points": points,
        "prompt": "Pick.",
        "explanation": "Because.",
        "options": options,
    }
    question, issues = question_from_definition(data, "quiz[1]", ARTICLE)
    assert issues == []
    return question


def single() -> SingleChoice:
    return build("single_choice", [option("a", True), option("b"), option("c")], points=2)


def multiple() -> MultipleSelect:
    options = [option("a", True), option("b", True), option("c", True), option("d"), option("e")]
    return build("multiple_select", options, points=3)


def test_single_choice_correct_pick_earns_all_points():
    question = single()
    score = question.score(question.read_response({"q-q1": ["a"]}))
    assert (score.awarded, score.points, dict(score.parts)) == (2, 2, {"a": True})


def test_single_choice_wrong_pick_earns_nothing_and_gets_its_feedback():
    question = single()
    response = question.read_response({"q-q1": ["b"]})
    assert (question.score(response).awarded, question.feedback_for(response)) == (
        0,
        {"b": "Why b tempts."},
    )


def test_single_choice_unanswered_scores_zero_and_is_not_answered():
    question = single()
    response = question.read_response({})
    assert (question.score(response).awarded, question.is_answered(response)) == (0, False)


def test_single_choice_drops_unknown_option_ids_and_keeps_the_first_known():
    question = single()
    assert question.read_response({"q-q1": ["zzz", "c", "a"]}).choices == ("c",)


def test_single_choice_accepts_a_plain_string_value():
    assert single().read_response({"q-q1": "a"}).choices == ("a",)


def test_multiple_select_all_correct_picks_earn_all_points():
    question = multiple()
    assert question.score(question.read_response({"q-q1": ["a", "b", "c"]})).awarded == 3


def test_multiple_select_partial_credit_is_a_share_per_correct_pick():
    question = multiple()
    assert question.score(question.read_response({"q-q1": ["a", "b"]})).awarded == 2


def test_multiple_select_wrong_pick_subtracts_a_share():
    question = multiple()
    assert question.score(question.read_response({"q-q1": ["a", "b", "d"]})).awarded == 1


def test_multiple_select_score_never_goes_below_zero():
    question = multiple()
    assert question.score(question.read_response({"q-q1": ["a", "d", "e"]})).awarded == 0


def test_multiple_select_share_is_an_exact_fraction():
    question = build(
        "multiple_select", [option("a", True), option("b", True), option("c")], points=1
    )
    awarded = question.score(question.read_response({"q-q1": ["a"]})).awarded
    assert awarded == Fraction(1, 2) and isinstance(awarded, Fraction)


def test_multiple_select_empty_answer_scores_zero_with_missed_options_marked_wrong():
    question = multiple()
    score = question.score(question.read_response({}))
    assert (score.awarded, dict(score.parts)) == (0, {"a": False, "b": False, "c": False})


def test_multiple_select_ignores_repeated_and_unknown_ids():
    question = multiple()
    assert question.read_response({"q-q1": ["c", "a", "a", "x"]}).choices == ("a", "c")


def test_multiple_select_feedback_only_for_wrong_picks():
    question = multiple()
    response = question.read_response({"q-q1": ["a", "d"]})
    assert question.feedback_for(response) == {"d": "Why d tempts."}


def test_score_ignores_stored_ids_the_question_no_longer_has():
    question = multiple()
    assert question.score(Response("multiple_select", choices=("a", "gone"))).awarded == 1


def test_public_view_has_no_keys_feedback_or_explanation():
    view = single().public_view()
    assert view["options"] == [{"id": i, "text": f"Option {i}"} for i in "abc"]
    assert "explanation" not in view and "correct" not in str(view) and "tempts" not in str(view)


def test_to_json_keeps_keys_and_feedback():
    options = single().to_json()["options"]
    assert options[0]["correct"] is True and options[1]["feedback"] == "Why b tempts."
