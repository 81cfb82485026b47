"""The lesson library inside the app: loaded once per process, problems logged at start-up.

Also the look-ups views need (a lesson or 404, a student's option orders) and the Markdown filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from flask import Flask, abort, current_app
from markupsafe import Markup

from app import lesson_markup
from app.lesson_vocabulary import PAGE_ELEMENT_LABELS
from app.lessons import Lesson, Library, SameLesson, load_library, render_markdown
from app.lessons.source_files import DEFAULT_ARTICLES
from app.questions import student_orders
from app.security import secret_key

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "lessons"


def _fingerprint(folder: Path) -> tuple:
    """Names, sizes and modification times of the lesson files: a changed file reloads."""
    return tuple(
        (path.name, stat.st_size, stat.st_mtime_ns)
        for path in sorted(folder.glob("*.md"))
        if path.name != "README.md"
        for stat in [path.stat()]
    )


@lru_cache(maxsize=8)
def _load(folder: str, articles: str, _fingerprint: tuple) -> Library:
    return load_library(folder, articles)


def library_for(folder: str | Path, articles: str | Path = DEFAULT_ARTICLES) -> Library:
    """The checked library in `folder`, parsed once per process while its files are unchanged."""
    folder = Path(folder)
    return _load(str(folder), str(articles), (Path(articles).is_dir(), *_fingerprint(folder)))


def articles_folder(app: Flask) -> Path:
    """The configured source article folder, or the shared one beside the checkout."""
    return Path(app.config.get("ARTICLES_FOLDER") or DEFAULT_ARTICLES)


def get_library() -> Library:
    """The current app's lesson library."""
    return current_app.extensions["lesson_library"]


def get_lesson_or_404(slug: str, *, assignable: bool = False) -> Lesson:
    """The lesson with this slug; an unknown or broken lesson is a 404.

    With `assignable`, a check-in form is a 404 too: check-ins are set from a class page.
    """
    lesson = get_library().get(slug)
    if lesson is None or (assignable and lesson.check_in is not None):
        abort(404)
    return lesson


def option_orders(lesson: Lesson, student_id: int) -> Mapping[str, tuple[str, ...]]:
    """Question id -> option ids in the order this student sees them, keyed by the app secret."""
    return _orders(SameLesson(lesson), secret_key(), student_id)


@lru_cache(maxsize=4096)
def _orders(same: SameLesson, key: bytes, student_id: int) -> Mapping[str, tuple[str, ...]]:
    # An HMAC per shuffled question: worth keeping for the students working now (read-only).
    lesson = same.lesson
    orders = student_orders(
        lesson.questions, key=key, student_id=student_id, lesson_slug=lesson.slug
    )
    return MappingProxyType(orders)


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> Markup:
    """Lesson Markdown as sanitised HTML, safe to put in a template (cached: texts repeat)."""
    # Safe: render_markdown sanitises its output with nh3.
    return Markup(render_markdown(text))  # noqa: S704  # nosec B704


def init_app(app: Flask) -> None:
    """Load the lessons, log every problem (file, line, field), and add the Markdown filter."""
    folder = app.config.get("LESSONS_FOLDER") or DEFAULT_FOLDER
    library = library_for(folder, articles_folder(app))
    for problem in library.problems:
        app.logger.error("Lesson file problem (lesson not served): %s", problem)
    for warning in library.warnings:
        app.logger.warning("Lesson file warning (lesson served): %s", warning)
    app.extensions["lesson_library"] = library
    app.jinja_env.filters["markdown"] = markdown_html
    app.jinja_env.globals.update(
        lesson_reading=lesson_markup.reading,
        page_element_labels=PAGE_ELEMENT_LABELS,
        quiz_fields=lesson_markup.quiz_fields,
    )
