"""Taking a check-in: the form this student takes now, saving, handing in, released results."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app import grading
from app.check_in_rules import Phase
from app.db import get_session
from app.lesson_library import get_library, option_orders
from app.lessons.check_ins import set_title
from app.models import utcnow
from app.security import secret_key
from app.services import attempts, check_ins
from app.student.blueprint import bp, wants_json
from app.student.forms import CheckInQuizForm


def _load(check_in_id: int) -> tuple[check_ins.StudentCheckIn, dict]:
    """The check-in (in one of the student's classes) and its set's forms, seating the student.

    A student who joined the class after the check-in began is seated on their first visit.
    """
    db = get_session()
    now = utcnow()
    view = check_ins.find_for_student(db, check_in_id, current_user, now)
    forms = get_library().check_in_sets.get(view.check_in.set_name) if view else None
    if view is None or forms is None:
        abort(404)
    if view.order is None and view.phase is not None and not view.check_in.classroom.is_archived:
        check_ins.seat(db, view.check_in, [current_user.id], secret_key())
        db.commit()
        view = check_ins.find_for_student(db, check_in_id, current_user, now)
    return view, forms


@bp.route("/check-ins/<id:check_in_id>")
def check_in_page(check_in_id: int):
    """The form to take now; a note once it is handed in; both results once released."""
    view, forms = _load(check_in_id)
    if view.released:
        return _results(view, forms)
    lesson = forms[view.form(view.phase)] if view.phase and view.order else None
    attempt = view.attempt
    answers = attempt.answers if attempt is not None and not attempt.is_submitted else {}
    return _page(view, forms, lesson, answers)


def _page(view, forms, lesson, answers, unanswered=()):
    """The check-in page showing stored `answers`; `unanswered` asks to confirm a hand-in."""
    responses = grading.responses(lesson.questions, answers) if lesson else {}
    return render_template(
        "student/check_in.html",
        view=view,
        title=set_title(forms),
        lesson=lesson,
        form=CheckInQuizForm(phase=str(view.phase or "")),
        responses=responses,
        orders=option_orders(lesson, current_user.id) if lesson else {},
        answered=grading.answered_count(lesson.questions, responses) if lesson else 0,
        unanswered=list(unanswered),
        phases=Phase,
    )


def _results(view, forms):
    taken = []
    for attempt in view.handed_in:
        lesson = forms.get(attempt.form)
        if lesson is None:
            continue
        scores = grading.scores(lesson.questions, attempt.scores)
        taken.append(
            {
                "attempt": attempt,
                "lesson": lesson,
                "scores": scores,
                "responses": grading.responses(lesson.questions, attempt.answers),
                "orders": option_orders(lesson, current_user.id),
                "skills": check_ins.skill_scores(lesson, attempt.scores),
            }
        )
    return render_template(
        "student/check_in_results.html",
        view=view,
        title=set_title(forms),
        taken=taken,
        forms=forms,
        phases=Phase,
    )


def _posted(view, forms):
    """The lesson and attempt a posted form is for, or the reason it cannot be taken."""
    form = CheckInQuizForm()
    if not form.validate_on_submit():
        return None, None, "the page was out of date; reload it and answer again."
    if view.closed_reason is not None:
        return None, None, view.closed_reason
    if form.phase.data != view.phase:
        stale = f"this page was for the {form.phase.data} check-in, which is closed now."
        return None, None, stale + " Reload the page."
    lesson = forms[view.form(view.phase)]
    attempt = check_ins.attempt_for(get_session(), view, current_user, lesson)
    if attempt is None:
        return None, None, "the page was out of date; reload it and answer again."
    return lesson, attempt, None


def _refused(view, reason: str, not_done: str):
    if wants_json():
        return jsonify({"saved": False, "closed": True, "message": f"{not_done} {reason}"}), 403
    flash(f"{not_done} {reason[0].upper()}{reason[1:]}", "error")
    return redirect(url_for("student.check_in_page", check_in_id=view.check_in.id))


@bp.route("/check-ins/<id:check_in_id>/save", methods=["POST"])
def check_in_save(check_in_id: int):
    """Save answers: automatically (JSON) as the student works, or with the Save button."""
    view, forms = _load(check_in_id)
    lesson, attempt, reason = _posted(view, forms)
    if reason is not None:
        return _refused(view, reason, "Those answers were not saved:")
    db = get_session()
    answers = attempts.read_answers(lesson, request.form)
    saved = check_ins.store_answers(db, attempt, answers, view.now)
    db.commit()
    if wants_json():
        body = {"saved": saved, "answered": len(answers), "total": len(lesson.questions)}
        if not saved:
            body["message"] = "Not saved: this check-in was already handed in. Reload the page."
        return jsonify(body), (200 if saved else 409)
    if saved:
        flash("Your answers are saved. You can come back and finish later.", "success")
    else:
        flash("Those answers were not saved: this check-in was already handed in.", "error")
    return redirect(url_for("student.check_in_page", check_in_id=view.check_in.id))


@bp.route("/check-ins/<id:check_in_id>/submit", methods=["POST"])
def check_in_submit(check_in_id: int):
    """Hand in the open phase once; a repeated hand-in lands on the same page."""
    view, forms = _load(check_in_id)
    if view.attempt is not None and view.attempt.is_submitted:
        return redirect(url_for("student.check_in_page", check_in_id=view.check_in.id))
    lesson, attempt, reason = _posted(view, forms)
    if reason is not None:
        return _refused(view, reason, "Your answers were not handed in:")
    db = get_session()
    answers = attempts.read_answers(lesson, request.form)
    blank = [(n, q.id) for n, q in enumerate(lesson.questions, 1) if q.id not in answers]
    if blank and request.form.get("confirm") != "1":
        check_ins.store_answers(db, attempt, answers, view.now)
        db.commit()
        return _page(view, forms, lesson, grading.answers_json(answers), blank)
    check_ins.submit(db, attempt, lesson, answers, view.now)
    db.commit()
    flash(
        f"Your {view.phase} check-in is handed in. Your teacher will share the results later.",
        "success",
    )
    return redirect(url_for("student.check_in_page", check_in_id=view.check_in.id))
