"""Splitting a paragraph into sentences by the rule in lessons/README.md, and nothing cleverer.

Authors can predict the rule; where it splits wrongly they give the paragraph as a list.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    {"St.", "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Col.", "Lt.", "U.S.", "U.K.",
     "e.g.", "i.e.", "No.", "vs."}
)  # fmt: skip
OPENING_QUOTES = "\"'“‘«„"
_OPENERS_BEFORE_WORD = OPENING_QUOTES + "(["

# End punctuation, any closing quotation marks or brackets, then the whitespace after them.
_CANDIDATE = re.compile(r"([.?!]+)[\"'”’»)\]]*(\s+)")


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in OPENING_QUOTES


def _ends_with_abbreviation(text: str, punctuation_end: int) -> bool:
    words = text[:punctuation_end].split()
    return bool(words) and words[-1].lstrip(_OPENERS_BEFORE_WORD) in ABBREVIATIONS


def split_sentences(paragraph: str) -> list[str]:
    """Split after . ? or ! (and closing quotes or brackets) when whitespace and a capital,
    digit or opening quotation mark follow, except after the README's abbreviations."""
    sentences = []
    start = 0
    for match in _CANDIDATE.finditer(paragraph):
        after = match.end()
        if after >= len(paragraph) or not _starts_sentence(paragraph[after]):
            continue
        if _ends_with_abbreviation(paragraph, match.end(1)):
            continue
        sentences.append(paragraph[start : match.start(2)].strip())
        start = after
    sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if sentence]
