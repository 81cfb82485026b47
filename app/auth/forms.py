"""Forms for accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.forms import confirm_field, lower_strip, new_password_field, strip

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class LoginForm(FlaskForm):
    """Teachers log in with email, students with username."""

    login = StringField(
        "Email or username",
        filters=[strip],
        validators=[DataRequired(message="Enter your email or username."), Length(max=254)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(message="Enter your password."), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class TeacherSignupForm(FlaskForm):
    """A new teacher account."""

    name = StringField(
        "Your name",
        filters=[strip],
        validators=[
            DataRequired(message="Enter your name."),
            Length(max=80, message="Keep it under 80 characters."),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = StringField(
        "School email",
        filters=[lower_strip],
        validators=[
            DataRequired(message="Enter your email address."),
            Length(max=254, message="That email address is too long."),
            Regexp(EMAIL_PATTERN, message="Enter an email address like name@school.org."),
        ],
        render_kw={"autocomplete": "email", "type": "email"},
    )
    password = new_password_field("Password")
    confirm = confirm_field()


class ChangePasswordForm(FlaskForm):
    """Choose a new password (at first log-in after a one-time password, or any time)."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password."), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field()
    confirm = confirm_field()
