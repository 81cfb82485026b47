"""One test per rule of lessons/README.md: a broken copy of a small valid lesson, the exact problem."""

from __future__ import annotations

from lesson_samples import FILENAME, VALID_LESSON, check, line_of, load_valid, mutate

from app.lessons import Problem

DENIAL_SKILLS = "    skills: [unverified-claims]\n    points: 1\n    quote:"
SECOND_LEDGER_KIND = "    source_kind: anonymous\n    stake: none evident\n    has_stake: false\n"
SECOND_LEDGER_TAIL = "    checked_in_text: Nothing in the article.\n    verdict: contested"


def problem(text: str, needle: str, field: str, message: str) -> Problem:
    """The Problem expected at the line where `needle` occurs."""
    return Problem(FILENAME, line_of(text, needle), field, message)


def test_sample_lesson_is_valid():
    assert load_valid().slug == "bridge-report"


# --- metadata -------------------------------------------------------------------------------


def test_missing_required_field_is_reported_on_the_enclosing_mapping():
    text = mutate('title: "Who says so? A bridge report"\n', "")
    assert check(text) == [Problem(FILENAME, 2, "", "title is missing")]


def test_unknown_field_typo_is_reported_with_a_suggestion():
    text = mutate(
        "    explanation: The first sentence says", "    explaination: The first sentence says"
    )
    expected = problem(
        text,
        "explaination",
        "quiz[1].explaination",
        "unknown field 'explaination' (did you mean 'explanation'?)",
    )
    assert expected in check(text)


def test_unknown_top_level_field_lists_allowed_fields():
    text = mutate("estimated_minutes: 30\n", "estimated_minutes: 30\ncolour: blue\n")
    [found] = check(text)
    assert (found.line, found.field) == (line_of(text, "colour"), "colour")
    assert found.message.startswith("unknown field 'colour'; allowed here: slug, title")


def test_slug_with_capitals_or_underscores_is_rejected():
    text = mutate("slug: bridge-report", "slug: Bridge_Report")
    message = (
        "'Bridge_Report' is not a valid id (use lowercase letters, digits and hyphens, "
        "starting and ending with a letter or digit)"
    )
    filename = "lessons/Bridge_Report.md"
    assert check(text, filename) == [Problem(filename, 2, "slug", message)]


def test_slug_must_equal_file_stem():
    text = mutate("slug: bridge-report", "slug: bridge-story")
    message = "'bridge-story' must equal the file name 'bridge-report' (without .md)"
    assert check(text) == [problem(text, "slug:", "slug", message)]


def test_estimated_minutes_above_range_is_rejected():
    text = mutate("estimated_minutes: 30", "estimated_minutes: 200")
    message = "must be a whole number from 5 to 180, not the number 200"
    assert check(text) == [problem(text, "estimated_minutes", "estimated_minutes", message)]


def test_estimated_minutes_as_words_is_rejected():
    text = mutate("estimated_minutes: 30", "estimated_minutes: thirty")
    message = "must be a whole number from 5 to 180, not 'thirty'"
    assert check(text) == [problem(text, "estimated_minutes", "estimated_minutes", message)]


def test_unknown_skill_id_is_rejected():
    text = mutate(
        "skills: [unverified-claims, anonymous-sourcing]", "skills: [unverified-claims, anon]"
    )
    message = (
        "'anon' is not a skill; use one of: unverified-claims, anonymous-sourcing, "
        "state-media-framing"
    )
    assert problem(text, "skills: [", "skills[2]", message) in check(text)


def test_skill_listed_twice_is_rejected():
    text = mutate(
        "skills: [unverified-claims, anonymous-sourcing]",
        "skills: [unverified-claims, unverified-claims]",
    )
    assert problem(
        text, "skills: [", "skills[2]", "skill 'unverified-claims' is listed twice"
    ) in check(text)


def test_each_listed_skill_needs_an_objective():
    text = mutate("  - skill: anonymous-sourcing\n    text: Notice vague sources.\n", "")
    message = "no objective for the skill 'anonymous-sourcing' (each listed skill needs one)"
    assert check(text) == [problem(text, "objectives:", "objectives", message)]


def test_objective_skill_must_be_listed_in_lesson_skills():
    text = mutate(
        "content_note:",
        "  - skill: state-media-framing\n    text: Spot loaded words.\ncontent_note:",
    )
    message = (
        "'state-media-framing' is not a skill listed in this lesson's skills; "
        "use one of: unverified-claims, anonymous-sourcing"
    )
    assert check(text) == [problem(text, "  - skill: state", "objectives[3].skill", message)]


