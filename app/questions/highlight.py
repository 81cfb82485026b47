"""highlight: students pick whole sentences of the article that answer the prompt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.questions.answers import Response, Score, count_picks, share_score, submitted
from app.questions.article import ArticleText
from app.questions.base import Question
from app.questions.fields import Fields, describe
from app.questions.gift import Gift
from app.questions.registry import register

DISTRACTOR_KEYS = ("sentence", "feedback")


@dataclass(frozen=True)
class Distractor:
    """A tempting wrong sentence and why it is wrong; `ids` are where it occurs."""

    sentence: str
    feedback: str
    ids: tuple[str, ...]


def read_shown(fields: Fields, article: ArticleText) -> tuple[int, ...] | None:
    """Paragraph numbers to show, in article order; all paragraphs when the field is absent."""
    last = article.paragraph_count
    if "paragraphs" not in fields.data:
        return tuple(range(1, last + 1))
    entries = fields.items("paragraphs", "paragraph numbers", 1)
    if entries is None:
        return None
    shown: list[int] = []
    for number, entry in enumerate(entries, start=1):
        path = f"{fields.at('paragraphs')}[{number}]"
        if isinstance(entry, bool) or not isinstance(entry, int) or not 1 <= entry <= last:
            message = f"must be a paragraph number from 1 to {last}, not {describe(entry)}"
            fields.issues.append((path, message))
        elif entry in shown:
            fields.issues.append((path, f"paragraph {entry} is listed twice"))
        else:
            shown.append(entry)
    return tuple(sorted(shown)) if len(shown) == len(entries) else None


def _not_a_sentence(sentence: str, article: ArticleText, shown: tuple[int, ...]) -> str:
    where = ", ".join(str(n) for n in shown)
    if article.contains(sentence):
        return (
            f"is in the article but is not one whole sentence of the shown paragraphs ({where}); "
            "pick a whole sentence, or give that paragraph as a list of sentences"
        )
    return f"is not word for word a sentence of the shown paragraphs ({where})"


class _SentenceReader:
    """Matches sentences from the definition against the shown paragraphs' sentences."""

    def __init__(self, fields: Fields, article: ArticleText, shown: tuple[int, ...]) -> None:
        self.fields, self.article, self.shown = fields, article, shown
        self.pairs = article.numbered_sentences(shown)

    def ids(self, path: str, sentence: str) -> tuple[str, ...] | None:
        """Ids of the shown sentences equal to `sentence`; reports when there are none."""
        found = tuple(sid for sid, text in self.pairs if text == sentence)
        if not found:
            self.fields.issues.append((path, _not_a_sentence(sentence, self.article, self.shown)))
        return found or None

    def answer(self) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """Answer sentences and their ids."""
        entries = self.fields.texts("answer", "sentences")
        texts: list[str] = []
        ids: list[str] = []
        for path, sentence in entries:
            found = self.ids(path, sentence)
            if sentence in texts:
                self.fields.issues.append((path, "this sentence is listed twice"))
            elif found:
                texts.append(sentence)
                ids.extend(found)
        return (tuple(texts), tuple(ids)) if entries and len(texts) == len(entries) else None

    def distractors(self, answer: tuple[str, ...]) -> tuple[Distractor, ...] | None:
        """Optional distractors: shown sentences that are not answers, each with feedback."""
        if "distractors" not in self.fields.data:
            return ()
        records = self.fields.records("distractors", DISTRACTOR_KEYS, "distractors", 0)
        found = []
        for record in records:
            sentence, feedback = record.text("sentence"), record.text("feedback")
            ids = self.ids(record.at("sentence"), sentence) if sentence else None
            if sentence in answer:
                record.report("sentence", "is also an answer sentence")
            elif ids and feedback:
                found.append(Distractor(sentence, feedback, ids))
        return tuple(found) if len(found) == len(records) else None


@register
@dataclass(frozen=True)
class Highlight(Question):
    """Pick sentences; shares for right sentences minus shares for wrong ones, floor 0."""

    type = "highlight"
    listed = 3
    specific_keys = ("paragraphs", "answer", "distractors")

    shown: tuple[int, ...] = ()
    sentences: tuple[tuple[str, str], ...] = ()  # (id, text) of the shown paragraphs
    answer: tuple[str, ...] = ()
    answer_ids: tuple[str, ...] = ()
    distractors: tuple[Distractor, ...] = ()

    @classmethod
    def read_specific(
        cls, fields: Fields, article: ArticleText, points: int | None
    ) -> dict[str, Any]:
        """Shown paragraphs, answer sentences and optional distractors, all whole sentences."""
        shown = read_shown(fields, article)
        if shown is None:
            return {}
        reader = _SentenceReader(fields, article, shown)
        answer = reader.answer()
        distractors = reader.distractors(answer[0] if answer else ())
        if answer is None or distractors is None:
            return {}
        return {
            "shown": shown,
            "sentences": tuple(reader.pairs),
            "answer": answer[0],
            "answer_ids": answer[1],
            "distractors": distractors,
        }

    def specific_json(self) -> dict[str, Any]:
        """Shown sentences with ids, the answer and the distractors."""
        return {
            "paragraphs": list(self.shown),
            "sentences": dict(self.sentences),
            "answer": list(self.answer),
            "answer_ids": list(self.answer_ids),
            "distractors": [
                {"sentence": d.sentence, "feedback": d.feedback, "ids": list(d.ids)}
                for d in self.distractors
            ],
        }

    def public_specific(self) -> dict[str, Any]:
        """The shown paragraphs, sentence by sentence with ids."""
        paragraphs = []
        for number in self.shown:
            prefix = f"p{number}s"
            sentences = [
                {"id": sid, "text": text} for sid, text in self.sentences if sid.startswith(prefix)
            ]
            paragraphs.append({"number": number, "sentences": sentences})
        return {"paragraphs": paragraphs}

    def _known(self, ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        wanted = set(ids)
        return tuple(sid for sid, _ in self.sentences if sid in wanted)

    def read_response(self, form_values: Mapping[str, Any]) -> Response:
        """Every shown sentence id submitted under q-<id>."""
        return Response(self.type, choices=self._known(submitted(form_values, f"q-{self.id}")))

    def score(self, response: Response) -> Score:
        """Share = points / answer sentences; +share per right pick, -share per wrong, floor 0."""
        return share_score(self.points, set(self.answer_ids), self._known(response.choices))

    def key_texts(self) -> tuple[str, ...]:
        """The explanation and the feedback on tempting wrong sentences."""
        return super().key_texts() + tuple(d.feedback for d in self.distractors)

    def tally(self, responses: Sequence[Response]) -> dict[str, int]:
        """How many students selected each shown sentence (every one listed)."""
        return count_picks((sid for sid, _ in self.sentences), (r.choices for r in responses))

    def gift(self) -> Gift:
        """Not expressible: GIFT cannot show the article to pick from."""
        return Gift.skipped("picking sentences of the article has no GIFT equivalent")

    def example_answer(self, right: bool) -> dict[str, list[str]]:
        """Every answer sentence, or only the first of them."""
        return {f"q-{self.id}": list(self.answer_ids if right else self.answer_ids[:1])}

    def feedback_for(self, response: Response) -> dict[str, str]:
        """Distractor feedback for each wrongly picked sentence that has some."""
        by_id = {sid: d.feedback for d in self.distractors for sid in d.ids}
        return {sid: by_id[sid] for sid in self._known(response.choices) if sid in by_id}
