"""highlight_phrase: students select the exact words of a passage that answer the prompt.

The passage is split into words, each a checkbox; a run of selected words that are next to each
other is one selection, and a key span is found when one selection is exactly its words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.questions.answers import Response, Score, count_picks, submitted, tidy
from app.questions.article import ArticleText
from app.questions.base import Question
from app.questions.fields import Fields
from app.questions.gift import Gift
from app.questions.registry import register

DISTRACTOR_KEYS = ("span", "feedback")
# A word: letters or digits, with apostrophes, hyphens and dots inside it (St. stays "St").
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")


@dataclass(frozen=True)
class Word:
    """One selectable word of the passage: its id (w1, w2, ...) and where it sits."""

    id: str
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A quoted span of the passage, the ids of its words, and feedback (distractors only)."""

    text: str
    word_ids: tuple[str, ...]
    feedback: str = ""


def split_words(passage: str) -> tuple[Word, ...]:
    """The passage's words in order, numbered from 1."""
    return tuple(
        Word(f"w{number}", match.start(), match.end())
        for number, match in enumerate(_WORD.finditer(passage), start=1)
    )


def _locate(span: str, passage: str, words: tuple[Word, ...]) -> tuple[str, ...] | str:
    """Ids of the words a span covers, or why the span cannot be selected as it stands."""
    found = [m.start() for m in re.finditer(re.escape(span), passage)]
    if not found:
        return "is not word for word in the passage (check spelling, punctuation and spaces)"
    if len(found) > 1:
        return f"occurs {len(found)} times in the passage; quote more words so it occurs once"
    start, end = found[0], found[0] + len(span)
    inside = [w for w in words if w.start < end and w.end > start]
    if not inside:
        return "has no words to select, only punctuation"
    if inside[0].start < start or inside[-1].end > end:
        return "cuts a word in two; quote whole words"
    return tuple(w.id for w in inside)


def _number(word_id: str) -> int:
    return int(word_id[1:])


