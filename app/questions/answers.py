"""What a student sends and what it earns: responses, scores, and reading form values."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


def points_from_json(value: Any) -> int | Fraction:
    """A stored award (2, '2' or '3/2') as an int or a Fraction; anything malformed counts as 0."""
    # Whole numbers, the common case, skip Fraction: a class report reads thousands of them.
    if type(value) is int:
        return value
    if isinstance(value, str) and value.isdecimal() and value.isascii() and len(value) < 20:
        return int(value)
    try:
        return tidy(Fraction(value))
    except (TypeError, ValueError, ZeroDivisionError):
        return 0


def stored_object(text: str | None) -> dict:
    """A JSON object from a column read as text; anything else (NULL, malformed, a list) is {}."""
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def tidy(value: Fraction | int) -> int | Fraction:
    """A whole Fraction as a plain int, so whole scores read naturally."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else value


def submitted(form: Mapping[str, Any], name: str) -> list[str]:
    """All string values of one form field; tolerates MultiDicts, plain dicts and junk."""
    getlist = getattr(form, "getlist", None)
    if callable(getlist):
        raw = getlist(name)
    elif isinstance(form, Mapping):
        raw = form.get(name)
    else:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list | tuple):
        return [value for value in raw if isinstance(value, str)]
    return []


@dataclass(frozen=True)
class Response:
    """A student's raw answer to one question, as stored (see to_json) and scored."""

    question_type: str
    choices: tuple[str, ...] = ()  # picked ids (options, sentences), in question order
    placements: tuple[tuple[str, str], ...] = ()  # (item id, category id): items sorted
    text: str = ""  # a written answer

    def placement(self, item_id: str) -> str | None:
        """Category the student put item `item_id` in, or None."""
        return dict(self.placements).get(item_id)

    def to_json(self) -> dict[str, Any]:
        """Plain dict for a JSON database column."""
        return {
            "type": self.question_type,
            "choices": list(self.choices),
            "placements": dict(self.placements),
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: Any) -> Response:
        """Rebuild from to_json output; malformed parts are dropped rather than raising."""
        data = data if isinstance(data, dict) else {}
        choices = data.get("choices")
        placements = data.get("placements")
        text = data.get("text")
        kind = data.get("type")
        return cls(
            question_type=kind if isinstance(kind, str) else "",
            choices=tuple(c for c in choices if isinstance(c, str))
            if isinstance(choices, list)
            else (),
            placements=tuple(
                (k, v) for k, v in placements.items() if isinstance(k, str) and isinstance(v, str)
            )
            if isinstance(placements, dict)
            else (),
            text=text if isinstance(text, str) else "",
        )


@dataclass(frozen=True)
class Score:
    """Points awarded out of `points`; `parts` says which options, sentences or items were right.

    A teacher's mark is `marked`, with the teacher's `comment` for the student.
    """

    awarded: int | Fraction
    points: int
    parts: Mapping[str, bool] = field(default_factory=dict)
    needs_teacher: bool = False
    comment: str = ""
    marked: bool = False

    @property
    def is_full(self) -> bool:
        """Whether every point was earned."""
        return not self.needs_teacher and self.awarded == self.points

    @property
    def is_partial(self) -> bool:
        """Whether some points, but not all of them, were earned."""
        return not self.needs_teacher and self.awarded != 0 and self.awarded != self.points

    def to_json(self) -> dict[str, Any]:
        """Plain dict; a fractional score is written as a 'numerator/denominator' string."""
        awarded = self.awarded if isinstance(self.awarded, int) else str(self.awarded)
        data = {
            "awarded": awarded,
            "points": self.points,
            "parts": dict(self.parts),
            "needs_teacher": self.needs_teacher,
        }
        if self.marked:
            data |= {"comment": self.comment, "marked": True}
        return data

    @classmethod
    def from_json(cls, data: Any) -> Score | None:
        """Rebuild from to_json output; None when nothing was awarded (no score was stored)."""
        if not isinstance(data, Mapping) or "awarded" not in data:
            return None
        points, parts, comment = data.get("points"), data.get("parts"), data.get("comment")
        return cls(
            awarded=points_from_json(data["awarded"]),
            points=points if isinstance(points, int) and not isinstance(points, bool) else 0,
            parts=parts if isinstance(parts, dict) else {},
            needs_teacher=bool(data.get("needs_teacher")),
            comment=comment if isinstance(comment, str) else "",
            marked=data.get("marked") is True,
        )


def share_score(points: int, expected: set[str], picked: tuple[str, ...]) -> Score:
    """Multiple-select and highlight rule: +share per right pick, -share per wrong, floor 0."""
    share = Fraction(points, len(expected))
    right = sum(1 for choice in picked if choice in expected)
    wrong = len(picked) - right
    parts = {choice: choice in expected for choice in picked}
    parts.update({choice: False for choice in expected if choice not in picked})
    return Score(
        awarded=tidy(max(Fraction(0), share * (right - wrong))), points=points, parts=parts
    )


def count_picks(keys: Iterable[str], picks: Iterable[Iterable[str]]) -> dict[str, int]:
    """How many students picked each key; every key present, unknown picks ignored."""
    counts = dict.fromkeys(keys, 0)
    for picked in picks:
        for key in set(picked) & counts.keys():
            counts[key] += 1
    return counts
