"""Teacher views for marking written answers: the queue, and recording one mark."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from app import grading
from app.db import get_session
from app.lesson_library import get_library
from app.ownership import get_own_classroom_or_404, get_own_submitted_attempt_or_404
from app.services import reports, teaching
from app.teacher.blueprint import bp
from app.teacher.forms import MarkForm


@bp.route("/classes/<id:classroom_id>/marking")
def marking_queue(classroom_id: int):
    """Written answers waiting for a mark, oldest first, each with its rubric."""
    classroom = get_own_classroom_or_404(classroom_id)
    waiting = reports.awaiting_marking(get_session(), classroom)
    return render_template(
        "teacher/marking.html",
        classroom=classroom,
        waiting=waiting,
        library=get_library(),
        responses=grading.responses,
        scores=grading.scores,
        form=MarkForm(),
    )


@bp.route("/attempts/<id:attempt_id>/questions/<question_id>/mark", methods=["POST"])
def answer_mark(attempt_id: int, question_id: str):
    """Record a mark and comment on one written answer; the attempt's score updates at once."""
    attempt, classroom = get_own_submitted_attempt_or_404(attempt_id)
    lesson = get_library().get(attempt.assignment.lesson_slug)
    question = lesson.question(question_id) if lesson else None
    if question is None or not question.teacher_marks:
        abort(404)
    form = MarkForm()
    back = url_for("teacher.marking_queue", classroom_id=classroom.id)
    if form.validate_on_submit():
        try:
            mark = teaching.parse_mark(form.points.data, question.points)
            db = get_session()
            teaching.mark_written_answer(db, attempt, lesson, question_id, mark, form.comment.data)
            db.commit()
            flash("Mark saved; the student's score is updated.", "success")
            return redirect(back)
        except teaching.MarkError as problem:
            flash(str(problem), "error")
            return redirect(back + f"#mark-{attempt.id}-{question_id}")
    problems = " ".join(e for errors in form.errors.values() for e in errors)
    flash(f"Mark not saved: {problems}", "error")
    return redirect(back + f"#mark-{attempt.id}-{question_id}")
