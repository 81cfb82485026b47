"""highlight_phrase: spans checked against the passage, selections scored with partial credit."""

from __future__ import annotations

from fractions import Fraction

from lesson_samples import VALID_LESSON, line_of

from app.lessons import Problem, load_library
from app.questions import ArticleText, Response, question_from_definition
from app.questions.highlight_phrase import HighlightPhrase, selections

ARTICLE = ArticleText.from_sentences(
    [
        ["Officials said the bridge closed.", "A surgeon said three were hurt."],
        ["Units were said to have appeared. Fighting was reported near St. Petersburg."],
    ]
)
PASSAGE = "Units were said to have appeared. Fighting was reported near St. Petersburg."
# Words: w1 Units, w2 were, w3 said, w4 to, w5 have, w6 appeared, w7 Fighting, w8 was,
# w9 reported, w10 near, w11 St, w12 Petersburg.
WERE_SAID_TO = ["w2", "w3", "w4"]
WAS_REPORTED = ["w8", "w9"]


def definition(**changes) -> dict:
    return {
        "id": "hedges",
        "type": "highlight_phrase",
        "skills": ["unverified-claims"],
        "points": 2,
        "prompt": "Select the hedges.",
        "passage": PASSAGE,
        "answers": ["were said to", "was reported"],
        "distractors": [{"span": "appeared", "feedback": "That is the claim, not the hedge."}],
        "explanation": "Both pass a claim on without a name.",
    } | changes


def build(**changes) -> HighlightPhrase:
    question, issues = question_from_definition(definition(**changes), "quiz[1]", ARTICLE)
    assert issues == []
    return question


def issues_of(**changes) -> list[tuple[str, str]]:
    question, issues = question_from_definition(definition(**changes), "quiz[1]", ARTICLE)
    assert question is None
    return issues


def awarded(*word_ids: str) -> int | Fraction:
    question = build()
    return question.score(question.read_response({"q-hedges": list(word_ids)})).awarded


# Definition


def test_key_spans_resolve_to_the_ids_of_their_words():
    assert [s.word_ids for s in build().answers] == [tuple(WERE_SAID_TO), tuple(WAS_REPORTED)]


def test_passage_may_be_a_sentence_id():
    question = build(passage="p1s2", answers=["said"], distractors=[])
    assert question.passage == "A surgeon said three were hurt."


def test_passage_not_in_the_article_is_reported_at_its_field():
    (issue,) = issues_of(passage="Units were said to vanish.")
    assert issue[0] == "quiz[1].passage" and "neither a sentence id" in issue[1]


def test_key_span_not_in_the_passage_names_the_span():
    assert issues_of(answers=["were said to", "was claimed"]) == [
        (
            "quiz[1].answers[2]",
            "'was claimed' is not word for word in the passage "
            "(check spelling, punctuation and spaces)",
        )
    ]


def test_key_span_cutting_a_word_is_a_problem():
    assert issues_of(answers=["ere said to"]) == [
        ("quiz[1].answers[1]", "'ere said to' cuts a word in two; quote whole words")
    ]


def test_key_span_found_twice_in_the_passage_is_a_problem():
    both = "Officials said the bridge closed. A surgeon said three were hurt."
    assert issues_of(passage=both, answers=["said"], distractors=[]) == [
        (
            "quiz[1].answers[1]",
            "'said' occurs 2 times in the passage; quote more words so it occurs once",
        )
    ]


def test_overlapping_key_spans_are_a_problem():
    assert issues_of(answers=["were said to", "said to have"]) == [
        (
            "quiz[1].answers[2]",
            "'said to have' overlaps or runs straight into 'were said to'; spans must be apart "
            "by at least one word, or students could not select them separately",
        )
    ]


def test_key_spans_side_by_side_are_a_problem():
    (issue,) = issues_of(answers=["were said to", "have appeared"], distractors=[])
    assert issue[0] == "quiz[1].answers[2]" and "runs straight into" in issue[1]


def test_distractor_overlapping_a_key_span_is_a_problem():
    (issue,) = issues_of(distractors=[{"span": "said", "feedback": "No."}])
    assert issue[0] == "quiz[1].distractors[1].span" and "overlaps" in issue[1]


def test_at_least_one_key_span_is_needed():
    assert issues_of(answers=[]) == [
        ("quiz[1].answers", "needs at least one key span, and the list is empty")
    ]


def test_distractor_without_feedback_is_a_problem():
    assert issues_of(distractors=[{"span": "appeared"}]) == [
        ("quiz[1].distractors[1]", "feedback is missing")
    ]


# Scoring: share = points / key spans; +share per key span selected exactly, -share per other
# selection (a run of neighbouring selected words), floor 0.


