"""The source article collection on disk, each file read once."""

from __future__ import annotations

from pathlib import Path

# The shared article collection sits beside the checkout, as in development and CI.
DEFAULT_ARTICLES = Path(__file__).resolve().parents[3] / "shared" / "articles"


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
        if "/" in name or "\\" in name or name.startswith("."):
            return None  # only files directly in the folder
        if name not in self._texts:
            try:
                self._texts[name] = (self.folder / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._texts[name] = None
        return self._texts[name]
