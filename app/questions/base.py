"""What every question type shares: common fields and the methods the rest of the app calls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from app.questions.answers import Response, Score, tidy
from app.questions.article import ArticleText
from app.questions.fields import ID_PATTERN, Fields, Issue, verbatim
from app.questions.gift import Gift

COMMON_KEYS = ("id", "type", "skills", "points", "prompt", "quote", "explanation")


@dataclass(frozen=True)
class Question:
    """Base of all question types; subclasses add their own fields and rules.

    Everything the app asks of a type goes through these methods and the type's templates
    (questions/<type>/: field, review, key, tally, and mark when a teacher marks it), so no
    code outside the type needs to know its name. docs/ARCHITECTURE.md has the recipe.
    """

    type: ClassVar[str] = ""  # the name lessons use, and the type's template folder
    specific_keys: ClassVar[tuple[str, ...]] = ()  # the type's own fields in a lesson file
    teacher_marks: ClassVar[bool] = False  # answers wait for a teacher's mark (teacher_score)
    listed: ClassVar[int] = 100  # place among the types named to lesson authors (then by name)

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
            "quote": verbatim(
                fields, "quote", article.contains, required=False, closest=article.closest
            ),
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

    def key_texts(self) -> tuple[str, ...]:
        """Every text that gives the key away, so tests can check no student page shows it."""
        return (self.explanation,)

    def tally(self, responses: Sequence[Response]) -> Mapping[str, Any]:
        """A class's responses counted for item analysis, as the type's tally.html shows them."""
        return {}

    def answer_in_words(self, response: Response) -> str:
        """A response as a teacher would name it in a summary ("" where answers are not alike
        enough to count, as with written ones), so the class's commonest wrong answer shows."""
        return ""

    def gift(self) -> Gift:
        """This question's Moodle GIFT answers, or why GIFT cannot hold it."""
        return Gift.skipped("GIFT has no equivalent")

    def example_answer(self, right: bool) -> dict[str, list[str]]:
        """Form fields a student answering right (or not) sends: demo data, benchmark, tests."""
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
