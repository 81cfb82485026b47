"""Forms for joining a class."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from app.forms import confirm_field, lower_strip, new_password_field, strip, username_validators

CODE_RENDER = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "inputmode": "text",
}


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


class QuizForm(FlaskForm):
    """The quiz's fixed part: the CSRF token and which attempt the page was shown for.

    Answers are read by the question types themselves, leniently.
    """

    attempt = IntegerField(
        validators=[InputRequired(), NumberRange(min=1, max=10)], widget=HiddenInput()
    )
