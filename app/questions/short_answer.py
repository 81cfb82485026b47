"""short_answer: a written answer the teacher scores against a rubric."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.questions.answers import Response, Score, submitted
from app.questions.article import ArticleText
from app.questions.base import Question
from app.questions.fields import Fields
from app.questions.gift import Gift
from app.questions.registry import register

RUBRIC_KEYS = ("points", "criterion")
DEFAULT_MAX_CHARS = 1000
EXAMPLE_TEXT = "The source gains if we believe it, and nothing in the text checks it."


@dataclass(frozen=True)
class Criterion:
    """One rubric line and the points it is worth."""

    points: int
    criterion: str


def read_rubric(fields: Fields, points: int | None) -> tuple[Criterion, ...] | None:
    """Rubric lines whose points add up to the question's points."""
    records = fields.records("rubric", RUBRIC_KEYS, "rubric lines", 1)
    found = []
    for record in records:
        worth = record.whole_number("points", 1, 10)
        criterion = record.text("criterion")
        if worth is not None and criterion is not None:
            found.append(Criterion(worth, criterion))
    if len(found) != len(records):
        return None
    total = sum(c.points for c in found)
    if found and points is not None and total != points:
        fields.report(
            "rubric", f"the rubric's points add up to {total}, not the question's {points}"
        )
        return None
    return tuple(found)


def clean_text(text: str, max_chars: int) -> str:
    """Browser line endings as newlines, NUL characters removed, cut to max_chars."""
    # Browsers count a line break as one character against maxlength but send CRLF.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text[:max_chars]


@register
@dataclass(frozen=True)
class ShortAnswer(Question):
    """Written answer; awaits the teacher, whose mark becomes its score (teacher_score)."""

    type = "short_answer"
    listed = 5
    specific_keys = ("max_chars", "rubric", "sample_answer")
    teacher_marks = True

    max_chars: int = DEFAULT_MAX_CHARS
    rubric: tuple[Criterion, ...] = ()
    sample_answer: str = ""

    @classmethod
    def read_specific(
        cls, fields: Fields, article: ArticleText, points: int | None
    ) -> dict[str, Any]:
        """Optional max_chars, the rubric and a sample answer for the teacher."""
        max_chars = fields.whole_number(
            "max_chars", 50, 4000, required=False, default=DEFAULT_MAX_CHARS
        )
        return {
            "max_chars": max_chars,
            "rubric": read_rubric(fields, points),
            "sample_answer": fields.text("sample_answer"),
        }

    def specific_json(self) -> dict[str, Any]:
        """Length limit, rubric and sample answer."""
        return {
            "max_chars": self.max_chars,
            "rubric": [{"points": c.points, "criterion": c.criterion} for c in self.rubric],
            "sample_answer": self.sample_answer,
        }

    def public_specific(self) -> dict[str, Any]:
        """Only the length limit; rubric and sample answer stay with the teacher."""
        return {"max_chars": self.max_chars}

    def read_response(self, form_values: Mapping[str, Any]) -> Response:
        """The text submitted under q-<id>, cleaned and cut to max_chars."""
        values = submitted(form_values, f"q-{self.id}")
        return Response(self.type, text=clean_text(values[0], self.max_chars) if values else "")

    def score(self, response: Response) -> Score:
        """Zero for now: an answer awaits the teacher; a blank one needs no marking."""
        return Score(awarded=0, points=self.points, needs_teacher=self.is_answered(response))

    def key_texts(self) -> tuple[str, ...]:
        """The explanation, the rubric and the sample answer."""
        rubric = tuple(c.criterion for c in self.rubric)
        return (
            *super().key_texts(),
            *rubric,
            *((self.sample_answer,) if self.sample_answer else ()),
        )

    def gift(self) -> Gift:
        """An essay question, with the rubric in a comment above it for the teacher."""
        rubric = "; ".join(f"{c.points}: {c.criterion}" for c in self.rubric)
        return Gift(comment=" ".join(f"// rubric ({self.id}): {rubric}".split()))

    def example_answer(self, right: bool) -> dict[str, list[str]]:
        """The same plausible text either way: only the teacher can tell."""
        return {f"q-{self.id}": [EXAMPLE_TEXT]}
