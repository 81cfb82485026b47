"""Forms for teachers' pages: classes, rosters, assignments and marks."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.assignment_rules import REVEAL_CHOICES, Reveal
from app.formatting import school_zone
from app.forms import clean_multiline, strip
from app.models import utcnow
from app.services import teaching


class ClassroomForm(FlaskForm):
    """Create or rename a class."""

    name = StringField(
        "Class name",
        filters=[strip],
        validators=[
            DataRequired(message="Give the class a name, e.g. 'Period 3 Civics'."),
            Length(max=80, message="Keep the name under 80 characters."),
        ],
    )


class ActionForm(FlaskForm):
    """A button that changes something: it carries only the CSRF token.

    One form serves every button on a page (a class page has one per student), and its hidden
    field is the same for all of them, so it is rendered once.
    """

    _hidden: Markup | None = None

    def hidden_tag(self, *fields) -> Markup:
        """The CSRF token's hidden input, rendered on the first call and reused after."""
        if fields:
            return super().hidden_tag(*fields)
        if self._hidden is None:
            self._hidden = super().hidden_tag()
        return self._hidden


class RosterForm(FlaskForm):
    """Paste names or upload a CSV; the token makes a resubmission harmless."""

    names = TextAreaField(
        "Student names, one per line",
        filters=[clean_multiline],
        validators=[Length(max=20000, message="That is too much text for one roster.")],
        render_kw={"rows": 10, "autocomplete": "off", "spellcheck": "false"},
    )
    csv_file = FileField(
        "Or upload a CSV file",
        validators=[FileAllowed(["csv", "txt"], "Upload a .csv file.")],
    )
    token = HiddenField()


class DeleteStudentForm(FlaskForm):
    """Erasing a student's data is confirmed by typing their username."""

    confirm_username = StringField(
        "Type the student's username to confirm",
        filters=[strip],
        validators=[DataRequired(message="Type the username to confirm.")],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )


class _SaysWhatToType:
    """A field mixin: input that does not parse is refused with `hint`, which says what to type."""

    hint = ""

    def process_formdata(self, valuelist):
        """Parse as usual; on failure, explain the expected form."""
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.hint) from error


class SchoolDateField(_SaysWhatToType, DateField):
    """A date field for browsers without a date picker, too."""

    hint = "Enter the date as year-month-day, for example 2026-12-04."


class SchoolTimeField(_SaysWhatToType, TimeField):
    """A time field for browsers without a time picker, too."""

    hint = "Enter the time as hours:minutes, for example 15:30."


class CountField(_SaysWhatToType, IntegerField):
    """A whole-number field whose complaint speaks to a teacher, not a programmer."""

    hint = "Enter a whole number, such as 2."


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes instead of a multi-select box (easier on phones and keyboards)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignmentSettingsForm(FlaskForm):
    """Due date, attempts, reveal and late rules of an assignment."""

    due_date = SchoolDateField("Due date", validators=[Optional()])
    due_time = SchoolTimeField("Due time", validators=[Optional()])
    max_attempts = CountField(
        "Attempts allowed",
        default=2,
        validators=[
            InputRequired(message="Say how many attempts students get."),
            NumberRange(min=1, max=10, message="Allow from 1 to 10 attempts."),
        ],
    )
    reveal = SelectField(
        "Show correct answers",
        choices=[SelectChoice(str(rule), label) for rule, label in REVEAL_CHOICES.items()],
        default=str(Reveal.AFTER_LAST),
    )
    accept_late = BooleanField("Accept late work (marked late)", default=True)


class AssignForm(AssignmentSettingsForm):
    """Assign one lesson to one or more of the teacher's classes."""

    classrooms = MultiCheckboxField("Classes", coerce=int)


class MarkForm(FlaskForm):
    """A teacher's mark and comment on one written answer."""

    points = StringField(
        "Points",
        validators=[
            InputRequired(message="Give a mark."),
            Length(max=10, message="Write the mark as a number, such as 2 or 1.5."),
        ],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    comment = TextAreaField(
        "Comment for the student",
        filters=[clean_multiline],
        validators=[Length(max=2000, message="Keep the comment under 2,000 characters.")],
        render_kw={"rows": 3},
    )


class StudentExceptionForm(FlaskForm):
    """One student's later due date and extra attempts on an assignment."""

    due_date = SchoolDateField("Their due date", validators=[Optional()])
    due_time = SchoolTimeField("Their due time", validators=[Optional()])
    extra_attempts = CountField(
        "Extra attempts",
        default=0,
        validators=[
            InputRequired(message="Say how many extra attempts to give (0 for none)."),
            NumberRange(min=0, max=10, message="Give from 0 to 10 extra attempts."),
        ],
    )


def read_due(form, previous: datetime | None = None) -> datetime | bool | None:
    """The due moment a form's date and time give (None for none), or False with the reason on it.

    A date kept from before (`previous`) may stay in the past; a new one must be in the future.
    """
    if form.due_time.data and not form.due_date.data:
        form.due_date.errors.append("Give a date for the due time.")
        return False
    now = utcnow()
    try:
        due = teaching.due_from_form(form.due_date.data, form.due_time.data, school_zone(), now)
    except teaching.DueDateError as problem:
        form.due_date.errors.append(str(problem))
        return False
    if due is not None and due != previous and due <= now:
        form.due_date.errors.append("Choose a due date and time in the future.")
        return False
    return due


class CheckInStartForm(FlaskForm):
    """Start a check-in for a class: which set, and when the before check-in is due."""

    check_in_set = SelectField("Check-in")
    due_date = SchoolDateField("Before check-in due date (optional)", validators=[Optional()])
    due_time = SchoolTimeField("Due time", validators=[Optional()])


class CheckInAfterForm(FlaskForm):
    """Open the after check-in (closing the before one), with an optional due date."""

    due_date = SchoolDateField("After check-in due date (optional)", validators=[Optional()])
    due_time = SchoolTimeField("Due time", validators=[Optional()])
