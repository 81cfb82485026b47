"""Exporting the library: everything as JSON, and the questions GIFT can express for Moodle."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.lessons.gift import lesson_to_gift
from app.lessons.model import Lesson, Library

EXPORT_FORMAT = "sourcewise-lessons"
EXPORT_FORMAT_VERSION = 1


def lesson_to_json(lesson: Lesson) -> dict[str, Any]:
    """One lesson with everything in it: metadata, article, ledger, quiz with keys, guide, body."""
    article = lesson.article
    return {
        "slug": lesson.slug,
        "version": lesson.version,
        "title": lesson.title,
        "summary": lesson.summary,
        "estimated_minutes": lesson.estimated_minutes,
        "skills": list(lesson.skills),
        "objectives": [asdict(objective) for objective in lesson.objectives],
        "content_note": lesson.content_note,
        "introduction": lesson.introduction,
        "article": {
            "source": article.source,
            "outlet": article.outlet,
            "outlet_note": article.outlet_note,
            "headline": article.headline,
            "published": article.published,
            "paragraphs": [list(sentences) for sentences in article.paragraphs],
            "more_articles": [asdict(source) for source in article.sources[1:]],
            "blocks": [
                {
                    "number": b.number,
                    "from": b.source,
                    "kind": b.kind,
                    "sentences": list(b.sentences),
                }
                for b in article.blocks
            ],
        },
        "ledger": [asdict(entry) for entry in lesson.ledger],
        "discussion": list(lesson.discussion),
        "teacher_guide": {
            "overview": lesson.teacher_guide.overview,
            "misconceptions": [asdict(m) for m in lesson.teacher_guide.misconceptions],
            "extension": lesson.teacher_guide.extension,
        },
        "quiz": [question.to_json() for question in lesson.questions],
        "body": lesson.body,
        "body_sections": [{"heading": h, "markdown": md} for h, md in lesson.body_sections],
    }


def library_to_json(library: Library) -> dict[str, Any]:
    """The whole library as plain JSON-ready data, lessons in display order."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "lessons": [lesson_to_json(lesson) for lesson in library],
    }


def library_to_gift(library: Library) -> str:
    """Moodle GIFT text for every lesson; types GIFT cannot express are left as comments."""
    return "\n".join(lesson_to_gift(lesson) for lesson in library)
