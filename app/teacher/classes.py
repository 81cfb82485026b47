"""Teacher views: classes, join codes, rosters, login cards and student accounts."""

from __future__ import annotations

import re
import secrets

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from app import analytics
from app.charts import mastery_chart
from app.db import get_session
from app.lesson_library import get_library
from app.lessons.check_ins import set_title
from app.models import utcnow
from app.ownership import get_class_student_or_404, get_own_classroom_or_404
from app.roster import RosterError, RosterLine, check_lines, parse_csv, parse_pasted
from app.services import accounts, check_ins, classrooms, reports, todo
from app.services.classrooms import LoginCard
from app.teacher.blueprint import bp
from app.teacher.forms import ActionForm, ClassroomForm, DeleteStudentForm, RosterForm

# The hidden token a roster form carries (made by secrets.token_urlsafe(24)).
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@bp.route("/")
def dashboard():
    """What needs the teacher today, their classes, and a form to add one."""
    return _dashboard_page(ClassroomForm())


def _dashboard_page(form: ClassroomForm):
    db = get_session()
    rows = classrooms.teacher_classrooms(db, current_user)
    return render_template(
        "teacher/dashboard.html",
        rows=rows,
        todo=todo.teacher_todo(db, rows, get_library(), utcnow()),
        due_days=todo.DUE_WINDOW_DAYS,
        missing_days=todo.MISSING_WINDOW_DAYS,
        form=form,
    )


@bp.route("/classes", methods=["POST"])
def classroom_create():
    """Add a class."""
    form = ClassroomForm()
    if not form.validate_on_submit():
        return _dashboard_page(form), 400
    db = get_session()
    classroom = classrooms.create_classroom(db, current_user, form.name.data)
    db.commit()
    flash(f"Class created. Students join with the code {classroom.join_code}.", "success")
    return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))


@bp.route("/classes/<id:classroom_id>")
def classroom_detail(classroom_id: int):
    """A class: its join code, roster and actions."""
    classroom = get_own_classroom_or_404(classroom_id)
    db = get_session()
    entries = classrooms.roster(db, classroom)
    report = reports.class_report(db, classroom, utcnow(), load=reports.SKILLS)
    class_mastery, _ = reports.skill_mastery(report, get_library())
    return render_template(
        "teacher/classroom.html",
        classroom=classroom,
        entries=entries,
        action=ActionForm(),
        report=report,
        overview=reports.overview(report, get_library()),
        to_mark=reports.count_awaiting_marking(db, classroom),
        library=get_library(),
        weakest=analytics.weakest_skill(class_mastery),
        check_ins=check_ins.class_check_ins(db, classroom),
        check_in_titles={
            name: set_title(forms) for name, forms in get_library().check_in_sets.items()
        },
        chart=mastery_chart(class_mastery, f"Skill mastery in {classroom.name}"),
    )


@bp.route("/classes/<id:classroom_id>/rename", methods=["GET", "POST"])
def classroom_rename(classroom_id: int):
    """Rename a class."""
    classroom = get_own_classroom_or_404(classroom_id)
    form = ClassroomForm()
    if not form.is_submitted():
        form.name.data = classroom.name
    if form.validate_on_submit():
        classroom.name = form.name.data
        get_session().commit()
        flash("Class renamed.", "success")
        return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))
    return render_template("teacher/rename.html", classroom=classroom, form=form)


@bp.route("/classes/<id:classroom_id>/archive", methods=["POST"])
def classroom_archive(classroom_id: int):
    """Archive a class: it closes to joining and to work, and moves to the end of the list."""
    return _set_archived(
        classroom_id,
        True,
        "Class archived. Its code no longer works, and students can see their work "
        "but no longer answer.",
    )


@bp.route("/classes/<id:classroom_id>/unarchive", methods=["POST"])
def classroom_unarchive(classroom_id: int):
    """Bring an archived class back, open to joining and to work."""
    return _set_archived(
        classroom_id, False, "Class restored. Its code works again, and students can answer."
    )


def _set_archived(classroom_id: int, archived: bool, message: str):
    classroom = get_own_classroom_or_404(classroom_id)
    if ActionForm().validate_on_submit():
        classrooms.set_archived(get_session(), classroom, archived)
        get_session().commit()
        flash(message, "success")
    return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))


