"""Check-ins, pure: which form a student takes when, which phase is open, and gains per skill.

A check-in is taken twice, "before" a unit and "after" it, on two parallel forms. Within a class
half the students take A then B and the other half B then A, so a form that turns out harder
cancels out at class level. Every number here is an exact fraction; rounding happens only where
a person reads it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from fractions import Fraction

from app.score_numbers import percent

# Below this many students with both check-ins, the report says to read its numbers lightly.
SMALL_GROUP = 10


class Phase(StrEnum):
    """When a check-in is taken: at the start of a unit, or at its end."""

    BEFORE = "before"
    AFTER = "after"


class Order(StrEnum):
    """Which form a student takes first: A before and B after, or the other way round."""

    AB = "AB"
    BA = "BA"


PHASE_LABELS = {Phase.BEFORE: "Before", Phase.AFTER: "After"}


def form_for(order: str, phase: str) -> str:
    """The form letter a student with `order` takes in `phase`: AB takes A before, B after."""
    return order[0] if phase == Phase.BEFORE else order[1]


def _draw(salt: bytes, student_id: int) -> bytes:
    """A fixed, unguessable draw per student and check-in (the salt names the check-in)."""
    return hmac.new(salt, f"check-in-seat\0{student_id}".encode(), hashlib.sha256).digest()


def seat_orders(
    seated: Mapping[int, str], students: Iterable[int], salt: bytes
) -> dict[int, Order]:
    """Orders for the students not yet seated, keeping the two halves within one of each other.

    Students already seated keep their order for good (a student never switches forms). The
    newcomers are taken in an order drawn from `salt`, not in joining order, and each goes to the
    smaller half; on a tie the student's own draw decides, so which half gets the odd student out
    is not always the same.
    """
    counts = Counter(Order(order) for order in seated.values())
    newcomers = sorted({s for s in students if s not in seated}, key=lambda s: _draw(salt, s))
    chosen: dict[int, Order] = {}
    for student_id in newcomers:
        if counts[Order.AB] != counts[Order.BA]:
            order = Order.AB if counts[Order.AB] < counts[Order.BA] else Order.BA
        else:
            order = Order.AB if _draw(salt, student_id)[-1] % 2 == 0 else Order.BA
        counts[order] += 1
        chosen[student_id] = order
    return chosen


@dataclass(frozen=True)
class Schedule:
    """When each phase is open: before from the start, after once the teacher opens it."""

    before_due_at: datetime | None
    after_opened_at: datetime | None
    after_due_at: datetime | None
    released_at: datetime | None

    def open_phase(self, now: datetime) -> Phase | None:
        """The phase students can work on now, or None (between phases, or all done)."""
        if self.released_at is not None:
            return None
        if self.after_opened_at is not None:
            return None if _past(self.after_due_at, now) else Phase.AFTER
        return None if _past(self.before_due_at, now) else Phase.BEFORE

    def due_at(self, phase: str) -> datetime | None:
        """The due date of one phase, if the teacher gave one."""
        return self.before_due_at if phase == Phase.BEFORE else self.after_due_at


def _past(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and now > due_at


@dataclass(frozen=True)
class SkillScore:
    """Points earned on one skill in one check-in, of the points the form gives that skill."""

    earned: Fraction
    possible: int


def normalized_gain(before: Fraction, after: Fraction, possible: int) -> Fraction | None:
    """(after - before) / (possible - before): the share of the room to grow that was gained.

    None when there was no room: the skill has no points, or the before score was full marks.
    """
    room = possible - before
    return (after - before) / room if room > 0 else None


@dataclass(frozen=True)
class SkillGain:
    """Before, after and the gains on one skill: one student's, or a class's means."""

    skill: str
    possible: int
    before: Fraction
    after: Fraction

    @property
    def gain(self) -> Fraction:
        """Points gained (negative when the after score is lower)."""
        return self.after - self.before

    @property
    def normalized(self) -> Fraction | None:
        """The normalized gain, or None when there was no room to gain."""
        return normalized_gain(self.before, self.after, self.possible)


@dataclass(frozen=True)
class StudentCheckIns:
    """One student's two check-ins: per-skill scores of each taken, None for one not taken."""

    student_id: int
    order: str | None
    before: Mapping[str, SkillScore] | None
    after: Mapping[str, SkillScore] | None

    @property
    def took_both(self) -> bool:
        """Whether both check-ins were handed in, so a gain can be worked out."""
        return self.before is not None and self.after is not None

    def gains(self, skills: Sequence[str]) -> list[SkillGain]:
        """Per-skill gains, each listed skill in order; empty unless both were taken."""
        if self.before is None or self.after is None:
            return []
        return [
            SkillGain(skill, self.before[skill].possible, self.before[skill].earned, after.earned)
            for skill in skills
            for after in [self.after[skill]]
        ]

    def total(self) -> SkillGain | None:
        """All skills together, or None unless both were taken."""
        if self.before is None or self.after is None:
            return None
        return SkillGain(
            "all",
            sum(s.possible for s in self.before.values()),
            sum((s.earned for s in self.before.values()), Fraction(0)),
            sum((s.earned for s in self.after.values()), Fraction(0)),
        )


