"""Each question type's own definition rules, checked through the loader on a broken sample lesson."""

from __future__ import annotations

from lesson_samples import FILENAME, check, line_of, load_valid, mutate

from app.lessons import Problem, load_lesson_text

NOT_VERBATIM = (
    "is not word for word in any one paragraph of the article "
    "(check spelling, punctuation, quotation marks and spaces)"
)


def at(text: str, needle: str, field: str, message: str) -> Problem:
    """The Problem expected at the line where `needle` occurs."""
    return Problem(FILENAME, line_of(text, needle), field, message)


# --- single_choice and multiple_select --------------------------------------------------------


def test_wrong_option_without_feedback_is_rejected_with_the_reason():
    text = mutate("        feedback: They checked the video, not the bridge.\n", "")
    message = "feedback is missing (every wrong option needs feedback explaining why it tempts)"
    expected = at(text, "      - id: b\n        text: Journalists", "quiz[1].options[2]", message)
    assert check(text) == [expected]


def test_problem_string_shows_file_line_field_and_message():
    text = mutate("        feedback: They checked the video, not the bridge.\n", "")
    [found] = check(text)
    assert str(found) == (
        f"{FILENAME}:{found.line}: quiz[1].options[2]: feedback is missing "
        "(every wrong option needs feedback explaining why it tempts)"
    )


def test_single_choice_with_two_correct_options_is_rejected():
    text = mutate(
        "        text: Confirms it\n        feedback: It denies it.",
        "        text: Confirms it\n        correct: true",
    )
    needle = "    options:\n      - id: a\n        text: Denies"
    message = "needs exactly one option with correct: true, not 2"
    assert check(text) == [at(text, needle, "quiz[2].options", message)]


def test_multiple_select_without_a_correct_option_is_rejected():
    old = "        text: Journalists\n        correct: true\n      - id: b\n        text: The ministry"
    text = mutate(old, old.replace("correct: true", "feedback: Tempting."))
    needle = "    options:\n      - id: a\n        text: Journalists\n        feedback: Tempting"
    message = "needs at least one option with correct: true"
    assert check(text) == [at(text, needle, "quiz[4].options", message)]


MULTIPLE_POINTS = "    type: multiple_select\n    skills: [anonymous-sourcing]\n    points: 2\n"


def test_choice_question_shuffle_must_be_true_or_false():
    text = mutate(MULTIPLE_POINTS, MULTIPLE_POINTS + "    shuffle: sometimes\n")
    message = "must be true or false, not 'sometimes'"
    assert check(text) == [at(text, "shuffle: sometimes", "quiz[3].shuffle", message)]


def test_choice_question_with_shuffle_false_loads_and_others_shuffle_by_default():
    text = mutate(MULTIPLE_POINTS, MULTIPLE_POINTS + "    shuffle: false\n")
    lesson, problems = load_lesson_text(text, FILENAME)
    assert problems == []
    shuffles = {q.id: q.shuffle for q in lesson.questions if hasattr(q, "shuffle")}
    assert shuffles == {
        "who-closed": True,
        "denial": True,
        "vague-sources": False,
        "checked-by-whom": True,
        "hurt-source": True,
        "journalists-quote": True,
    }


def test_shuffle_false_changes_the_quiz_version_and_an_explicit_true_does_not():
    version = load_valid().version
    lessons = [
        load_lesson_text(mutate(MULTIPLE_POINTS, MULTIPLE_POINTS + f"    shuffle: {v}\n"), FILENAME)
        for v in ("true", "false")
    ]
    assert [lesson.version == version for lesson, _ in lessons] == [True, False]


def test_choice_with_one_option_is_rejected():
    option_b = "      - id: b\n        text: Journalists\n        feedback: They checked the video, not the bridge.\n"
    text = mutate(option_b, "")
    needle = "    options:\n      - id: a\n        text: Officials"
    assert check(text) == [at(text, needle, "quiz[1].options", "needs 2 to 6 options, not 1")]


def test_option_ids_must_be_unique_within_the_question():
    text = mutate(
        "      - id: c\n        text: Dr. Ivanova", "      - id: a\n        text: Dr. Ivanova"
    )
    needle = "      - id: a\n        text: Dr. Ivanova"
    message = "option id 'a' is used more than once"
    assert check(text) == [at(text, needle, "quiz[3].options[3].id", message)]


def test_option_correct_must_be_true_or_false():
    text = mutate(
        "        text: Officials\n        correct: true",
        "        text: Officials\n        correct: yes please",
    )
    message = "must be true or false, not 'yes please'"
    assert at(text, "yes please", "quiz[1].options[1].correct", message) in check(text)


# --- highlight --------------------------------------------------------------------------------


def test_highlight_answer_that_is_part_of_a_sentence_gets_a_split_hint():
    text = mutate(
        "      - Dr. Ivanova said three people were hurt.",
        "      - Ivanova said three people were hurt.",
    )
    message = (
        "is in the article but is not one whole sentence of the shown paragraphs (1, 2, 3); "
        "pick a whole sentence, or give that paragraph as a list of sentences"
    )
    assert check(text) == [at(text, "      - Ivanova", "quiz[6].answer[1]", message)]


