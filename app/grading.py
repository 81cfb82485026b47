"""Pure grading: score a set of answers, sum them, and break them down by skill.

No Flask or SQLAlchemy here: the question types score, this module adds up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from app.questions import Question, Response, Score
from app.questions.answers import stored_object


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
    def pending_points(self) -> int:
        """Points on answers still waiting for the teacher's mark: not yet earned nor lost."""
        return sum(s.points for s in self.scores.values() if s.needs_teacher)

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
    return question_scores(questions, recorded_scores(stored))


# A class report reads each counted attempt's answers and scores as the JSON text the database
# holds. The same texts come back on every view of the class until an attempt changes, and a
# changed attempt has a new text, so decoding is kept per text: a view decodes only what is new.
# The decoded mappings are shared between calls, so they are read-only.
# 256 answer and 256 score texts: about 4 MB a worker for a 13-question lesson, 11 MB were every
# written answer 4,000 accented letters long (measured). Enough for a report on a class of 200.
DECODED_TEXTS_KEPT = 256
NO_RESPONSE = Response.from_json(None)


@lru_cache(maxsize=DECODED_TEXTS_KEPT)
def stored_responses(text: str | None) -> Mapping[str, Response]:
    """An attempt's stored answers (the column's JSON text) as Responses by question id."""
    answers = stored_object(text)
    return MappingProxyType({key: Response.from_json(value) for key, value in answers.items()})


@lru_cache(maxsize=DECODED_TEXTS_KEPT)
def stored_scores(text: str | None) -> Mapping[str, Score]:
    """An attempt's stored scores (the column's JSON text): every usable one by question id."""
    found = recorded_scores(stored_object(text))
    # Shared between calls: each score's parts are made read-only too.
    return MappingProxyType(
        {key: replace(score, parts=MappingProxyType(score.parts)) for key, score in found.items()}
    )


def question_responses(
    questions: Iterable[Question], given: Mapping[str, Response]
) -> dict[str, Response]:
    """Decoded responses for the questions that exist now; a blank one where none was given."""
    return {q.id: given.get(q.id, NO_RESPONSE) for q in questions}


def question_scores(questions: Iterable[Question], found: Mapping[str, Score]) -> dict[str, Score]:
    """Decoded scores for the questions that exist now; nothing earned where none was stored."""
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


def with_blanks(
    questions: Iterable[Question], given: Mapping[str, Response]
) -> dict[str, Response]:
    """Answers read from a form, with a blank Response for each question left unanswered."""
    blank = Response.from_json(None)
    return {q.id: given.get(q.id, blank) for q in questions}


def answered_count(questions: Iterable[Question], given: Mapping[str, Response]) -> int:
    """How many of the questions have an answer among these Responses."""
    return sum(1 for q in questions if q.is_answered(given[q.id]))


@dataclass(frozen=True)
class SkillPoints:
    """One skill's points on one attempt: earned of the marked points, and points still pending."""

    earned: Fraction
    marked: int
    pending: int

    @property
    def possible(self) -> int:
        """Every point tagged with the skill, marked or not."""
        return self.marked + self.pending


def skill_breakdown(
    questions: Iterable[Question], scored: Mapping[str, Score]
) -> dict[str, SkillPoints]:
    """Per skill: points earned of the marked points, and points awaiting the teacher's mark.

    An unmarked answer is pending, not zero: it counts in `pending` only, as in the class's
    skill mastery (analytics.student_mastery), so a student and their teacher see one figure.
    """
    totals: dict[str, SkillPoints] = {}
    for question in questions:
        score = scored.get(question.id)
        pending = score is not None and score.needs_teacher
        awarded = Fraction(score.awarded) if score and not pending else Fraction(0)
        for skill in question.skills:
            was = totals.get(skill, SkillPoints(Fraction(0), 0, 0))
            if pending:
                totals[skill] = SkillPoints(was.earned, was.marked, was.pending + question.points)
            else:
                totals[skill] = SkillPoints(
                    was.earned + awarded, was.marked + question.points, was.pending
                )
    return totals
