"""classify: students sort verbatim claims from the article into categories."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.questions.answers import Response, Score, submitted, tidy
from app.questions.article import ArticleText
from app.questions.base import Question
from app.questions.fields import Fields, unique_ids, verbatim
from app.questions.gift import Gift, escape
from app.questions.registry import register

CATEGORY_KEYS = ("id", "label")
MIN_MATCH_PAIRS = 3  # Moodle refuses matching questions with fewer pairs
ITEM_KEYS = ("id", "text", "answer", "feedback")


@dataclass(frozen=True)
class Category:
    """A box items can be sorted into."""

    id: str
    label: str


@dataclass(frozen=True)
class Item:
    """A claim to sort; `feedback` is shown when it is sorted wrongly."""

    id: str
    text: str
    answer: str
    feedback: str | None


def read_categories(fields: Fields) -> tuple[Category, ...] | None:
    """Two to five categories with unique ids and a label each."""
    records = fields.records("categories", CATEGORY_KEYS, "categories", 2, 5)
    ids = unique_ids(records, "category")
    found = []
    for record, category_id in zip(records, ids, strict=True):
        label = record.text("label")
        if category_id is not None and label is not None:
            found.append(Category(category_id, label))
    return tuple(found) if len(found) == len(records) else None


def read_items(
    fields: Fields, article: ArticleText, category_ids: list[str]
) -> tuple[Item, ...] | None:
    """Two to eight items, each verbatim from the article and sorted into a known category."""
    records = fields.records("items", ITEM_KEYS, "items", 2, 8)
    ids = unique_ids(records, "item")
    found = []
    for record, item_id in zip(records, ids, strict=True):
        text = verbatim(record, "text", article.contains, required=True, closest=article.closest)
        answer = record.choice("answer", category_ids, what="category id of this question")
        feedback = record.text("feedback", required=False)
        if item_id is not None and text is not None and answer is not None:
            found.append(Item(item_id, text, answer, feedback))
    return tuple(found) if len(found) == len(records) else None


@register
@dataclass(frozen=True)
class Classify(Question):
    """Sort items into categories; one share of the points per item sorted right."""

    type = "classify"
    listed = 4
    specific_keys = ("categories", "items")

    categories: tuple[Category, ...] = ()
    items: tuple[Item, ...] = ()

    @classmethod
    def read_specific(
        cls, fields: Fields, article: ArticleText, points: int | None
    ) -> dict[str, Any]:
        """Categories, then items whose answers name those categories."""
        categories = read_categories(fields)
        # With broken categories, judge item answers against whatever ids were written,
        # so one mistake is not reported again on every item.
        raw = fields.get("categories") if isinstance(fields.get("categories"), list) else []
        known = [c["id"] for c in raw if isinstance(c, dict) and isinstance(c.get("id"), str)]
        items = read_items(fields, article, known)
        return {"categories": categories, "items": items}

    def field_names(self) -> tuple[str, ...]:
        """One select per item, named q-<question id>-<item id>."""
        return tuple(f"q-{self.id}-{item.id}" for item in self.items)

    def specific_json(self) -> dict[str, Any]:
        """Categories and items with their answers and feedback."""
        return {
            "categories": [{"id": c.id, "label": c.label} for c in self.categories],
            "items": [
                {"id": i.id, "text": i.text, "answer": i.answer, "feedback": i.feedback}
                for i in self.items
            ],
        }

    def public_specific(self) -> dict[str, Any]:
        """Categories and item texts, without answers."""
        return {
            "categories": [{"id": c.id, "label": c.label} for c in self.categories],
            "items": [{"id": i.id, "text": i.text} for i in self.items],
        }

    def read_response(self, form_values: Mapping[str, Any]) -> Response:
        """For each item, the first known category id submitted under q-<id>-<item id>."""
        known = {c.id for c in self.categories}
        placements = []
        for item, name in zip(self.items, self.field_names(), strict=True):
            chosen = [v for v in submitted(form_values, name) if v in known]
            if chosen:
                placements.append((item.id, chosen[0]))
        return Response(self.type, placements=tuple(placements))

    def score(self, response: Response) -> Score:
        """Share = points / items; one share per item in its right category."""
        parts = {item.id: response.placement(item.id) == item.answer for item in self.items}
        share = Fraction(self.points, len(self.items))
        return Score(awarded=tidy(share * sum(parts.values())), points=self.points, parts=parts)

    def is_answered(self, response: Response) -> bool:
        """Whether at least one item was sorted."""
        return any(response.placement(item.id) for item in self.items)

    def key_texts(self) -> tuple[str, ...]:
        """The explanation and the feedback on items sorted wrongly."""
        return super().key_texts() + tuple(i.feedback for i in self.items if i.feedback)

    def tally(self, responses: Sequence[Response]) -> dict[str, dict[str, int]]:
        """Item id -> how many students put it in each category; unknown ids ignored."""
        counts = {item.id: dict.fromkeys((c.id for c in self.categories), 0) for item in self.items}
        for response in responses:
            for item_id, category_id in response.placements:
                if category_id in counts.get(item_id, {}):
                    counts[item_id][category_id] += 1
        return counts

    def gift(self) -> Gift:
        """Matching pairs (claim -> category), when every item has a category of its own."""
        answers = [item.answer for item in self.items]
        labels = {c.id: c.label for c in self.categories}
        texts = [*labels.values(), *(i.text for i in self.items)]
        pairs = len(set(answers)) == len(answers) >= MIN_MATCH_PAIRS
        if not pairs or any("->" in text for text in texts):  # GIFT writes a pair as a -> b
            return Gift.skipped("GIFT matching needs 3 or more items, each in its own category")
        return Gift(tuple(f"={escape(i.text)} -> {escape(labels[i.answer])}" for i in self.items))

    def example_answer(self, right: bool) -> dict[str, list[str]]:
        """Every item in its category, or every item in the first category."""
        first = self.categories[0].id
        return {
            name: [item.answer if right else first]
            for item, name in zip(self.items, self.field_names(), strict=True)
        }

    def feedback_for(self, response: Response) -> dict[str, str]:
        """Item feedback for every item not in its right category."""
        return {
            item.id: item.feedback
            for item in self.items
            if item.feedback and response.placement(item.id) != item.answer
        }
