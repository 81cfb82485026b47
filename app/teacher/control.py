"""Teacher views that control a live assignment: release answers, close and reopen, and give
one student a later due date or extra attempts."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from app.db import get_session
from app.formatting import school_zone
from app.lesson_library import get_library
from app.models import Assignment, utcnow
from app.ownership import get_class_student_or_404, get_own_assignment_or_404
from app.services import teaching
from app.teacher.blueprint import bp
from app.teacher.forms import ActionForm, StudentExceptionForm, read_due


def _back(assignment: Assignment) -> Response:
    return redirect(url_for("teacher.classroom_detail", classroom_id=assignment.classroom_id))


def _title(assignment: Assignment) -> str:
    lesson = get_library().get(assignment.lesson_slug)
    return lesson.title if lesson else assignment.lesson_slug


@bp.route("/assignments/<id:assignment_id>/release", methods=["GET", "POST"])
def assignment_release(assignment_id: int):
    """Show the answers to the whole class now, after the teacher confirms (it cannot be undone)."""
    assignment = get_own_assignment_or_404(assignment_id)
    form = ActionForm()
    if form.validate_on_submit():
        if teaching.release_answers(get_session(), assignment, utcnow()):
            get_session().commit()
            flash(
                f"Answers for “{_title(assignment)}” are now shown to the class. "
                "It is closed for new work.",
                "success",
            )
        else:
            flash("The answers were already released.", "info")
        return _back(assignment)
    return render_template(
        "teacher/assignment_release.html",
        assignment=assignment,
        title=_title(assignment),
        form=form,
    )


@bp.route("/assignments/<id:assignment_id>/close", methods=["POST"])
def assignment_close(assignment_id: int):
    """Stop new work on the assignment now; answers already saved are kept."""
    assignment = get_own_assignment_or_404(assignment_id)
    if ActionForm().validate_on_submit():
        teaching.close_assignment(get_session(), assignment, utcnow())
        get_session().commit()
        flash(
            f"“{_title(assignment)}” is closed: students cannot start, save or hand in work "
            "until you reopen it.",
            "success",
        )
    return _back(assignment)


@bp.route("/assignments/<id:assignment_id>/reopen", methods=["POST"])
def assignment_reopen(assignment_id: int):
    """Let students work on a closed assignment again."""
    assignment = get_own_assignment_or_404(assignment_id)
    if ActionForm().validate_on_submit():
        teaching.reopen_assignment(get_session(), assignment)
        get_session().commit()
        flash(f"“{_title(assignment)}” is open for work again.", "success")
    return _back(assignment)


@bp.route(
    "/assignments/<id:assignment_id>/students/<id:student_id>/exception", methods=["GET", "POST"]
)
def student_exception_edit(assignment_id: int, student_id: int):
    """Give one student a later due date or extra attempts on an assignment."""
    assignment = get_own_assignment_or_404(assignment_id)
    student = get_class_student_or_404(assignment.classroom, student_id)
    db = get_session()
    current = teaching.student_exception(db, assignment, student.id)
    form = StudentExceptionForm()
    if not form.is_submitted() and current is not None:
        _fill(form, current)
    if form.validate_on_submit():
        due = read_due(form, previous=current.due_at if current is not None else None)
        if due is not False:
            saved = teaching.set_student_exception(
                db, assignment, student.id, due, form.extra_attempts.data
            )
            db.commit()
            who = student.display_name
            flash(
                f"Saved {who}'s own terms." if saved else f"{who} now has the class's terms.",
                "success",
            )
            return redirect(
                url_for(
                    "teacher.student_detail",
                    classroom_id=assignment.classroom_id,
                    student_id=student.id,
                )
            )
    return render_template(
        "teacher/student_exception.html",
        assignment=assignment,
        student=student,
        title=_title(assignment),
        form=form,
    )


def _fill(form: StudentExceptionForm, current) -> None:
    if current.due_at is not None:
        local = current.due_at.astimezone(school_zone())
        form.due_date.data, form.due_time.data = local.date(), local.time()
    form.extra_attempts.data = current.extra_attempts
