"""Teacher views for assignments: assign a lesson, edit its settings, withdraw it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.db import get_session
from app.formatting import school_zone
from app.lesson_library import get_lesson_or_404, get_library
from app.models import Assignment
from app.ownership import get_own_assignment_or_404
from app.services import classrooms as classroom_service
from app.services import teaching
from app.services.assignments import create_assignment
from app.teacher.blueprint import bp
from app.teacher.forms import ActionForm, AssignForm, AssignmentSettingsForm, read_due


@bp.route("/lessons/<slug>/assign", methods=["GET", "POST"])
def lesson_assign(slug: str):
    """Assign a lesson to one or more classes with a due date and rules."""
    lesson = get_lesson_or_404(slug, assignable=True)
    db = get_session()
    classes = [c for c, _ in classroom_service.teacher_classrooms(db, current_user)]
    active = [c for c in classes if not c.is_archived]
    form = AssignForm()
    form.classrooms.choices = [SelectChoice(c.id, c.name) for c in active]
    if not form.validate_on_submit():
        _explain_archived(form, classes)
    else:
        due = read_due(form)
        if not form.classrooms.data:
            form.classrooms.errors.append("Choose at least one class.")
        elif due is not False:
            chosen = [c for c in active if c.id in form.classrooms.data]
            twice = [c.name for c in chosen if teaching.live_duplicates(db, c, lesson.slug)]
            for classroom in chosen:
                create_assignment(
                    db,
                    classroom,
                    lesson.slug,
                    due_at=due,
                    max_attempts=form.max_attempts.data,
                    reveal=form.reveal.data,
                    accept_late=form.accept_late.data,
                )
            db.commit()
            names = ", ".join(c.name for c in chosen)
            flash(f"“{lesson.title}” is assigned to {names}.", "success")
            if twice:
                flash(
                    f"“{lesson.title}” was already assigned to {', '.join(twice)}, so it is "
                    "there twice now. If that was a mistake, withdraw one of them.",
                    "warning",
                )
            return redirect(url_for("teacher.classroom_detail", classroom_id=chosen[0].id))
    return render_template("teacher/assign.html", lesson=lesson, form=form, classes=active)


def _explain_archived(form: AssignForm, classes) -> None:
    """Name the archived classes a posted form chose, instead of a generic 'not a valid choice'."""
    # Reached by a page left open while its class was archived, or by a forged form.
    posted = set(form.classrooms.raw_data or ())
    names = [f"“{c.name}”" for c in classes if c.is_archived and str(c.id) in posted]
    if len(names) == 1:
        form.classrooms.errors = [
            f"{names[0]} is archived, so no new lessons can be assigned to it. "
            "Restore the class first, or choose another."
        ]
    elif names:
        form.classrooms.errors = [
            f"{', '.join(names)} are archived, so no new lessons can be assigned to them. "
            "Restore those classes first, or choose others."
        ]


@bp.route("/assignments/<id:assignment_id>/edit", methods=["GET", "POST"])
def assignment_edit(assignment_id: int):
    """Change an assignment's due date, attempts, reveal and late rules."""
    assignment = get_own_assignment_or_404(assignment_id)
    lesson = get_library().get(assignment.lesson_slug)
    form = AssignmentSettingsForm()
    if not form.is_submitted():
        _fill(form, assignment)
    if form.validate_on_submit():
        due = read_due(form, previous=assignment.due_at)
        if due is not False:
            assignment.due_at = due
            assignment.max_attempts = form.max_attempts.data
            assignment.reveal = form.reveal.data
            assignment.accept_late = form.accept_late.data
            get_session().commit()
            flash("Assignment updated.", "success")
            return redirect(
                url_for("teacher.classroom_detail", classroom_id=assignment.classroom_id)
            )
    return render_template(
        "teacher/assignment_edit.html",
        assignment=assignment,
        lesson=lesson,
        form=form,
        action_form=ActionForm(),
    )


def _fill(form: AssignmentSettingsForm, assignment: Assignment) -> None:
    if assignment.due_at is not None:
        local = assignment.due_at.astimezone(school_zone())
        form.due_date.data, form.due_time.data = local.date(), local.time()
    form.max_attempts.data = assignment.max_attempts
    form.reveal.data = assignment.reveal
    form.accept_late.data = assignment.accept_late


@bp.route("/assignments/<id:assignment_id>/withdraw", methods=["GET", "POST"])
def assignment_withdraw(assignment_id: int):
    """Withdraw an assignment after confirming; students' work is kept."""
    assignment = get_own_assignment_or_404(assignment_id)
    lesson = get_library().get(assignment.lesson_slug)
    form = ActionForm()
    if form.validate_on_submit():
        teaching.withdraw(get_session(), assignment)
        get_session().commit()
        flash("Assignment withdrawn. Students' work on it is kept.", "success")
        return redirect(url_for("teacher.classroom_detail", classroom_id=assignment.classroom_id))
    return render_template(
        "teacher/assignment_withdraw.html", assignment=assignment, lesson=lesson, form=form
    )
