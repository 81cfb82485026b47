"""Forms for assigning lessons and marking written answers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import clean_multiline

REVEAL_CHOICES = [
    SelectChoice("after_last", "After the last attempt or the due date"),
    SelectChoice("after_attempt", "After each attempt"),
    SelectChoice("after_due", "Only after the due date"),
]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes instead of a multi-select box (easier on phones and keyboards)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignmentSettingsForm(FlaskForm):
    """Due date, attempts, reveal and late rules of an assignment."""

    due_date = DateField("Due date", validators=[Optional()])
    due_time = TimeField("Due time", validators=[Optional()])
    max_attempts = IntegerField(
        "Attempts allowed",
        default=2,
        validators=[
            InputRequired(message="Say how many attempts students get."),
            NumberRange(min=1, max=10, message="Allow from 1 to 10 attempts."),
        ],
    )
    reveal = SelectField("Show correct answers", choices=REVEAL_CHOICES, default="after_last")
    accept_late = BooleanField("Accept late work (marked late)", default=True)


class AssignForm(AssignmentSettingsForm):
    """Assign one lesson to one or more of the teacher's classes."""

    classrooms = MultiCheckboxField("Classes", coerce=int)


class GradeForm(FlaskForm):
    """A teacher's mark and comment on one written answer."""

    points = StringField(
        "Points",
        validators=[InputRequired(message="Give a mark."), Length(max=10)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    comment = TextAreaField(
        "Comment for the student",
        filters=[clean_multiline],
        validators=[Length(max=2000, message="Keep the comment under 2,000 characters.")],
        render_kw={"rows": 3},
    )