def test_content_note_that_is_empty_is_rejected():
    text = mutate("content_note: The article mentions people hurt in a blast.", 'content_note: ""')
    assert check(text) == [problem(text, "content_note", "content_note", "is empty")]


# --- article --------------------------------------------------------------------------------


def test_paragraph_that_is_a_number_is_rejected():
    text = mutate("    - - Local media", "    - 42\n    - - Local media")
    message = "must be text, or a list of sentences, not the number 42"
    assert problem(text, "    - 42", "article.paragraphs[2]", message) in check(text)


def test_sentence_in_a_paragraph_list_must_be_text():
    text = mutate(
        "      - The ministry denied this.\n", "      - The ministry denied this.\n      - 7\n"
    )
    message = "must be a sentence (text), not the number 7"
    assert check(text) == [problem(text, "      - 7", "article.paragraphs[2][3]", message)]


def test_article_source_must_be_a_bare_file_name():
    text = mutate("source: 000_example.txt", "source: ../articles/000_example.txt")
    message = "must be a file name from the article collection, without folders"
    assert check(text) == [problem(text, "  source:", "article.source", message)]


def test_unquoted_publication_date_must_be_quoted():
    text = mutate('published: "12 March 2024"', "published: 2024-03-12")
    message = "must be text, not the date 2024-03-12; put it in quotes"
    assert check(text) == [problem(text, "published", "article.published", message)]


def test_list_paragraph_is_joined_with_single_spaces_for_verbatim_checks():
    text = mutate(
        "claim: Local media reported a second blast.",
        "claim: Local media reported a second blast. The ministry denied this.",
    )
    assert check(text) == []


# --- ledger ---------------------------------------------------------------------------------


def test_ledger_ids_must_be_unique():
    text = mutate("  - id: second-blast", "  - id: bridge-closed")
    message = "ledger id 'bridge-closed' is used more than once"
    assert check(text) == [
        Problem(
            FILENAME,
            line_of(text, "  - id: bridge-closed\n    claim: Local"),
            "ledger[2].id",
            message,
        )
    ]


def test_ledger_source_kind_must_come_from_the_list():
    text = mutate(
        SECOND_LEDGER_KIND + SECOND_LEDGER_TAIL,
        SECOND_LEDGER_KIND.replace("anonymous", "rumour") + SECOND_LEDGER_TAIL,
    )
    [found] = check(text)
    assert (found.line, found.field) == (line_of(text, "rumour"), "ledger[2].source_kind")
    assert found.message.startswith(
        "'rumour' is not a source kind; use one of: official, state-media"
    )


def test_ledger_verdict_must_come_from_the_list():
    text = mutate("verdict: contested", "verdict: disputed")
    message = "'disputed' is not a verdict; use one of: contested, checked, attributed, unsourced"
    assert check(text) == [problem(text, "disputed", "ledger[2].verdict", message)]


def test_ledger_claim_must_be_verbatim_and_the_problem_names_the_changed_word():
    text = mutate(
        "claim: Local media reported a second blast.", "claim: Local media reported a third blast."
    )
    message = (
        "is not word for word in any one paragraph of the article "
        "(check spelling, punctuation, quotation marks and spaces); it follows paragraph 2 up to "
        '"third" (paragraph has "second")'
    )
    assert check(text) == [problem(text, "a third blast", "ledger[2].claim", message)]


def test_ledger_has_stake_must_be_true_or_false():
    text = mutate(
        "has_stake: false\n" + SECOND_LEDGER_TAIL, "has_stake: maybe\n" + SECOND_LEDGER_TAIL
    )
    assert check(text) == [
        problem(text, "maybe", "ledger[2].has_stake", "must be true or false, not 'maybe'")
    ]


# --- discussion and teacher guide -------------------------------------------------------------


def test_discussion_needs_at_least_one_prompt():
    text = mutate("discussion:\n  - Who would you ask next?", "discussion: []")
    message = "needs at least one discussion prompt, and the list is empty"
    assert check(text) == [problem(text, "discussion", "discussion", message)]


def test_teacher_guide_needs_an_overview():
    text = mutate("  overview: Read, discuss, quiz.\n", "")
    assert check(text) == [problem(text, "teacher_guide", "teacher_guide", "overview is missing")]


