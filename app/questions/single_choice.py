"""single_choice: exactly one right option among several; wrong options explain why they tempt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.questions.answers import Response, Score, count_picks, submitted
from app.questions.article import ArticleText
from app.questions.choice import ChoiceQuestion, read_choice_fields
from app.questions.fields import Fields
from app.questions.gift import Gift, escape, feedback
from app.questions.registry import register


@register
@dataclass(frozen=True)
class SingleChoice(ChoiceQuestion):
    """Exactly one correct option; full points for it, nothing otherwise."""

    type = "single_choice"
    listed = 1
    specific_keys = ("options", "shuffle")

    @classmethod
    def read_specific(
        cls, fields: Fields, article: ArticleText, points: int | None
    ) -> dict[str, Any]:
        """Options, exactly one of them correct."""
        specific = read_choice_fields(fields)
        options = specific["options"]
        if options is not None and sum(o.correct for o in options) != 1:
            found = sum(o.correct for o in options)
            fields.report("options", f"needs exactly one option with correct: true, not {found}")
        return specific

    def read_response(self, form_values: Mapping[str, Any]) -> Response:
        """The first known option id submitted under q-<id>."""
        picked = [v for v in submitted(form_values, f"q-{self.id}") if v in self._ids()]
        return Response(self.type, choices=tuple(picked[:1]))

    def _ids(self) -> set[str]:
        return {o.id for o in self.options}

    def tally(self, responses: Sequence[Response]) -> dict[str, int]:
        """How many students picked each option; only a stored first pick is scored, so counts."""
        picks = (r.choices[:1] for r in responses)
        return count_picks((o.id for o in self.options), picks)

    def example_answer(self, right: bool) -> dict[str, list[str]]:
        """The correct option, or the first wrong one."""
        return {name: picks[:1] for name, picks in super().example_answer(right).items()}

    def gift(self) -> Gift:
        """A multiple-choice question: `=` before the right option, `~` before the others."""
        return Gift(
            tuple(
                f"{'=' if o.correct else '~'}{escape(o.text)}{feedback(o.feedback)}"
                for o in self.options
            )
        )

    def score(self, response: Response) -> Score:
        """All points for the correct option, zero for anything else."""
        picked = self._known(response.choices[:1])
        right = bool(picked) and picked[0] in self._correct_ids()
        parts = {picked[0]: right} if picked else {}
        return Score(awarded=self.points if right else 0, points=self.points, parts=parts)
