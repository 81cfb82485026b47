"""The quiz form's fixed part (answers are read by the question types)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, InputRequired, NumberRange
from wtforms.widgets import HiddenInput


class QuizForm(FlaskForm):
    """The quiz's fixed part: the CSRF token and which attempt the page was shown for.

    Answers are read by the question types themselves, leniently.
    """

    attempt = IntegerField(
        validators=[InputRequired(), NumberRange(min=1, max=10)], widget=HiddenInput()
    )


class CheckInQuizForm(FlaskForm):
    """A check-in's fixed part: the CSRF token and which phase the page was shown for."""

    phase = HiddenField(validators=[AnyOf(("before", "after"))])
