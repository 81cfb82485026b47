"""The article's text as questions see it: paragraphs for verbatim checks, sentences by id."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SENTENCE_ID = re.compile(r"p([1-9][0-9]*)s([1-9][0-9]*)")
_SHOWN = 40


def sentence_id(paragraph_number: int, sentence_number: int) -> str:
    """Stable id of a sentence, both numbers counted from 1 (e.g. p3s2)."""
    return f"p{paragraph_number}s{sentence_number}"


def longest_prefix(passage: str, article: str) -> int:
    """Length of the longest start of `passage` that appears in `article` (binary search)."""
    low, high = 0, len(passage)
    while low < high:
        middle = (low + high + 1) // 2
        if passage[:middle] in article:
            low = middle
        else:
            high = middle - 1
    return low


def _word(text: str) -> str:
    word = text.split(maxsplit=1)[0] if text.split() else ""
    return word if len(word) <= _SHOWN else word[: _SHOWN - 3] + "..."


def difference(passage: str, article: str) -> tuple[int, str, str | None] | None:
    """None if `passage` is in `article`, else (offset, its word, the article's word or None)."""
    if passage in article:
        return None
    matched = longest_prefix(passage, article)
    start = passage.rfind(" ", 0, matched) + 1
    if start == 0:
        return 0, _word(passage), None
    at = article.find(passage[:start]) + start
    return start, _word(passage[start:]), _word(article[at:]) or "nothing: the article ends"


@dataclass(frozen=True)
class ArticleText:
    """Paragraph texts and their sentences; paragraph and sentence numbers start at 1."""

    texts: tuple[str, ...]
    sentences: tuple[tuple[str, ...], ...]

    @classmethod
    def from_sentences(cls, paragraphs: Iterable[Sequence[str]]) -> ArticleText:
        """From paragraphs given sentence by sentence; texts join sentences with spaces."""
        split = tuple(tuple(paragraph) for paragraph in paragraphs)
        return cls(texts=tuple(" ".join(p) for p in split), sentences=split)

    @property
    def paragraph_count(self) -> int:
        """Number of paragraphs."""
        return len(self.texts)

    def contains(self, passage: str) -> bool:
        """Whether a non-empty passage appears exactly within one paragraph."""
        return bool(passage) and any(passage in text for text in self.texts)

    def closest(self, passage: str) -> str:
        """Where a passage that is in no paragraph parts from the one it follows furthest, or ''."""
        if not passage or not self.texts:
            return ""
        number, text = max(
            enumerate(self.texts, start=1), key=lambda pair: longest_prefix(passage, pair[1])
        )
        found = difference(passage, text)
        if found is None or found[2] is None:
            return ""
        _, word, has = found
        return f'; it follows paragraph {number} up to "{word}" (paragraph has "{has}")'

    def sentence_ids(self, paragraph_numbers: Iterable[int] | None = None) -> list[str]:
        """Ids of the sentences of the given paragraphs (all paragraphs by default), in order."""
        return [sid for sid, _ in self.numbered_sentences(paragraph_numbers)]

    def numbered_sentences(
        self, paragraph_numbers: Iterable[int] | None = None
    ) -> list[tuple[str, str]]:
        """(id, sentence) pairs of the given paragraphs (all by default), in article order."""
        numbers = (
            range(1, self.paragraph_count + 1) if paragraph_numbers is None else paragraph_numbers
        )
        pairs = []
        for number in sorted(set(numbers)):
            if 1 <= number <= self.paragraph_count:
                for index, sentence in enumerate(self.sentences[number - 1], start=1):
                    pairs.append((sentence_id(number, index), sentence))
        return pairs

    def sentence(self, sid: str) -> str | None:
        """The sentence with id `sid`, or None when there is no such sentence."""
        match = _SENTENCE_ID.fullmatch(sid)
        if not match:
            return None
        paragraph, index = int(match[1]), int(match[2])
        if paragraph > self.paragraph_count or index > len(self.sentences[paragraph - 1]):
            return None
        return self.sentences[paragraph - 1][index - 1]