@bp.route("/classes/<id:classroom_id>/code", methods=["POST"])
def classroom_new_code(classroom_id: int):
    """Replace the join code (e.g. after it was shared outside the class)."""
    classroom = get_own_classroom_or_404(classroom_id)
    if ActionForm().validate_on_submit():
        code = classrooms.regenerate_join_code(get_session(), classroom)
        get_session().commit()
        flash(f"New join code: {code}. The old code no longer works.", "success")
    return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))


@bp.route("/classes/<id:classroom_id>/roster", methods=["GET", "POST"])
def roster_add(classroom_id: int):
    """Create student accounts from pasted names or a CSV and show their login cards once."""
    classroom = get_own_classroom_or_404(classroom_id)
    form = RosterForm()
    if not form.is_submitted():
        form.token.data = secrets.token_urlsafe(24)
    if form.validate_on_submit():
        db = get_session()
        token = form.token.data or ""
        if TOKEN_RE.fullmatch(token) and classrooms.roster_already_used(db, token):
            flash("This roster was already added. To print a card again, reset that password.")
            return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))
        lines = _roster_lines(form)
        if lines is not None:
            cards = classrooms.add_roster(db, classroom, lines, form.token.data)
            db.commit()
            return _cards_page(classroom, cards)
    return render_template("teacher/roster.html", classroom=classroom, form=form)


def _roster_lines(form: RosterForm) -> list[RosterLine] | None:
    """The roster's lines, or None with the reason put on the form."""
    upload = form.csv_file.data
    try:
        if upload and upload.filename:
            lines = parse_csv(upload.read())
            field = form.csv_file
        else:
            lines = parse_pasted(form.names.data)
            field = form.names
        check_lines(lines, current_app.config["ROSTER_MAX_STUDENTS"])
    except RosterError as problem:
        (form.csv_file if upload and upload.filename else form.names).errors.append(str(problem))
        return None
    if not TOKEN_RE.fullmatch(form.token.data or ""):
        field.errors.append("The form expired. Please submit it again.")
        form.token.data = secrets.token_urlsafe(24)
        return None
    return lines


def _cards_page(classroom, cards: list[LoginCard]):
    return render_template("teacher/cards.html", classroom=classroom, cards=cards)


@bp.route("/classes/<id:classroom_id>/students/<id:student_id>/password", methods=["POST"])
def student_reset_password(classroom_id: int, student_id: int):
    """Give a student a new one-time password and show it on a card."""
    classroom = get_own_classroom_or_404(classroom_id)
    student = get_class_student_or_404(classroom, student_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))
    db = get_session()
    if not classrooms.teacher_may_manage_account(db, current_user, student):
        page = render_template("teacher/shared_student.html", classroom=classroom, student=student)
        return page, 403
    password = accounts.reset_to_one_time_password(db, student)
    db.commit()
    card = LoginCard(student.display_name, student.username or "", password)
    return _cards_page(classroom, [card])


@bp.route("/classes/<id:classroom_id>/students/<id:student_id>/remove", methods=["GET", "POST"])
def student_remove(classroom_id: int, student_id: int):
    """Take a student out of the class after confirming; their work is kept."""
    classroom = get_own_classroom_or_404(classroom_id)
    student = get_class_student_or_404(classroom, student_id)
    form = ActionForm()
    if form.validate_on_submit():
        classrooms.remove_from_classroom(get_session(), classroom, student)
        get_session().commit()
        flash(f"{student.display_name} was removed from {classroom.name}.", "success")
        return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))
    return render_template(
        "teacher/remove_student.html", classroom=classroom, student=student, form=form
    )


@bp.route("/classes/<id:classroom_id>/students/<id:student_id>/delete", methods=["GET", "POST"])
def student_delete(classroom_id: int, student_id: int):
    """Erase a student's account and all their work, after typed confirmation."""
    classroom = get_own_classroom_or_404(classroom_id)
    student = get_class_student_or_404(classroom, student_id)
    db = get_session()
    shared = not classrooms.teacher_may_manage_account(db, current_user, student)
    form = DeleteStudentForm()
    if not shared and form.validate_on_submit():
        if form.confirm_username.data.lower() != (student.username or ""):
            form.confirm_username.errors.append(
                f"That does not match. Type {student.username} exactly to confirm."
            )
        else:
            classrooms.delete_student(db, student)
            db.commit()
            flash(f"{student.display_name}'s account and work were deleted.", "success")
            return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))
    return render_template(
        "teacher/delete_student.html",
        classroom=classroom,
        student=student,
        form=form,
        shared=shared,
    )
