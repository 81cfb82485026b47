"""Where the right options sit in the real lesson files: no position holds too many keys."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.lesson_library import DEFAULT_FOLDER
from app.lessons import load_library
from app.lessons.balance import key_positions, position_warning
from app.questions.choice import ChoiceQuestion

LIBRARY = load_library(DEFAULT_FOLDER)


def test_the_library_loads_with_no_key_position_warning():
    assert LIBRARY.lessons and not LIBRARY.problems
    assert [str(w) for w in LIBRARY.warnings if w.field == "quiz"] == []


@pytest.mark.parametrize("slug", sorted(LIBRARY.lessons))
def test_no_position_holds_more_than_a_third_of_the_keys(slug):
    questions = LIBRARY.lessons[slug].questions
    positions = key_positions(questions)
    total = sum(positions.values())
    assert position_warning(questions) is None, f"{slug}: {position_warning(questions)}"
    assert max(positions.values()) <= -(-total // 3), f"{slug}: {dict(sorted(positions.items()))}"


def test_the_check_would_notice_every_key_moved_to_the_first_position():
    """Guards the tests above against passing vacuously: keys listed first are caught."""
    lesson = LIBRARY.lessons["tiotkino-raid"]
    keys_first = [
        replace(q, options=tuple(sorted(q.options, key=lambda o: not o.correct)))
        if isinstance(q, ChoiceQuestion)
        else q
        for q in lesson.questions
    ]
    assert position_warning(keys_first) is not None
