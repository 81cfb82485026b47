"""single_choice and multiple_select: pick options; wrong options explain why they tempt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.questions.answers import Response, Score, count_picks, share_score, submitted
from app.questions.article import ArticleText
from app.questions.base import Question
from app.questions.fields import Fields, unique_ids
from app.questions.gift import Gift, escape, feedback, percent
from app.questions.registry import register

OPTION_KEYS = ("id", "text", "correct", "feedback")
FEEDBACK_WHY = "every wrong option needs feedback explaining why it tempts"


@dataclass(frozen=True)
class Option:
    """One answer option; `feedback` is shown when a student picks it wrongly."""

    id: str
    text: str
    correct: bool
    feedback: str | None


def read_options(fields: Fields) -> tuple[Option, ...] | None:
    """Read 2 to 6 options with unique ids; every wrong option must carry feedback."""
    records = fields.records("options", OPTION_KEYS, "options", 2, 6)
    ids = unique_ids(records, "option")
    options = []
    for record, option_id in zip(records, ids, strict=True):
        text = record.text("text")
        correct = record.flag("correct")
        feedback = record.text("feedback", required=correct is False, why=FEEDBACK_WHY)
        if option_id is not None and text is not None and correct is not None:
            options.append(Option(option_id, text, correct, feedback))
    return tuple(options) if len(options) == len(records) else None


def read_choice_fields(fields: Fields) -> dict[str, Any]:
    """The fields both choice types share: the options and whether students see them shuffled."""
    return {"options": read_options(fields), "shuffle": fields.flag("shuffle", default=True)}


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    """Shared behaviour of the two option-picking types."""

    options: tuple[Option, ...] = ()
    shuffle: bool = True

    def specific_json(self) -> dict[str, Any]:
        """Options with their correctness and feedback, and `shuffle` when it is turned off."""
        options = [
            {"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback}
            for o in self.options
        ]
        # Written only when off, so the quiz version of every lesson that leaves it out stays put.
        return {"options": options} | ({} if self.shuffle else {"shuffle": False})

    def shuffled_ids(self) -> tuple[str, ...]:
        """Every option id, unless the lesson keeps this question's options in file order."""
        return tuple(o.id for o in self.options) if self.shuffle else ()

    def options_in(self, order: tuple[str, ...] | None) -> tuple[Option, ...]:
        """The options in `order` (option ids, as one student sees them), else in file order."""
        if not order:
            return self.options
        by_id = {o.id: o for o in self.options}
        return tuple(by_id[option_id] for option_id in order)

    def public_specific(self) -> dict[str, Any]:
        """Option ids and texts only."""
        return {"options": [{"id": o.id, "text": o.text} for o in self.options]}

    def _known(self, ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """Known option ids among `ids`, once each, in option order."""
        wanted = set(ids)
        return tuple(o.id for o in self.options if o.id in wanted)

    def _correct_ids(self) -> set[str]:
        return {o.id for o in self.options if o.correct}

    def key_texts(self) -> tuple[str, ...]:
        """The explanation and the feedback of the wrong options."""
        return super().key_texts() + tuple(o.feedback for o in self.options if o.feedback)

    def tally(self, responses: Sequence[Response]) -> dict[str, int]:
        """How many students picked each option (every option listed)."""
        return count_picks((o.id for o in self.options), (r.choices for r in responses))

    def example_answer(self, right: bool) -> dict[str, list[str]]:
        """The correct options picked, or else the wrong ones."""
        return {f"q-{self.id}": [o.id for o in self.options if o.correct == right]}

    def feedback_for(self, response: Response) -> dict[str, str]:
        """Feedback of each wrong option the student picked."""
        picked = set(response.choices)
        return {
            o.id: o.feedback
            for o in self.options
            if o.id in picked and not o.correct and o.feedback
        }


@register
@dataclass(frozen=True)
class SingleChoice(ChoiceQuestion):
    """Exactly one correct option; full points for it, nothing otherwise."""

    type = "single_choice"
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


@register
@dataclass(frozen=True)
class MultipleSelect(ChoiceQuestion):
    """One or more correct options; shares for right picks minus shares for wrong ones."""

    type = "multiple_select"
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
