"""The quiz form's fixed part (answers are read by the question types)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, InputRequired, NumberRange
from wtforms.widgets import HiddenInput


class QuizForm(FlaskForm):
    """The quiz's fixed part: which attempt the page was shown for.

    Answers are read by the question types themselves, leniently. The CSRF token the page
    carries is checked by CSRFProtect before any view runs, as for every POST; checking the
    same token again here would only sign and verify it a second time.
    """

    class Meta:
        """No second CSRF check (see above)."""

        csrf = False

    attempt = IntegerField(
        validators=[InputRequired(), NumberRange(min=1, max=10)], widget=HiddenInput()
    )


class CheckInQuizForm(FlaskForm):
    """A check-in's fixed part: the CSRF token and which phase the page was shown for."""

    phase = HiddenField(validators=[AnyOf(("before", "after"))])
