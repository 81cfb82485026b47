"""multiple_select: one or more right options; a share of the points for each right pick."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.questions.answers import Response, Score, share_score, submitted
from app.questions.article import ArticleText
from app.questions.choice import ChoiceQuestion, read_choice_fields
from app.questions.fields import Fields
from app.questions.gift import Gift, escape, feedback, percent
from app.questions.registry import register


@register
@dataclass(frozen=True)
class MultipleSelect(ChoiceQuestion):
    """One or more correct options; shares for right picks minus shares for wrong ones."""

    type = "multiple_select"
    listed = 2
    specific_keys = ("options", "shuffle")

    @classmethod
    def read_specific(
        cls, fields: Fields, article: ArticleText, points: int | None
    ) -> dict[str, Any]:
        """Options, at least one of them correct."""
        specific = read_choice_fields(fields)
        options = specific["options"]
        if options is not None and not any(o.correct for o in options):
            fields.report("options", "needs at least one option with correct: true")
        return specific

    def read_response(self, form_values: Mapping[str, Any]) -> Response:
        """Every known option id submitted under q-<id>."""
        return Response(self.type, choices=self._known(submitted(form_values, f"q-{self.id}")))

    def gift(self) -> Gift:
        """Percentage weights: each right option an equal share of 100, each wrong one minus it."""
        share = percent(Fraction(100, sum(o.correct for o in self.options)))
        return Gift(
            tuple(
                f"~%{'' if o.correct else '-'}{share}%{escape(o.text)}{feedback(o.feedback)}"
                for o in self.options
            )
        )

    def score(self, response: Response) -> Score:
        """Share = points / correct options; +share per right pick, -share per wrong, floor 0."""
        return share_score(self.points, self._correct_ids(), self._known(response.choices))
