"""Where the right options sit in the file: a warning when one position holds too many keys.

Students see options shuffled, but option ids in the page source follow file order, so a lesson
whose right answers cluster in one position leaks a pattern. This is advice, not an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from app.questions import Question
from app.questions.choice import ChoiceQuestion

# "About a third": a position may hold a third of the keys, rounded up, and no more. Questions
# with two options cannot spread over three positions, so they are left out of the count.
SHARE = 3
MIN_KEYS = 6  # fewer keys than this cannot be spread meaningfully


def key_positions(questions: Iterable[Question]) -> Counter[int]:
    """Correct options at each file position (from 1) in choice questions with 3+ options."""
    positions: Counter[int] = Counter()
    for question in questions:
        if isinstance(question, ChoiceQuestion) and len(question.options) >= SHARE:
            positions.update(
                number for number, option in enumerate(question.options, 1) if option.correct
            )
    return positions


def position_warning(questions: Iterable[Question]) -> str | None:
    """A message when one position holds more than about a third of the keys, else None."""
    positions = key_positions(questions)
    total = sum(positions.values())
    if total < MIN_KEYS:
        return None
    position, count = max(sorted(positions.items()), key=lambda item: item[1])
    if count <= -(-total // SHARE):
        return None
    spread = ", ".join(f"{place}: {positions[place]}" for place in sorted(positions))
    return (
        f"position {position} holds the right option in {count} of {total} keys of the "
        f"single-choice and multiple-select questions with three or more options (more than "
        f"about a third; keys by position {spread}); "
        "vary where the right option sits in the file"
    )
