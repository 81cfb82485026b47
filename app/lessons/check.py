"""`python -m app.lessons.check [folder [articles]]`: problems, warnings; exit 1 on a problem."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.lessons.loader import load_library
from app.lessons.model import Library
from app.lessons.source_files import DEFAULT_ARTICLES


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def main(argv: Sequence[str] | None = None) -> int:
    """Print each problem, then each warning, on its own line, then a summary; the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = args[0] if args else "lessons"
    library = load_library(folder, args[1] if len(args) > 1 else DEFAULT_ARTICLES)
    for problem in library.problems:
        print(problem)
    for warning in library.warnings:
        print(f"warning: {warning}")
    print(summary(library))
    return 1 if library.problems else 0


def summary(library: Library) -> str:
    """One line: lessons, check-in forms (when there are any), questions, problems, warnings."""
    forms = len(library) - len(library.teaching)
    counts = [_plural(len(library.teaching), "lesson")]
    if forms:
        counts.append(_plural(forms, "check-in form"))
    counts += [
        _plural(library.question_count, "question"),
        _plural(len(library.problems), "problem"),
        _plural(len(library.warnings), "warning"),
    ]
    return ", ".join(counts)


if __name__ == "__main__":
    sys.exit(main())
