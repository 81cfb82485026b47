"""Forms for teachers' pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import clean_multiline, strip


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
    """A button that changes something: it carries only the CSRF token."""


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
