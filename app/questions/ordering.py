"""Per-student option order: fixed for one student and question, different between students.

A file's option order often gives the key away (the right answer first), so every student sees
the options of a question in an order of their own. The order is computed, never stored: an
HMAC of the lesson, question and student under the app's secret picks one permutation, so it is
the same on every reload, every attempt and the result page, and without the secret nobody can
work out a student's order from their id.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence

from app.questions.base import Question

Order = tuple[str, ...]


def _seed(key: bytes, student_id: int, lesson_slug: str, question_id: str) -> int:
    """A 256-bit number only this student, lesson and question (under `key`) give."""
    # The label keeps this use of the secret apart from every other use of it.
    message = "\0".join(("option-order", lesson_slug, question_id, str(student_id)))
    return int.from_bytes(hmac.new(key, message.encode(), hashlib.sha256).digest(), "big")


def student_order(
    ids: Sequence[str], *, key: bytes, student_id: int, lesson_slug: str, question_id: str
) -> Order:
    """`ids` in the order this student sees them for this question: always the same one."""
    number = _seed(key, student_id, lesson_slug, question_id)
    order = list(ids)
    # Fisher-Yates drawing from the digest, not from `random`, whose shuffle may change between
    # Python versions and so reorder every student's options after an upgrade.
    for last in range(len(order) - 1, 0, -1):
        number, pick = divmod(number, last + 1)
        order[last], order[pick] = order[pick], order[last]
    return tuple(order)


def student_orders(
    questions: Iterable[Question], *, key: bytes, student_id: int, lesson_slug: str
) -> dict[str, Order]:
    """Question id -> this student's order, for each question that shuffles (others: file order)."""
    return {
        question.id: student_order(
            ids, key=key, student_id=student_id, lesson_slug=lesson_slug, question_id=question.id
        )
        for question in questions
        if len(ids := question.shuffled_ids()) > 1
    }