def test_every_key_span_selected_exactly_earns_all_points():
    assert awarded(*WERE_SAID_TO, *WAS_REPORTED) == 2


def test_one_of_two_key_spans_earns_a_share():
    assert awarded(*WAS_REPORTED) == 1


def test_partial_credit_is_a_fraction_of_the_points():
    question = build(points=3)
    response = question.read_response({"q-hedges": WERE_SAID_TO})
    assert question.score(response).awarded == Fraction(3, 2)


def test_a_wrong_selection_costs_a_share():
    assert awarded(*WERE_SAID_TO, *WAS_REPORTED, "w12") == 1


def test_selecting_a_key_span_with_an_extra_word_does_not_find_it():
    # "were said to have" is one selection that is not a key span: no share, and one wrong.
    assert awarded(*WERE_SAID_TO, "w5", *WAS_REPORTED) == 0


def test_selecting_part_of_a_key_span_does_not_find_it():
    assert awarded("w3", "w4", *WAS_REPORTED) == 0


def test_selecting_every_word_scores_zero_not_less():
    assert awarded(*[f"w{n}" for n in range(1, 13)]) == 0


def test_score_parts_name_each_key_span_and_each_wrong_selection():
    question = build()
    response = question.read_response({"q-hedges": [*WERE_SAID_TO, "w12"]})
    assert dict(question.score(response).parts) == {"w2-w4": True, "w8-w9": False, "w12": False}


def test_nothing_selected_scores_zero_and_is_unanswered():
    question = build()
    response = question.read_response({})
    assert (question.score(response).awarded, question.is_answered(response)) == (0, False)


def test_unknown_and_junk_word_ids_are_dropped():
    question = build()
    assert question.read_response({"q-hedges": ["w99", "x", "w3", "w3"]}).choices == ("w3",)
    assert question.read_response({"q-hedges": 7}).choices == ()


def test_selections_group_neighbouring_words():
    assert selections(["w9", "w2", "w3", "w8", "w12"]) == [("w2", "w3"), ("w8", "w9"), ("w12",)]


# What the rest of the app asks


def test_public_view_has_the_words_but_no_key():
    view = build().public_view()
    words = [p["text"] for p in view["pieces"] if "id" in p]
    assert words[:3] == ["Units", "were", "said"] and words[-2:] == ["St", "Petersburg"]
    assert "".join(p["text"] for p in view["pieces"]) == PASSAGE
    assert not {"answers", "distractors", "explanation"} & view.keys()


def test_review_quotes_each_selection_with_distractor_feedback():
    question = build()
    response = question.read_response({"q-hedges": ["w6", *WAS_REPORTED]})
    assert question.review(response) == [
        {"text": "appeared", "right": False, "feedback": "That is the claim, not the hedge."},
        {"text": "was reported", "right": True, "feedback": ""},
    ]
    assert [s.text for s in question.missed(response)] == ["were said to"]


def test_tally_counts_words_and_key_spans_found_exactly():
    question = build()
    responses = [
        Response("highlight_phrase", choices=tuple(WERE_SAID_TO)),
        Response("highlight_phrase", choices=("w3", "w4")),
    ]
    tally = question.tally(responses)
    assert (tally["words"]["w3"], tally["words"]["w2"], tally["words"]["w1"]) == (2, 1, 0)
    assert tally["found"] == {"were said to": 1, "was reported": 0}


def test_gift_export_says_it_is_not_expressible():
    assert build().gift().not_expressible == "selecting words of a passage has no GIFT equivalent"


def test_example_answers_score_full_and_zero():
    question = build()
    right = question.read_response(question.example_answer(right=True))
    wrong = question.read_response(question.example_answer(right=False))
    assert (question.score(right).awarded, question.score(wrong).awarded) == (2, 0)


def test_key_texts_include_distractor_feedback():
    assert "That is the claim, not the hedge." in build().key_texts()


# A broken lesson file on disk: the loader names the file, the line, the field and the span.

PHRASE_QUESTION = """\
  - id: find-hedge
    type: highlight_phrase
    skills: [unverified-claims]
    points: 2
    prompt: Select the words that pass the claim on.
    passage: Local media reported a second blast.
    answers:
      - reported
      - was denied
    explanation: The media report it; nobody checks it.
---
"""


def test_broken_lesson_file_names_file_line_field_and_span(tmp_path):
    text = VALID_LESSON.replace("---\n\n## Who says so?", PHRASE_QUESTION + "\n## Who says so?")
    path = tmp_path / "bridge-report.md"
    path.write_text(text)
    library = load_library(tmp_path)
    message = (
        "'was denied' is not word for word in the passage (check spelling, punctuation and spaces)"
    )
    line = line_of(text, "- was denied")
    assert library.problems == [Problem(str(path), line, "quiz[11].answers[2]", message)]
