"""Forms for accounts: signing up, logging in, passwords, and joining a class by its code."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.forms import confirm_field, lower_strip, new_password_field, strip, username_validators

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
CODE_RENDER = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "inputmode": "text",
}


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


class JoinCodeForm(FlaskForm):
    """A logged-in student joins another class with its code."""

    code = StringField(
        "Class code",
        filters=[strip],
        validators=[
            DataRequired(message="Enter the class code your teacher gave you."),
            Length(max=20, message="Class codes are 6 characters, like K7P M3X."),
        ],
        render_kw=CODE_RENDER,
    )


class JoinNewStudentForm(JoinCodeForm):
    """A new student joins a class and makes an account; no email is asked."""

    username = StringField(
        "Pick a username",
        filters=[lower_strip],
        validators=username_validators(),
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    display_name = StringField(
        "Your name as your teacher knows it",
        filters=[strip],
        validators=[
            DataRequired(message="Enter your name so your teacher knows who you are."),
            Length(max=80, message="Keep it under 80 characters."),
        ],
        render_kw={"autocomplete": "name"},
    )
    password = new_password_field("Choose a password")
    confirm = confirm_field()
