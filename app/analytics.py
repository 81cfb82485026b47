"""Pure analytics: item statistics for one assignment and skill mastery, in exact fractions.

No Flask or SQLAlchemy here: callers pass the lesson's questions and each student's counted
attempt, already loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

from app.questions import Question, Response, Score
from app.questions.answers import stored_object
from app.score_numbers import percent

# The classical upper-lower index compares the top and bottom 27% of the class.
GROUP_SHARE = Fraction(27, 100)
MIN_STUDENTS_FOR_DISCRIMINATION = 4


@dataclass(frozen=True)
class StudentResult:
    """One student's counted attempt: total earned, responses and recorded scores by question id."""

    student_id: int
    total: Fraction
    responses: Mapping[str, Response]
    scores: Mapping[str, Score]


@dataclass(frozen=True)
class ItemStats:
    """How the class did on one question; `graded` counts the students whose score is known."""

    question_id: str
    number: int
    type: str
    points: int
    answered: int
    graded: int
    share_right: Fraction
    mean_score: Fraction
    discrimination: Fraction | None
    tally: Mapping[str, Any] = field(default_factory=dict)  # Question.tally of the responses
    awaiting: int = 0
    common_wrong: str = ""  # the wrong answer given most often, in words ("" if none to name)
    common_wrong_count: int = 0

    @property
    def flag(self) -> str:
        """What the numbers suggest, in plain words for the summary table ("" if nothing)."""
        if not self.graded:
            return "Waiting for your marks" if self.awaiting else ""
        if self.discrimination is not None and self.discrimination < 0:
            return "Strong students missed this more than others: check the question and its key"
        if self.share_right < Fraction(1, 2):
            return "Most students missed this"
        if self.discrimination is not None and self.discrimination < Fraction(1, 10):
            return "Strong and weaker students did about the same: it does not tell them apart"
        return ""


@dataclass(frozen=True)
class Mastery:
    """Points earned out of points possible on the questions tagged with one skill."""

    earned: Fraction
    possible: int

    @property
    def percent(self) -> int:
        """Earned as a whole percentage of possible, rounded half up (0 when nothing possible)."""
        return percent(self.earned, self.possible)

    def __add__(self, other: Mastery) -> Mastery:
        """One skill's points from two sources (students, lessons) added together."""
        return Mastery(self.earned + other.earned, self.possible + other.possible)


def _awaits_teacher(score: Score | None) -> bool:
    return score is not None and score.needs_teacher


def known_score(question: Question, score: Score | None) -> tuple[int | Fraction, int] | None:
    """(awarded, points) of a recorded score, or None while unknown: unmarked or never scored.

    The award stays a whole number when it is one: Fractions only where a score has parts.
    """
    if score is None or score.needs_teacher:
        return None
    # The recorded points belong with the recorded award; the lesson's may have changed since.
    points = score.points if score.points > 0 else question.points
    return score.awarded, points


def share_sum(known: Iterable[tuple[int | Fraction, int]]) -> Fraction:
    """The exact sum of awarded / points over (awarded, points) pairs.

    Awards are added up per points value and divided once each: the scores on one question
    nearly all share its points, so a class's item costs one division, not one per student.
    """
    by_points: dict[int, int | Fraction] = {}
    for awarded, points in known:
        by_points[points] = by_points.get(points, 0) + awarded
    return sum((Fraction(total, points) for points, total in by_points.items()), Fraction(0))


def _round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


def discrimination(ranked: Sequence[tuple[int | Fraction, int]]) -> Fraction | None:
    """Top 27% mean item score minus bottom 27%'s; None under four students or if groups overlap.

    `ranked` holds each student's known (awarded, points) on the item, from the highest total
    to the lowest; an item score is awarded / points.
    """
    n = len(ranked)
    if n < MIN_STUDENTS_FOR_DISCRIMINATION:
        return None
    size = max(1, _round_half_up(GROUP_SHARE * n))
    if 2 * size > n:
        return None
    return (share_sum(ranked[:size]) - share_sum(ranked[-size:])) / size


def _ranked(results: Sequence[StudentResult]) -> list[StudentResult]:
    # Highest total first; the student id breaks ties so the groups never depend on row order.
    return sorted(results, key=lambda r: (-Fraction(r.total), r.student_id))


def _response(question: Question, response: Response | None) -> Response | None:
    """The response if it was given to this question's current type."""
    return response if response and response.question_type == question.type else None


def common_wrong_answer(
    question: Question, responses: Sequence[Response | None], known: Sequence
) -> tuple[str, int]:
    """The commonest wrong answer in words and how many gave it; ties go to the first given."""
    wrong = Counter(
        question.answer_in_words(response)
        for response, score in zip(responses, known, strict=True)
        if response is not None and score is not None and score[0] < score[1]
    )
    wrong.pop("", None)
    return wrong.most_common(1)[0] if wrong else ("", 0)


def _item(question: Question, number: int, ranked: list[StudentResult]) -> ItemStats:
    responses = [_response(question, r.responses.get(question.id)) for r in ranked]
    given = [r for r in responses if r is not None]
    known = [known_score(question, r.scores.get(question.id)) for r in ranked]
    graded_known = [k for k in known if k is not None]
    full = sum(1 for awarded, points in graded_known if awarded >= points)
    graded = len(graded_known)
    common_wrong, common_wrong_count = common_wrong_answer(question, responses, known)
    return ItemStats(
        question_id=question.id,
        number=number,
        type=question.type,
        points=question.points,
        answered=sum(1 for r in given if question.is_answered(r)),
        graded=graded,
        share_right=Fraction(full, graded) if graded else Fraction(0),
        mean_score=share_sum(graded_known) / graded if graded else Fraction(0),
        discrimination=discrimination(graded_known),
        awaiting=sum(1 for r in ranked if _awaits_teacher(r.scores.get(question.id))),
        tally=question.tally(given),
        common_wrong=common_wrong,
        common_wrong_count=common_wrong_count,
    )


