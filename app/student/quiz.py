"""Taking a quiz: the lesson page, saving (explicit and automatic), submitting, results."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app import grading
from app.db import get_session
from app.lesson_library import get_library, option_orders
from app.models import utcnow
from app.services import attempts
from app.student.blueprint import bp, wants_json
from app.student.forms import QuizForm


def _load(assignment_id: int):
    """The assignment (live, in one of the student's classes), its lesson and the student's view."""
    view = attempts.find_student_view(get_session(), assignment_id, current_user, utcnow())
    lesson = get_library().get(view.assignment.lesson_slug) if view else None
    if view is None or lesson is None:
        abort(404)
    return view.assignment, lesson, view


@bp.route("/assignments/<id:assignment_id>")
def assignment_page(assignment_id: int):
    """The lesson to read, then the quiz (resuming the open attempt) or a link to results."""
    assignment, lesson, view = _load(assignment_id)
    stored = view.open_attempt.answers if view.open_attempt else {}
    responses = grading.responses(lesson.questions, stored)
    return _quiz_page(assignment, lesson, view, responses, attempts.next_number(view))


def _quiz_page(assignment, lesson, view, responses, number: int, unanswered=()):
    """The assignment page showing `responses`, one per question; `unanswered` asks to confirm.

    `unanswered` holds (number shown, question id) pairs. The quiz form's two hidden fields (the
    CSRF token and the attempt number, which QuizForm checks when the form comes back) are
    written by the template: no form object to build.
    """
    return render_template(
        "student/assignment.html",
        assignment=assignment,
        lesson=lesson,
        view=view,
        attempt_number=number,
        responses=responses,
        orders=option_orders(lesson, current_user.id),
        answered=grading.answered_count(lesson.questions, responses),
        unanswered=list(unanswered),
    )


def _unanswered(lesson, answers) -> list[tuple[int, str]]:
    """The questions left blank, as (number shown, question id)."""
    return [(n, q.id) for n, q in enumerate(lesson.questions, 1) if q.id not in answers]


def _form_attempt(view, lesson):
    """The attempt the posted form belongs to, or None when the number is not a valid one."""
    form = QuizForm()
    if not form.validate_on_submit():
        return None
    return attempts.attempt_for_form(view, current_user, lesson, form.attempt.data)


def _refuse_closed(assignment, view, not_done: str):
    """Turn away work the assignment no longer takes, with the reason page and autosave show."""
    if wants_json():
        body = {"saved": False, "closed": True, "message": view.closed_reason}
        return jsonify(body), 403
    # Short: the page below the message explains an archived class in full.
    why = "This class is archived, so its work is closed." if view.is_closed else view.closed_reason
    flash(f"{not_done} {why}", "error")
    return redirect(url_for("student.assignment_page", assignment_id=assignment.id))


@bp.route("/assignments/<id:assignment_id>/save", methods=["POST"])
def assignment_save(assignment_id: int):
    """Save answers: automatically (JSON) as the student works, or with the Save button."""
    assignment, lesson, view = _load(assignment_id)
    if view.closed_reason is not None:
        return _refuse_closed(assignment, view, "Those answers were not saved.")
    db = get_session()
    attempt = _form_attempt(view, lesson)
    answers = attempts.read_answers(lesson, request.form)
    reason = _unsaved_reason(attempt) or (
        None if attempts.store_answers(db, view, attempt, answers) else _HANDED_IN
    )
    db.commit()
    if wants_json():
        body = {"saved": reason is None, "answered": len(answers), "total": len(lesson.questions)}
        if reason is not None:
            body["message"] = f"Not saved: {reason}"
        return jsonify(body), (200 if reason is None else 409)
    if reason is None:
        flash("Your answers are saved. You can come back and finish later.", "success")
    else:
        flash(f"Those answers were not saved: {reason}", "error")
    return redirect(url_for("student.assignment_page", assignment_id=assignment.id))


_HANDED_IN = "this attempt was already handed in, perhaps in another tab. Reload the page."


def _unsaved_reason(attempt) -> str | None:
    """Why answers cannot go into this attempt, or None when they can."""
    if attempt is None:
        return "the page was out of date; reload it and answer again."
    return _HANDED_IN if attempt.is_submitted else None


@bp.route("/assignments/<id:assignment_id>/submit", methods=["POST"])
def assignment_submit(assignment_id: int):
    """Hand in the attempt; a repeated submission lands on the same result."""
    assignment, lesson, view = _load(assignment_id)
    db = get_session()
    attempt = _form_attempt(view, lesson)
    if attempt is not None and attempt.is_submitted:
        return _result_redirect(assignment, attempt)
    if view.closed_reason is not None:
        return _refuse_closed(assignment, view, "Your answers were not handed in.")
    if attempt is None:
        flash("There is no attempt left to submit for this assignment.", "error")
        return redirect(url_for("student.assignment_page", assignment_id=assignment.id))
    answers = attempts.read_answers(lesson, request.form)
    blank = _unanswered(lesson, answers)
    if blank and request.form.get("confirm") != "1":
        # Not handed in yet: keep the answers (as Save does) and ask about the blank questions.
        attempts.store_answers(db, view, attempt, answers)
        db.commit()
        given = grading.with_blanks(lesson.questions, answers)
        return _quiz_page(assignment, lesson, view, given, attempt.number, blank)
    try:
        attempts.submit(db, view, attempt, lesson, answers)
    except attempts.SubmitRefused as refused:  # late work refused: keep what they typed
        attempts.store_answers(db, view, attempt, answers)
        db.commit()
        flash(str(refused), "error")
        return redirect(url_for("student.assignment_page", assignment_id=assignment.id))
    db.commit()
    return _result_redirect(assignment, attempt)


def _result_redirect(assignment, attempt):
    return redirect(
        url_for("student.attempt_result", assignment_id=assignment.id, number=attempt.number)
    )


@bp.route("/assignments/<id:assignment_id>/attempts/<id:number>")
def attempt_result(assignment_id: int, number: int):
    """Score, skills, each question with the student's answer; the key once it may be seen."""
    assignment, lesson, view = _load(assignment_id)
    attempt = next((a for a in view.submitted if a.number == number), None)
    if attempt is None:
        abort(404)
    scores = grading.scores(lesson.questions, attempt.scores)
    return render_template(
        "student/result.html",
        assignment=assignment,
        lesson=lesson,
        view=view,
        attempt=attempt,
        responses=grading.responses(lesson.questions, attempt.answers),
        orders=option_orders(lesson, current_user.id),
        scores=scores,
        skills=grading.skill_breakdown(lesson.questions, scores),
        version_changed=attempt.lesson_version != lesson.version,
    )
