"""Pure grading: score a set of stored answers, sum them, and break them down by skill.

No Flask or SQLAlchemy here: the question types score, this module adds up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.questions import Question, Response


@dataclass(frozen=True)
class Grade:
    """A whole quiz's result: per-question scores (JSON-ready), the total, what awaits marking."""

    scores: dict[str, dict[str, Any]]
    awarded: Fraction
    points: int
    awaiting_teacher: bool


def parse_points(value: Any) -> Fraction:
    """A stored score ('3/2', 2 or '2') as a Fraction; anything malformed counts as 0."""
    if isinstance(value, str) and value.isdecimal() and value.isascii() and len(value) < 20:
        return Fraction(int(value))  # the common case, without Fraction's string parser
    try:
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return Fraction(0)


def responses(questions: Iterable[Question], answers: Mapping[str, Any]) -> dict[str, Response]:
    """Stored answers as Responses, for the questions that exist now (others are ignored)."""
    return {q.id: Response.from_json(answers.get(q.id)) for q in questions}


def grade(questions: Iterable[Question], answers: Mapping[str, Any]) -> Grade:
    """Score every question; unanswered ones earn 0, short answers wait for the teacher."""
    questions = list(questions)
    given = responses(questions, answers)
    scores = {}
    for question in questions:
        response = given[question.id]
        if response.question_type != question.type:  # unanswered, or answered under an old type
            response = Response(question.type)
        scores[question.id] = question.score(response).to_json()
    awarded = sum((parse_points(s["awarded"]) for s in scores.values()), Fraction(0))
    return Grade(
        scores=scores,
        awarded=awarded,
        points=sum(q.points for q in questions),
        awaiting_teacher=any(s["needs_teacher"] for s in scores.values()),
    )


def answered_count(questions: Iterable[Question], answers: Mapping[str, Any]) -> int:
    """How many of the questions have an answer."""
    given = responses(questions, answers)
    return sum(1 for q in questions if q.is_answered(given[q.id]))


def skill_breakdown(
    questions: Iterable[Question], scores: Mapping[str, Mapping[str, Any]]
) -> dict[str, tuple[Fraction, int]]:
    """Points earned and possible per skill, over the questions tagged with it."""
    totals: dict[str, tuple[Fraction, int]] = {}
    for question in questions:
        score = scores.get(question.id, {})
        for skill in question.skills:
            earned, possible = totals.get(skill, (Fraction(0), 0))
            totals[skill] = (
                earned + parse_points(score.get("awarded")),
                possible + question.points,
            )
    return totals
