"""Student views: the home page with classes and assignments."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.auth.forms import JoinCodeForm
from app.db import get_session
from app.lesson_library import get_library
from app.models import utcnow
from app.services.assignments import student_work
from app.student.blueprint import bp


@bp.route("/")
def home():
    """The student's classes, each with its assignments, status and score."""
    work = student_work(get_session(), current_user, utcnow())
    return render_template(
        "student/home.html", work=work, library=get_library(), form=JoinCodeForm()
    )