def class_gains(students: Sequence[StudentCheckIns], skills: Sequence[str]) -> list[SkillGain]:
    """Per skill, the mean before and after over the students who took both (none: empty).

    The class's normalized gain is that of the means, (mean after - mean before) / (possible -
    mean before), so one student who started at full marks does not drop out of it.
    """
    both = [s for s in students if s.took_both]
    if not both:
        return []
    gains = [s.gains(skills) for s in both]
    out = []
    for index, skill in enumerate(skills):
        rows = [g[index] for g in gains]
        out.append(
            SkillGain(
                skill,
                rows[0].possible,
                sum((r.before for r in rows), Fraction(0)) / len(rows),
                sum((r.after for r in rows), Fraction(0)) / len(rows),
            )
        )
    return out


def class_total(students: Sequence[StudentCheckIns]) -> SkillGain | None:
    """Every skill together, as means over the students who took both."""
    totals = [t for t in (s.total() for s in students) if t is not None]
    if not totals:
        return None
    return SkillGain(
        "all",
        totals[0].possible,
        sum((t.before for t in totals), Fraction(0)) / len(totals),
        sum((t.after for t in totals), Fraction(0)) / len(totals),
    )


@dataclass(frozen=True)
class FormResult:
    """How one form did in one position: how many took it there, and their mean percentage."""

    form: str
    phase: str
    count: int
    mean_percent: int | None


def form_results(taken: Iterable[tuple[str, str, Fraction, int]]) -> list[FormResult]:
    """Mean score per form and per position, from (form, phase, earned, possible) per check-in.

    The mean percentage is of points pooled over the students, exactly, rounded half up once.
    """
    pooled: dict[tuple[str, str], list[Fraction]] = {}
    for form, phase, earned, possible in taken:
        sums = pooled.setdefault((form, phase), [Fraction(0), Fraction(0), Fraction(0)])
        sums[0] += earned
        sums[1] += possible
        sums[2] += 1
    results = []
    for form in ("A", "B"):
        for phase in Phase:
            earned, possible, count = pooled.get((form, phase), [0, 0, 0])
            mean = percent(earned, possible) if possible else None
            results.append(FormResult(form, phase, int(count), mean))
    return results


def caution(took_both: int) -> str | None:
    """A plain-language warning when too few students took both to read much into the gains."""
    if took_both == 0:
        return (
            "No student has taken both check-ins yet, so there is no gain to show. Gains appear "
            "once students have handed in both."
        )
    if took_both < SMALL_GROUP:
        who = "One student" if took_both == 1 else f"Only {took_both} students"
        return (
            f"{who} took both check-ins. With so few, one good or bad day moves the averages a "
            "lot: read these gains as a rough sign, not a measurement, and look at each "
            "student's answers before drawing conclusions."
        )
    return None
