"""Lesson files: parsing, checking against lessons/README.md, and the immutable lesson model.

Pure: no Flask or SQLAlchemy, so `python -m app.lessons.check` and unit tests run anywhere.
"""

from app.lessons.loader import check_lesson_text, load_lesson_text, load_library
from app.lessons.model import (
    Article,
    Block,
    LedgerEntry,
    Lesson,
    Library,
    Misconception,
    Objective,
    Problem,
    SameLesson,
    Source,
    TeacherGuide,
)
from app.lessons.rendering import render_markdown
from app.lessons.sentences import split_sentences

__all__ = [
    "Article",
    "Block",
    "LedgerEntry",
    "Lesson",
    "Library",
    "Misconception",
    "Objective",
    "Problem",
    "SameLesson",
    "Source",
    "TeacherGuide",
    "check_lesson_text",
    "load_lesson_text",
    "load_library",
    "render_markdown",
    "split_sentences",
]
