"""What the option-picking types share: options, their order, and feedback on wrong picks.

Not a question type itself: single_choice.py and multiple_select.py build on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.questions.answers import Response, count_picks
from app.questions.base import Question
from app.questions.fields import Fields, unique_ids

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

    def answer_in_words(self, response: Response) -> str:
        """The picked options' texts, in the lesson's order."""
        picked = set(response.choices)
        return " + ".join(o.text for o in self.options if o.id in picked)

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