def _touch(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two spans share a word or sit side by side (their selections would merge)."""
    return _number(a[0]) <= _number(b[-1]) + 1 and _number(b[0]) <= _number(a[-1]) + 1


class _SpanReader:
    """Reads quoted spans against the passage, reporting any that overlap or touch."""

    def __init__(self, fields: Fields, passage: str) -> None:
        self.fields, self.passage = fields, passage
        self.words = split_words(passage)
        self.taken: list[Span] = []

    def span(self, path: str, text: str, feedback: str = "") -> Span | None:
        """One span, checked against the passage and every span read before it."""
        located = _locate(text, self.passage, self.words)
        if isinstance(located, str):
            self.fields.issues.append((path, f"'{text}' {located}"))
            return None
        for other in self.taken:
            if _touch(located, other.word_ids):
                message = (
                    f"'{text}' overlaps or runs straight into '{other.text}'; spans must be "
                    "apart by at least one word, or students could not select them separately"
                )
                self.fields.issues.append((path, message))
                return None
        found = Span(text, located, feedback)
        self.taken.append(found)
        return found

    def answers(self) -> tuple[Span, ...] | None:
        """The key spans: at least one."""
        entries = self.fields.texts("answers", "key spans")
        spans = [self.span(path, text) for path, text in entries]
        good = tuple(s for s in spans if s is not None)
        return good if entries and len(good) == len(entries) else None

    def distractors(self) -> tuple[Span, ...] | None:
        """Optional tempting wrong spans, each with feedback."""
        if "distractors" not in self.fields.data:
            return ()
        records = self.fields.records("distractors", DISTRACTOR_KEYS, "distractors", 0)
        found = []
        for record in records:
            text, feedback = record.text("span"), record.text("feedback")
            span = self.span(record.at("span"), text) if text else None
            if span is not None and feedback:
                found.append(Span(span.text, span.word_ids, feedback))
        return tuple(found) if len(found) == len(records) else None


def read_passage(fields: Fields, article: ArticleText) -> str | None:
    """A sentence id (p3s2) or a passage quoted word for word from one paragraph."""
    value = fields.text("passage")
    if value is None:
        return None
    sentence = article.sentence(value)
    if sentence is not None:
        return sentence
    if not article.contains(value):
        fields.report(
            "passage",
            "is neither a sentence id (such as p3s2) nor word for word in any one paragraph "
            "of the article (check spelling, punctuation, quotation marks and spaces)",
        )
        return None
    return value


def selections(word_ids: Sequence[str]) -> list[tuple[str, ...]]:
    """Selected words grouped into runs of neighbours, in passage order."""
    runs: list[list[str]] = []
    for word_id in sorted(set(word_ids), key=_number):
        if runs and _number(runs[-1][-1]) + 1 == _number(word_id):
            runs[-1].append(word_id)
        else:
            runs.append([word_id])
    return [tuple(run) for run in runs]


def run_name(word_ids: tuple[str, ...]) -> str:
    """A selection's name in a score's parts: its first and last word (w4-w6, or w4)."""
    return word_ids[0] if len(word_ids) == 1 else f"{word_ids[0]}-{word_ids[-1]}"


@register
@dataclass(frozen=True)
class HighlightPhrase(Question):
    """Select exact spans; a share per key span found, minus a share per wrong selection."""

    type = "highlight_phrase"
    listed = 3
    specific_keys = ("passage", "answers", "distractors")

    passage: str = ""
    words: tuple[Word, ...] = ()
    answers: tuple[Span, ...] = ()
    distractors: tuple[Span, ...] = ()

    @classmethod
    def read_specific(
        cls, fields: Fields, article: ArticleText, points: int | None
    ) -> dict[str, Any]:
        """The passage, its key spans and optional distractors, all exact and apart."""
        passage = read_passage(fields, article)
        if passage is None:
            return {}
        reader = _SpanReader(fields, passage)
        answers = reader.answers()
        distractors = reader.distractors()
        if answers is None or distractors is None:
            return {}
        return {
            "passage": passage,
            "words": reader.words,
            "answers": answers,
            "distractors": distractors,
        }

    def specific_json(self) -> dict[str, Any]:
        """The passage, key spans and distractors with the ids of their words."""
        return {
            "passage": self.passage,
            "answers": [{"span": s.text, "words": list(s.word_ids)} for s in self.answers],
            "distractors": [
                {"span": d.text, "words": list(d.word_ids), "feedback": d.feedback}
                for d in self.distractors
            ],
        }

    def pieces(self, selected: Sequence[str] = ()) -> list[dict[str, Any]]:
        """The passage as text between words and words with ids, each marked if selected."""
        out: list[dict[str, Any]] = []
        position = 0
        for word in self.words:
            if word.start > position:
                out.append({"text": self.passage[position : word.start]})
            text = self.passage[word.start : word.end]
            out.append({"id": word.id, "text": text, "selected": word.id in selected})
            position = word.end
        if position < len(self.passage):
            out.append({"text": self.passage[position:]})
        return out

    def public_specific(self) -> dict[str, Any]:
        """The passage, piece by piece, with word ids to select."""
        return {"pieces": self.pieces()}

    def _known(self, ids: Sequence[str]) -> tuple[str, ...]:
        wanted = set(ids)
        return tuple(w.id for w in self.words if w.id in wanted)

    def read_response(self, form_values: Mapping[str, Any]) -> Response:
        """Every word id of the passage submitted under q-<id>, in passage order."""
        return Response(self.type, choices=self._known(submitted(form_values, f"q-{self.id}")))

    def score(self, response: Response) -> Score:
        """Share = points / key spans; +share per key selected exactly, -share per other run."""
        keys = {s.word_ids for s in self.answers}
        runs = selections(self._known(response.choices))
        right = sum(1 for run in runs if run in keys)
        wrong = len(runs) - right
        parts = {run_name(s.word_ids): s.word_ids in runs for s in self.answers}
        parts.update({run_name(run): False for run in runs if run not in keys})
        share = Fraction(self.points, len(self.answers))
        awarded = tidy(max(Fraction(0), share * (right - wrong)))
        return Score(awarded=awarded, points=self.points, parts=parts)

    def text_of(self, word_ids: Sequence[str]) -> str:
        """The passage from the first to the last of these words (a selection as quoted)."""
        by_id = {w.id: w for w in self.words}
        return self.passage[by_id[word_ids[0]].start : by_id[word_ids[-1]].end]

    def review(self, response: Response) -> list[dict[str, Any]]:
        """Each selection of a response: its text, whether it is a key span, any feedback."""
        keys = {s.word_ids for s in self.answers}
        feedback = {d.word_ids: d.feedback for d in self.distractors}
        return [
            {"text": self.text_of(run), "right": run in keys, "feedback": feedback.get(run, "")}
            for run in selections(self._known(response.choices))
        ]

    def missed(self, response: Response) -> tuple[Span, ...]:
        """Key spans this response did not select exactly."""
        runs = selections(self._known(response.choices))
        return tuple(s for s in self.answers if s.word_ids not in runs)

    def key_texts(self) -> tuple[str, ...]:
        """The explanation and the feedback on tempting wrong spans."""
        return super().key_texts() + tuple(d.feedback for d in self.distractors)

    def tally(self, responses: Sequence[Response]) -> dict[str, Any]:
        """How many students selected each word, and found each key span exactly."""
        runs = [selections(self._known(r.choices)) for r in responses]
        return {
            "words": count_picks((w.id for w in self.words), (r.choices for r in responses)),
            "found": {s.text: sum(s.word_ids in found for found in runs) for s in self.answers},
        }

    def gift(self) -> Gift:
        """Not expressible: GIFT cannot offer the words of a passage to select."""
        return Gift.skipped("selecting words of a passage has no GIFT equivalent")

    def example_answer(self, right: bool) -> dict[str, list[str]]:
        """Every key span's words; or else the first distractor (or the first word of no key)."""
        if right:
            return {f"q-{self.id}": [i for s in self.answers for i in s.word_ids]}
        if self.distractors:
            return {f"q-{self.id}": list(self.distractors[0].word_ids)}
        in_keys = {i for s in self.answers for i in s.word_ids}
        return {f"q-{self.id}": [w.id for w in self.words if w.id not in in_keys][:1]}

    def feedback_for(self, response: Response) -> dict[str, str]:
        """Distractor feedback for each selection that is exactly a distractor span."""
        runs = selections(self._known(response.choices))
        return {run_name(d.word_ids): d.feedback for d in self.distractors if d.word_ids in runs}
