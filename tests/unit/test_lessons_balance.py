"""Where the right options sit in the file: a warning, never an error, when they cluster."""

from __future__ import annotations

from lesson_samples import FILENAME, VALID_LESSON, line_of, mutate

from app.lessons import Problem, check_lesson_text


def three_option_question(number: int, right: int) -> str:
    """A single-choice question whose right option is the `right`-th of three in the file."""
    options = "".join(
        f"      - id: {letter}\n        text: Option {letter}\n"
        + ("        correct: true\n" if place == right else "        feedback: Not this one.\n")
        for place, letter in enumerate("abc", start=1)
    )
    return (
        f"  - id: extra-{number}\n    type: single_choice\n    skills: [unverified-claims]\n"
        f"    points: 1\n    prompt: Question {number}?\n    options:\n{options}"
        "    explanation: Because.\n"
    )


def with_keys_at(*positions: int) -> str:
    """The sample lesson plus one three-option question per right-option position given."""
    extra = "".join(three_option_question(n, p) for n, p in enumerate(positions, start=1))
    return mutate("---\n\n## Who says so?", extra + "---\n\n## Who says so?", VALID_LESSON)


# The sample lesson's multiple-select question already has right options at positions 1 and 2.


def test_keys_clustered_in_one_position_give_a_warning_and_the_lesson_still_loads():
    text = with_keys_at(1, 1, 1, 1, 2, 3)
    checked = check_lesson_text(text, FILENAME)
    message = (
        "position 1 holds the right option in 5 of 8 keys of the single-choice and "
        "multiple-select questions with three or more options (more than about a third; keys by "
        "position 1: 5, 2: 2, 3: 1); vary where the right option sits in the file"
    )
    assert checked.problems == []
    assert checked.lesson is not None
    assert checked.warnings == (Problem(FILENAME, line_of(text, "quiz:"), "quiz", message),)


def test_keys_spread_over_the_positions_give_no_warning():
    assert check_lesson_text(with_keys_at(1, 2, 3, 1, 2, 3), FILENAME).warnings == ()


def test_a_third_rounded_up_is_still_spread():
    # 3 of 8 keys at positions 1 and 3: a third of 8, rounded up.
    assert check_lesson_text(with_keys_at(1, 1, 2, 3, 3, 3), FILENAME).warnings == ()


def test_two_option_questions_are_left_out_of_the_count():
    assert check_lesson_text(VALID_LESSON, FILENAME).warnings == ()
