"""`python -m app.lessons.check [folder]`: list every problem in the lesson files, exit 1 if any."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.lessons.loader import load_library


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def main(argv: Sequence[str] | None = None) -> int:
    """Print each problem on its own line, then a summary; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = args[0] if args else "lessons"
    library = load_library(folder)
    for problem in library.problems:
        print(problem)
    print(
        f"{_plural(len(library), 'lesson')}, {_plural(library.question_count, 'question')}, "
        f"{_plural(len(library.problems), 'problem')}"
    )
    return 1 if library.problems else 0


if __name__ == "__main__":
    sys.exit(main())