def item_statistics(
    questions: Iterable[Question], results: Sequence[StudentResult]
) -> list[ItemStats]:
    """Per question in lesson order; unmarked short answers are left out of share, mean and D."""
    # Unmarked answers are unknown, not wrong: they count in `awaiting`, not in `graded`, and
    # share_right and mean_score stay 0 until some score is known.
    ranked = _ranked(results)
    return [_item(q, number, ranked) for number, q in enumerate(questions, start=1)]


def hardest_first(stats: Iterable[ItemStats]) -> list[ItemStats]:
    """Most-missed questions first (share right ascending, then lesson order); unknowns last."""
    # A question nobody has been marked on yet was not missed, so it does not lead the list.
    return sorted(stats, key=lambda s: (s.graded == 0, s.share_right, s.number))


def student_mastery(
    questions: Iterable[Question], scores: Mapping[str, Score]
) -> dict[str, Mastery]:
    """One student's mastery per skill, skipping unmarked answers; unknown skills left out."""
    # A skill with nothing marked yet is absent rather than 0%, so no report shows it as failed.
    earned: dict[str, list[Fraction]] = {}
    possible: dict[str, int] = {}
    for question in questions:
        known = known_score(question, scores.get(question.id))
        if known is None:
            continue
        for skill in question.skills:
            earned.setdefault(skill, []).append(known[0])
            possible[skill] = possible.get(skill, 0) + known[1]
    return {skill: Mastery(exact_sum(earned[skill]), possible[skill]) for skill in sorted(earned)}


def skill_points_json(
    questions: Iterable[Question], scores: Mapping[str, Score]
) -> dict[str, list[int]]:
    """One attempt's known points per skill, as stored with it: skill -> [earned numerator,
    earned denominator, points possible]. Unmarked answers are left out, as in student_mastery.
    """
    return {
        skill: [m.earned.numerator, m.earned.denominator, m.possible]
        for skill, m in student_mastery(questions, scores).items()
    }


SkillPoints = tuple[tuple[str, int | Fraction, int], ...]  # (skill, earned, possible) each


def skill_point_entries(points: Any) -> SkillPoints:
    """One attempt's usable stored points per skill as (skill, earned, possible) entries.

    Anything but a dict of [numerator, denominator, possible] whole-number lists with a positive
    denominator is left out. Whole points stay ints: Fraction addition is the slow part of a
    class's mastery.
    """
    if not isinstance(points, dict):
        return ()
    entries = []
    for skill, entry in points.items():
        if type(entry) is not list or len(entry) != 3:
            continue
        numerator, denominator, most = entry
        if not (
            type(numerator) is int
            and type(denominator) is int
            and type(most) is int
            and denominator > 0
            and most >= 0
        ):
            continue
        earned = numerator if denominator == 1 else Fraction(numerator, denominator)
        entries.append((skill, earned, most))
    return tuple(entries)


# A class's reports read each counted attempt's points per skill as the JSON text stored; the
# same texts come back on every view, so each is decoded and checked once per process and kept
# (the most recent 4,096, about 3 MB a worker).
@lru_cache(maxsize=4096)
def stored_skill_points(text: str | None) -> SkillPoints:
    """An attempt's stored points per skill (the column's JSON text), as skill_point_entries."""
    return skill_point_entries(stored_object(text))


def added_skill_points(attempts: Iterable[SkillPoints]) -> dict[str, Mastery]:
    """Attempts' points per skill added up per skill, exactly; sorted by skill id."""
    whole: dict[str, int] = {}
    parts: dict[str, Fraction] = {}
    possible: dict[str, int] = {}
    for entries in attempts:
        for skill, earned, most in entries:
            if type(earned) is int:
                whole[skill] = whole.get(skill, 0) + earned
            else:
                parts[skill] = parts.get(skill, Fraction(0)) + earned
            possible[skill] = possible.get(skill, 0) + most
    return {
        skill: Mastery(parts.get(skill, Fraction(0)) + whole.get(skill, 0), possible[skill])
        for skill in sorted(possible)
    }


def exact_sum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum, adding whole numbers as integers: most awards are whole points, and
    Fraction addition is the slow part of a class's mastery report."""
    whole, parts = 0, Fraction(0)
    for value in values:
        if value.denominator == 1:
            whole += value.numerator
        else:
            parts += value
    return parts + whole


def mastery(
    questions: Iterable[Question], scores_by_student: Mapping[int, Mapping[str, Score]]
) -> dict[str, Mastery]:
    """The class's mastery per skill: everyone's known points earned over points possible."""
    questions = list(questions)
    return combine(student_mastery(questions, scores) for scores in scores_by_student.values())


def combine(masteries: Iterable[Mapping[str, Mastery]]) -> dict[str, Mastery]:
    """Add masteries per skill, e.g. one student's over several lessons; sorted by skill id."""
    totals: dict[str, Mastery] = {}
    for each in masteries:
        for skill, value in each.items():
            totals[skill] = totals.get(skill, Mastery(Fraction(0), 0)) + value
    return dict(sorted(totals.items()))


def weakest_skill(masteries: Mapping[str, Mastery]) -> str | None:
    """The skill with the lowest percentage (ties: first skill id), ignoring empty skills."""
    candidates = [(m.percent, skill) for skill, m in masteries.items() if m.possible > 0]
    return min(candidates)[1] if candidates else None
