"""Student views: the home page with classes and assignments."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.assignment_rules import DUE_SOON_DAYS
from app.auth.forms import JoinCodeForm
from app.db import get_session
from app.lesson_library import get_library
from app.models import utcnow
from app.services.assignments import student_work, work_summary
from app.student.blueprint import bp


@bp.route("/")
def home():
    """The student's classes, each with its assignments soonest due first, status and score."""
    work = student_work(get_session(), current_user, utcnow())
    return render_template(
        "student/home.html",
        work=work,
        summary=work_summary(work),
        due_soon_days=DUE_SOON_DAYS,
        library=get_library(),
        form=JoinCodeForm(),
    )
