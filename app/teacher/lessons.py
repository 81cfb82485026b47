"""Teacher views of the lesson library: the list, a preview as students see it, the guide."""

from __future__ import annotations

from flask import render_template

from app.lesson_library import get_lesson_or_404, get_library
from app.teacher.blueprint import bp


@bp.route("/lessons")
def lesson_library():
    """Every lesson with its skills, time and number of questions."""
    return render_template("teacher/lessons.html", library=get_library())


@bp.route("/lessons/<slug>")
def lesson_preview(slug: str):
    """The lesson exactly as students see it, quiz included (no keys)."""
    return render_template("teacher/lesson_preview.html", lesson=get_lesson_or_404(slug))


@bp.route("/lessons/<slug>/guide")
def lesson_guide(slug: str):
    """The teacher guide: objectives, answer key with reasoning, claim ledger, misconceptions."""
    return render_template("teacher/lesson_guide.html", lesson=get_lesson_or_404(slug))
