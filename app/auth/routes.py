"""Account views."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from app.auth.blueprint import bp
from app.auth.forms import ChangePasswordForm, LoginForm, TeacherSignupForm
from app.auth.sessions import home_for, safe_next, start_session
from app.db import get_session
from app.extensions import limiter
from app.models import User
from app.security import verify_password
from app.services import accounts
from app.throttle import get_throttle, wait_message

WRONG_LOGIN = "That email or username and password do not match. Check both and try again."


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log in by email (teachers) or username (students)."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        user, status = _authenticate(form)
        if user is not None:
            start_session(user)
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(form.next.data) or home_for(user))
    # Set by log-out: this page clears the browser's quiz copies even if the log-out
    # button's own script never ran.
    drop = session.pop("logged_out", False)
    page = render_template("auth/login.html", form=form, drop_offline_copies=drop)
    return page, status


def too_many_wrong_passwords(wait: int) -> str:
    """The message for an account that is being guessed: how long to wait, who can help."""
    return (
        f"Too many wrong passwords were typed for this account. Wait {wait_message(wait)}, "
        "then try again. Students: your teacher can give you a new password."
    )


def _authenticate(form: LoginForm) -> tuple[User | None, int]:
    """The account and 200, or None with the reason on the form (429 while it is guessed)."""
    throttle, name = get_throttle(), form.login.data
    # Checked before the password, so a guesser learns nothing once the account is throttled.
    wait = throttle.wait_seconds("login", name)
    if wait:
        form.password.errors.append(too_many_wrong_passwords(wait))
        return None, 429
    user = accounts.authenticate(get_session(), name, form.password.data)
    if user is None:
        throttle.count("login", name)
        form.password.errors.append(WRONG_LOGIN)
        return None, 200
    throttle.forget("login", name)
    return user, 200


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (POST only, with the CSRF token, so a link elsewhere cannot log you out).

    The account's sessions end on the server too, so a copy of the cookie kept from before
    (a shared school computer, a saved browser profile) no longer opens anything.
    """
    if current_user.is_authenticated:
        db = get_session()
        accounts.end_sessions(db, db.get(User, current_user.id))
        db.commit()
    logout_user()
    session.clear()
    session["logged_out"] = True
    flash("You are logged out.", "success")
    return redirect(url_for("auth.login"))


def _signup_limit() -> str:
    return current_app.config["RATELIMIT_SIGNUP"]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    """Create a teacher account."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = TeacherSignupForm()
    if form.validate_on_submit():
        db = get_session()
        if accounts.email_taken(db, form.email.data):
            form.email.errors.append("An account with this email already exists. Log in instead.")
        else:
            user = accounts.create_teacher(db, form.name.data, form.email.data, form.password.data)
            db.commit()
            start_session(user)
            flash("Welcome! Create your first class to get a join code.", "success")
            return redirect(url_for("teacher.dashboard"))
    return render_template("auth/signup.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Choose a new password; required after logging in with a one-time password."""
    form = ChangePasswordForm()
    forced = current_user.must_change_password
    status = 200
    if form.validate_on_submit():
        db = get_session()
        user = db.get(User, current_user.id)
        right, status = _check_current_password(form, user)
        if right and form.password.data == form.current_password.data:
            form.password.errors.append("Choose a password different from the current one.")
        elif right:
            accounts.change_password(db, user, form.password.data)
            db.commit()
            start_session(user)
            flash("Your new password is saved.", "success")
            return redirect(home_for(user))
    return render_template("auth/change_password.html", form=form, forced=forced), status


def _check_current_password(form: ChangePasswordForm, user: User) -> tuple[bool, int]:
    """Whether the current password is right, and the status (429 while it is guessed)."""
    throttle, key = get_throttle(), str(user.id)
    wait = throttle.wait_seconds("signed_in_account", key)
    if wait:
        form.current_password.errors.append(too_many_wrong_passwords(wait))
        return False, 429
    if not verify_password(user.password_hash, form.current_password.data):
        throttle.count("signed_in_account", key)
        form.current_password.errors.append("That is not your current password.")
        return False, 200
    throttle.forget("signed_in_account", key)
    return True, 200