def test_highlight_answer_outside_the_shown_paragraphs_is_rejected():
    text = mutate(
        "    answer:\n      - The ministry denied this.",
        "    answer:\n      - Officials said the bridge was closed.",
    )
    message = (
        "is in the article but is not one whole sentence of the shown paragraphs (2); "
        "pick a whole sentence, or give that paragraph as a list of sentences"
    )
    assert check(text) == [at(text, "      - Officials said", "quiz[5].answer[1]", message)]


def test_highlight_answer_not_in_the_article_is_rejected():
    text = mutate(
        "    answer:\n      - The ministry denied this.",
        "    answer:\n      - The ministry agreed.",
    )
    message = "is not word for word a sentence of the shown paragraphs (2)"
    assert check(text) == [at(text, "      - The ministry agreed.", "quiz[5].answer[1]", message)]


def test_highlight_paragraph_number_out_of_range_is_rejected():
    text = mutate("paragraphs: [2]", "paragraphs: [2, 4]")
    message = "must be a paragraph number from 1 to 3, not the number 4"
    assert check(text) == [at(text, "paragraphs: [2, 4]", "quiz[5].paragraphs[2]", message)]


def test_highlight_distractor_that_is_an_answer_is_rejected():
    text = mutate(
        "      - sentence: Local media reported a second blast.",
        "      - sentence: The ministry denied this.",
    )
    message = "is also an answer sentence"
    expected = at(
        text, "      - sentence: The ministry", "quiz[5].distractors[1].sentence", message
    )
    assert check(text) == [expected]


def test_highlight_distractor_needs_feedback():
    text = mutate("        feedback: That is the claim being denied.\n", "")
    expected = at(
        text, "      - sentence: Local media", "quiz[5].distractors[1]", "feedback is missing"
    )
    assert check(text) == [expected]


# --- classify ---------------------------------------------------------------------------------


def test_classify_item_text_must_be_verbatim():
    text = mutate(
        "text: it was filmed in St. Petersburg", "text: it was filmed in Saint Petersburg"
    )
    message = NOT_VERBATIM + '; it follows paragraph 3 up to "Saint" (paragraph has "St.")'
    assert check(text) == [at(text, "Saint Petersburg", "quiz[7].items[1].text", message)]


def test_classify_item_answer_must_be_a_category_id():
    text = mutate(
        "        answer: attributed\n    explanation", "        answer: unchecked\n    explanation"
    )
    message = "'unchecked' is not a category id of this question; use one of: checked, attributed"
    assert check(text) == [at(text, "answer: unchecked", "quiz[7].items[2].answer", message)]


def test_classify_needs_two_categories():
    category = "      - id: attributed\n        label: Attributed, not checked\n"
    text = mutate("        answer: attributed\n", "        answer: checked\n", mutate(category, ""))
    assert check(text) == [
        at(text, "    categories:", "quiz[7].categories", "needs 2 to 5 categories, not 1")
    ]


def test_classify_allows_at_most_eight_items():
    item = (
        "      - id: bridge{n}\n        text: the bridge was closed\n        answer: attributed\n"
    )
    extra = "".join(item.format(n=n) for n in range(8))
    text = mutate(
        "    explanation: Only the video was checked.",
        extra + "    explanation: Only the video was checked.",
    )
    assert check(text) == [at(text, "    items:", "quiz[7].items", "needs 2 to 8 items, not 10")]


# --- short_answer -----------------------------------------------------------------------------


def test_short_answer_rubric_points_must_add_up_to_the_question_points():
    text = mutate(
        "      - points: 1\n        criterion: Quotes the text.",
        "      - points: 2\n        criterion: Quotes the text.",
    )
    message = "the rubric's points add up to 4, not the question's 3"
    assert check(text) == [at(text, "    rubric:", "quiz[8].rubric", message)]


def test_short_answer_max_chars_below_fifty_is_rejected():
    text = mutate("max_chars: 500", "max_chars: 20")
    message = "must be a whole number from 50 to 4000, not the number 20"
    assert check(text) == [at(text, "max_chars: 20", "quiz[8].max_chars", message)]


def test_short_answer_needs_a_sample_answer():
    text = mutate(
        "    sample_answer: The officials are unnamed, so we cannot weigh their stake.\n", ""
    )
    assert check(text) == [at(text, "  - id: explain-stake", "quiz[8]", "sample_answer is missing")]


def test_short_answer_rubric_line_points_must_be_whole():
    text = mutate(
        "      - points: 1\n        criterion: Quotes the text.",
        "      - points: 0.5\n        criterion: Quotes the text.",
    )
    message = "must be a whole number from 1 to 10, not the number 0.5"
    assert at(text, "points: 0.5", "quiz[8].rubric[2].points", message) in check(text)
