"""Checking that the body quotes the article word for word.

Checked: every blockquote, and every passage of five or more words between quotation marks
(shorter ones are usually single words under discussion). An ellipsis may stand for left-out
words. Spacing, curly versus straight quotation marks and Markdown emphasis are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from app.lessons.frontmatter import Located

MIN_WORDS = 5
_UNIFORM = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "*": None, "_": None})
_ELLIPSIS = re.compile(r"\[\.\.\.\]|\.\.\.|…")
_STRAIGHT = re.compile(r'"([^"]+)"')
_CURLY = re.compile(r"“([^“”]+)”")
_FENCE = re.compile(r" {0,3}(```|~~~)")


def normalise(text: str) -> str:
    """Collapse spacing, straighten quotation marks and drop emphasis markers."""
    return " ".join(text.translate(_UNIFORM).split())


def _blocks(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line, text) of each blank-line-separated block outside fenced code."""
    lines: list[str] = []
    start = first_line
    in_fence = False
    for offset, line in enumerate([*body.split("\n"), ""]):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line) or not line.strip():
            if lines:
                yield start, "\n".join(lines)
            lines = []
            continue
        if not lines:
            start = first_line + offset
        lines.append(line)


def _quoted(block: str, start: int) -> Iterator[tuple[int, str]]:
    """Quoted passages of a block with their lines; straight quotes only when they pair up."""
    if all(line.lstrip().startswith(">") for line in block.split("\n")):
        yield start, " ".join(line.lstrip().lstrip(">") for line in block.split("\n"))
        return
    patterns = [_CURLY] if block.count('"') % 2 else [_STRAIGHT, _CURLY]
    for pattern in patterns:
        for match in pattern.finditer(block):
            if len(match.group(1).split()) >= MIN_WORDS:
                yield start + block.count("\n", 0, match.start()), match.group(1)


def _fragments(passage: str) -> list[str]:
    """Pieces between ellipses, without enclosing quotation marks or trailing punctuation."""
    pieces = (
        piece.strip().strip('"').strip().rstrip(",.;:").strip()
        for piece in _ELLIPSIS.split(passage)
    )
    return [piece for piece in pieces if piece]


def check_quotes(body: str, first_line: int, article_texts: Iterable[str]) -> list[Located]:
    """Problems for quotations in the body that are not word for word in the article."""
    corpus = [normalise(text) for text in article_texts]
    problems: list[Located] = []
    for start, block in _blocks(body, first_line):
        for line, passage in _quoted(block, start):
            for fragment in _fragments(normalise(passage)):
                if not any(fragment in text for text in corpus):
                    shown = fragment if len(fragment) <= 60 else fragment[:57] + "..."
                    message = (
                        f'the quotation "{shown}" is not word for word in the article\'s '
                        "headline or paragraphs"
                    )
                    problems.append((line, "body", message))
    return problems