def test_misconception_needs_a_response():
    text = mutate("      response: She speaks about injuries, not the bridge.\n", "")
    expected = problem(
        text, "    - misconception", "teacher_guide.misconceptions[1]", "response is missing"
    )
    assert check(text) == [expected]


# --- quiz as a whole ------------------------------------------------------------------------


def _drop_questions(text: str, first_id: str) -> str:
    """Cut the quiz from the question with `first_id` to the end of the front matter."""
    start = text.index(f"  - id: {first_id}\n")
    end = text.index("---\n\n## Who says so?")
    return text[:start] + text[end:]


def test_quiz_needs_at_least_ten_questions():
    text = _drop_questions(VALID_LESSON, "journalists-quote")
    assert problem(text, "quiz:", "quiz", "needs at least 10 questions, not 9") in check(text)


def test_quiz_needs_four_question_types():
    text = VALID_LESSON
    for old in ("type: highlight", "type: highlight", "type: classify"):
        text = mutate(old, "type: short_answer", text)
    found = [p for p in check(text) if p.field == "quiz"]
    message = "uses 3 question types (multiple_select, short_answer, single_choice); a lesson needs at least 4"
    assert found == [problem(text, "quiz:", "quiz", message)]


def test_question_ids_must_be_unique():
    text = mutate("  - id: denial", "  - id: who-closed")
    message = "question id 'who-closed' is already used by quiz[1]"
    assert check(text) == [
        Problem(
            FILENAME,
            line_of(text, "  - id: who-closed\n    type: single_choice\n    skills: [unverified"),
            "quiz[2].id",
            message,
        )
    ]


def test_question_id_must_be_well_formed():
    text = mutate("  - id: denial", "  - id: Denial Question")
    message = (
        "'Denial Question' is not a valid id (use lowercase letters, digits and hyphens, "
        "starting and ending with a letter or digit)"
    )
    assert check(text) == [problem(text, "Denial Question", "quiz[2].id", message)]


def test_question_skill_must_be_one_of_the_lesson_skills():
    text = mutate(DENIAL_SKILLS, DENIAL_SKILLS.replace("unverified-claims", "state-media-framing"))
    message = "'state-media-framing' is not one of this lesson's skills (unverified-claims, anonymous-sourcing)"
    assert check(text) == [problem(text, "[state-media-framing]", "quiz[2].skills[1]", message)]


def test_question_points_above_ten_are_rejected():
    text = mutate(
        "    points: 1\n    prompt: Who says the bridge",
        "    points: 11\n    prompt: Who says the bridge",
    )
    message = "must be a whole number from 1 to 10, not the number 11"
    assert check(text) == [problem(text, "points: 11", "quiz[1].points", message)]


def test_question_quote_must_be_verbatim_and_the_problem_names_the_changed_word():
    text = mutate("quote: The ministry denied this.", "quote: The ministry denied it.")
    message = (
        "is not word for word in any one paragraph of the article "
        "(check spelling, punctuation, quotation marks and spaces); it follows paragraph 2 up to "
        '"it." (paragraph has "this.")'
    )
    assert check(text) == [problem(text, "quote:", "quiz[2].quote", message)]


def test_unknown_question_type_is_rejected():
    text = mutate("    type: single_choice", "    type: true_false")
    [found] = check(text)
    assert (found.line, found.field) == (line_of(text, "true_false"), "quiz[1].type")
    assert found.message.startswith(
        "'true_false' is not a question type; use one of: single_choice"
    )


def test_question_explanation_is_required():
    text = mutate('    explanation: The first sentence says "Officials said".\n', "")
    message = "explanation is missing (say why the answer is right, citing the text)"
    assert check(text) == [problem(text, "  - id: who-closed", "quiz[1]", message)]


def test_form_field_names_of_two_questions_must_not_clash():
    # classify item `video` of `sort-claims` reads q-sort-claims-video, as would question `sort-claims-video`.
    text = mutate("  - id: hurt-source", "  - id: sort-claims-video")
    message = (
        "its form field 'q-sort-claims-video' clashes with question 'sort-claims'; rename one id"
    )
    assert check(text) == [problem(text, "sort-claims-video", "quiz[9].id", message)]


def test_ledger_verdict_partly_checked_is_no_longer_a_verdict():
    text = mutate("verdict: contested", "verdict: partly-checked")
    message = (
        "'partly-checked' is not a verdict; use one of: contested, checked, attributed, unsourced"
    )
    assert check(text) == [problem(text, "partly-checked", "ledger[2].verdict", message)]
