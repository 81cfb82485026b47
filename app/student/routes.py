"""Student views."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.db import get_session
from app.models import Classroom, Enrollment
from app.student import bp
from app.student.forms import JoinCodeForm


@bp.route("/")
def home():
    """The student's classes."""
    query = (
        select(Classroom)
        .join(Enrollment, Enrollment.classroom_id == Classroom.id)
        .where(Enrollment.student_id == current_user.id)
        .options(joinedload(Classroom.teacher))
        .order_by(Classroom.archived_at.is_not(None), Classroom.name)
    )
    rows = get_session().scalars(query).all()
    return render_template("student/home.html", classrooms=rows, form=JoinCodeForm())
