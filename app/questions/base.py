"""What every question type shares: common fields, responses, scores and form reading."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar

from app.questions.article import ArticleText
from app.questions.fields import ID_PATTERN, Fields, Issue, verbatim

COMMON_KEYS = ("id", "type", "skills", "points", "prompt", "quote", "explanation")


def points_from_json(value: Any) -> Fraction:
    """A stored award ('3/2', 2 or '2') as a Fraction; anything malformed counts as 0."""
    if isinstance(value, str) and value.isdecimal() and value.isascii() and len(value) < 20:
        return Fraction(int(value))  # the common case, without Fraction's string parser
    try:
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return Fraction(0)


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
    choices: tuple[str, ...] = ()  # picked option or sentence ids, in question order
    placements: tuple[tuple[str, str], ...] = ()  # classify: (item id, category id)
    text: str = ""  # short_answer

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
            awarded=tidy(points_from_json(data["awarded"])),
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


@dataclass(frozen=True)
class Question:
    """Base of all question types; subclasses add their own fields and rules."""

    type: ClassVar[str] = ""
    specific_keys: ClassVar[tuple[str, ...]] = ()

    id: str
    skills: tuple[str, ...]
    points: int
    prompt: str
    quote: str | None
    explanation: str

    @classmethod
    def from_definition(
        cls, data: Mapping[str, Any], path: str, article: ArticleText
    ) -> tuple[Question | None, list[Issue]]:
        """Validate a question's YAML mapping; returns the question or every problem found."""
        issues: list[Issue] = []
        fields = Fields(data, path, COMMON_KEYS + cls.specific_keys, issues)
        common = {
            "id": fields.identifier("id", pattern=ID_PATTERN),
            "skills": fields.skills(),
            "points": fields.whole_number("points", 1, 10),
            "prompt": fields.text("prompt"),
            "quote": verbatim(fields, "quote", article.contains, required=False),
            "explanation": fields.text(
                "explanation", why="say why the answer is right, citing the text"
            ),
        }
        specific = cls.read_specific(fields, article, common["points"])
        if issues:
            return None, issues
        return cls(**common, **specific), []

    @classmethod
    def read_specific(
        cls, fields: Fields, article: ArticleText, points: int | None
    ) -> dict[str, Any]:
        """Read and check the type's own fields; returns constructor arguments."""
        raise NotImplementedError

    def shuffled_ids(self) -> tuple[str, ...]:
        """Ids of the parts each student sees in an order of their own (none: file order)."""
        return ()

    def field_names(self) -> tuple[str, ...]:
        """Names of the HTML form fields this question reads."""
        return (f"q-{self.id}",)

    def _shown_fields(self) -> dict[str, Any]:
        """The fields every type shows students before the reveal."""
        return {
            "id": self.id,
            "type": self.type,
            "skills": list(self.skills),
            "points": self.points,
            "prompt": self.prompt,
            "quote": self.quote,
        }

    def to_json(self) -> dict[str, Any]:
        """The full definition, keys and feedback included (for export and versioning)."""
        return self._shown_fields() | {"explanation": self.explanation} | self.specific_json()

    def specific_json(self) -> dict[str, Any]:
        """The type's own fields, keys included."""
        raise NotImplementedError

    def public_view(self) -> dict[str, Any]:
        """What a browser may see before the reveal: no keys, no feedback, no explanation."""
        return self._shown_fields() | self.public_specific()

    def public_specific(self) -> dict[str, Any]:
        """The type's own fields with every key and feedback left out."""
        raise NotImplementedError

    def read_response(self, form_values: Mapping[str, Any]) -> Response:
        """Turn submitted form values into a Response, dropping anything unknown; never raises."""
        raise NotImplementedError

    def is_answered(self, response: Response) -> bool:
        """Whether the student gave any answer at all."""
        return bool(response.choices or response.placements or response.text.strip())

    def score(self, response: Response) -> Score:
        """Points for this response under the README's rule for the type."""
        raise NotImplementedError

    def teacher_score(self, points_awarded: int | Fraction, comment: str = "") -> Score:
        """A teacher's mark and comment as a score, checked to be a number from 0 to points."""
        if isinstance(points_awarded, bool) or not isinstance(points_awarded, int | Fraction):
            raise TypeError("points awarded must be an int or a Fraction")
        if not 0 <= points_awarded <= self.points:
            raise ValueError(f"points awarded must be from 0 to {self.points}")
        return Score(tidy(points_awarded), self.points, comment=comment, marked=True)

    def feedback_for(self, response: Response) -> dict[str, str]:
        """Feedback per wrong part (option, sentence or item id -> text)."""
        return {}
