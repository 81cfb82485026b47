"""Pure grading: score a set of answers, sum them, and break them down by skill.

No Flask or SQLAlchemy here: the question types score, this module adds up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from app.questions import Question, Response, Score

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
LATE = "late"
AWAITING_TEACHER = "awaiting_teacher"
MISSING = "missing"


@dataclass(frozen=True)
class Grade:
    """A whole quiz's result: per-question scores out of `points` in all."""

    scores: Mapping[str, Score]
    points: int

    @property
    def awarded(self) -> Fraction:
        """Points earned over every score, exactly."""
        return sum((Fraction(s.awarded) for s in self.scores.values()), Fraction(0))

    @property
    def awaiting_teacher(self) -> bool:
        """Whether some answer still waits for the teacher's mark."""
        return any(s.needs_teacher for s in self.scores.values())

    def scores_json(self) -> dict[str, dict[str, Any]]:
        """The scores as stored: question id -> Score.to_json()."""
        return {question_id: score.to_json() for question_id, score in self.scores.items()}


def responses(questions: Iterable[Question], answers: Mapping[str, Any]) -> dict[str, Response]:
    """Stored answers as Responses, for the questions that exist now (others are ignored)."""
    return {q.id: Response.from_json(answers.get(q.id)) for q in questions}


def scores(questions: Iterable[Question], stored: Any) -> dict[str, Score]:
    """Stored scores for the questions that exist now; nothing earned where none was stored."""
    found = recorded_scores(stored)
    return {q.id: found.get(q.id) or Score(0, q.points) for q in questions}


def recorded_scores(stored: Any) -> dict[str, Score]:
    """Every usable stored score by question id; a question never scored is left out."""
    if not isinstance(stored, Mapping):
        return {}
    found = ((question_id, Score.from_json(data)) for question_id, data in stored.items())
    return {question_id: score for question_id, score in found if score is not None}


def answers_json(given: Mapping[str, Response]) -> dict[str, dict[str, Any]]:
    """Responses as stored: question id -> Response.to_json()."""
    return {question_id: response.to_json() for question_id, response in given.items()}


def grade(questions: Iterable[Question], given: Mapping[str, Response]) -> Grade:
    """Score every question; unanswered ones earn 0, teacher-marked ones wait for the teacher."""
    questions = list(questions)
    scored = {}
    for question in questions:
        response = given.get(question.id)
        if response is None or response.question_type != question.type:
            response = Response(question.type)  # unanswered, or answered under an old type
        scored[question.id] = question.score(response)
    return Grade(scores=scored, points=sum(q.points for q in questions))


def answered_count(questions: Iterable[Question], answers: Mapping[str, Any]) -> int:
    """How many of the questions have an answer."""
    given = responses(questions, answers)
    return sum(1 for q in questions if q.is_answered(given[q.id]))


def skill_breakdown(
    questions: Iterable[Question], scored: Mapping[str, Score]
) -> dict[str, tuple[Fraction, int]]:
    """Points earned and possible per skill, over the questions tagged with it."""
    totals: dict[str, tuple[Fraction, int]] = {}
    for question in questions:
        score = scored.get(question.id)
        awarded = Fraction(score.awarded) if score else Fraction(0)
        for skill in question.skills:
            earned, possible = totals.get(skill, (Fraction(0), 0))
            totals[skill] = (earned + awarded, possible + question.points)
    return totals


def percent(awarded: Fraction, points: int) -> int:
    """A whole percentage, rounded half up; 0 when nothing was possible."""
    return share_percent(awarded.numerator, awarded.denominator * points) if points else 0


def share_percent(part: int, whole: int) -> int:
    """part/whole (part >= 0, whole > 0) as a whole percentage rounded half up, exactly.

    Integer arithmetic only: a gradebook asks for hundreds of these per page.
    """
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True)
class AttemptSummary:
    """What status and reveal rules need to know about one attempt."""

    submitted: bool
    late: bool
    awaiting_teacher: bool
    counted: bool = False  # the attempt whose score counts (the best one)


def status(attempts: list[AttemptSummary], due_at: datetime | None, now: datetime) -> str:
    """The student's status on an assignment, as shown on their home page and the gradebook."""
    submitted = [a for a in attempts if a.submitted]
    if not submitted:
        if any(not a.submitted for a in attempts):
            return IN_PROGRESS
        return MISSING if due_at is not None and now > due_at else NOT_STARTED
    if any(a.awaiting_teacher for a in submitted):
        return AWAITING_TEACHER
    # The counted attempt decides: a late best score is late even after an on-time attempt.
    counted = [a for a in submitted if a.counted] or submitted
    return LATE if all(a.late for a in counted) else SUBMITTED


def key_visible(
    reveal: str, max_attempts: int, submitted_count: int, due_at: datetime | None, now: datetime
) -> bool:
    """Whether correct answers and explanations may be shown, under the assignment's rule."""
    past_due = due_at is not None and now > due_at
    if reveal == "after_attempt":
        return submitted_count > 0
    if reveal == "after_due":
        return past_due or (due_at is None and submitted_count >= max_attempts)
    return submitted_count >= max_attempts or (past_due and submitted_count > 0)
