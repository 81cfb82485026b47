"""Joining a class by its code, as a new or a returning student."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth.blueprint import bp
from app.auth.forms import JoinCodeForm, JoinNewStudentForm
from app.auth.sessions import start_session
from app.db import get_session
from app.extensions import limiter
from app.services import accounts, classrooms
from app.services.classrooms import JoinError
from app.throttle import get_throttle, wait_message


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
    status = 200
    if form.validate_on_submit():
        db = get_session()
        classroom, status = _find_class(form)
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
    return render_template("auth/join.html", form=form, returning=returning), status


def _find_class(form: JoinCodeForm):
    """The class the typed code opens and 200, or None with the reason on the form.

    Wrong codes are counted per address with an allowance for a school's classes, since a
    six-letter code can be guessed; a right code costs nothing, so a whole class gets in.
    """
    throttle, address = get_throttle(), get_remote_address()
    wait = throttle.wait_seconds("join_code", address)
    if wait:
        form.code.errors.append(
            f"Too many wrong class codes were typed here. Wait {wait_message(wait)}, then "
            "try again with the code your teacher gave you."
        )
        return None, 429
    try:
        return classrooms.find_joinable(get_session(), form.code.data), 200
    except JoinError as problem:
        throttle.count("join_code", address)
        form.code.errors.append(str(problem))
        return None, 200


def _create_and_join(form: JoinNewStudentForm, classroom):
    db = get_session()
    throttle, code = get_throttle(), classroom.join_code
    # A ceiling on accounts made with one code, in case it leaks beyond the class.
    if throttle.wait_seconds("join_per_class", code):
        form.code.errors.append(
            "Many accounts were made with this class code just now. Ask your teacher to "
            "add you, or try again later."
        )
        return render_template("auth/join.html", form=form, returning=False), 429
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
    throttle.count("join_per_class", code)
    start_session(student)
    flash(f"Welcome! You joined {classroom.name}.", "success")
    return redirect(url_for("student.home"))
