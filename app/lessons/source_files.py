"""The source article collection on disk, and where a passage stops matching its article."""

from __future__ import annotations

from pathlib import Path

_SHOWN = 40


class ArticleFiles:
    """The folder of source articles; each file is read once, on first use."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._texts: dict[str, str | None] = {}

    @property
    def available(self) -> bool:
        """Whether the folder exists, so the verbatim check can run at all."""
        return self.folder.is_dir()

    def text(self, name: str) -> str | None:
        """The article file's text, or None when it is missing or unreadable."""
        if name not in self._texts:
            try:
                self._texts[name] = (self.folder / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._texts[name] = None
        return self._texts[name]


def _longest_prefix(passage: str, article: str) -> int:
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
    """None when `passage` is in `article`; else (offset, passage's word, article's word there).

    The article's word is None when not even the passage's first word is in the article.
    """
    if passage in article:
        return None
    matched = _longest_prefix(passage, article)
    start = passage.rfind(" ", 0, matched) + 1
    if start == 0:
        return 0, _word(passage), None
    at = article.find(passage[:start]) + start
    return start, _word(passage[start:]), _word(article[at:]) or "nothing: the article ends"
