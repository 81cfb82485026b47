"""Joining a class by its code, as a new or a returning student."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth import bp
from app.auth.routes import start_session
from app.db import get_session
from app.extensions import limiter
from app.services import accounts, classrooms
from app.services.classrooms import JoinError
from app.student.forms import JoinCodeForm, JoinNewStudentForm


def _join_limit() -> str:
    return current_app.config["RATELIMIT_JOIN"]


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_join_limit, methods=["POST"])
def join():
    """Join a class: new students also pick a username and password."""
    if current_user.is_authenticated and not current_user.is_student:
        abort(
            403, description="Teachers add classes from their dashboard; joining is for students."
        )
    returning = current_user.is_authenticated
    form = JoinCodeForm() if returning else JoinNewStudentForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    if form.validate_on_submit():
        db = get_session()
        try:
            classroom = classrooms.find_joinable(db, form.code.data)
        except JoinError as problem:
            form.code.errors.append(str(problem))
            classroom = None
        if classroom is not None and returning:
            added = classrooms.enroll(db, classroom, current_user)
            db.commit()
            flash(
                f"You joined {classroom.name}."
                if added
                else f"You are already in {classroom.name}.",
                "success",
            )
            return redirect(url_for("student.home"))
        if classroom is not None and accounts.username_taken(db, form.username.data):
            form.username.errors.append("That username is taken. Try adding a number.")
        elif classroom is not None:
            return _create_and_join(form, classroom)
    return render_template("auth/join.html", form=form, returning=returning)


def _create_and_join(form: JoinNewStudentForm, classroom):
    db = get_session()
    try:
        student = accounts.create_student(
            db, form.username.data, form.display_name.data, form.password.data
        )
        classrooms.enroll(db, classroom, student)
        db.commit()
    except IntegrityError:  # someone took the username a moment ago
        db.rollback()
        form.username.errors.append("That username is taken. Try adding a number.")
        return render_template("auth/join.html", form=form, returning=False)
    start_session(student)
    flash(f"Welcome! You joined {classroom.name}.", "success")
    return redirect(url_for("student.home"))
