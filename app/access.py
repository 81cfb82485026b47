"""Authorization: role checks per blueprint and ownership look-ups that answer 404."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, request, url_for
from flask import redirect as http_redirect
from flask_login import current_user
from sqlalchemy import select

from app.db import get_session
from app.models import Classroom, Enrollment, User


def require_role(role: str) -> Callable[[], object]:
    """A before_request hook: anonymous visitors go to log-in, the wrong role gets 403."""

    def check():
        if not current_user.is_authenticated:
            return http_redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if current_user.role != role:
            abort(403)
        return None

    return check


def get_own_classroom_or_404(classroom_id: int) -> Classroom:
    """The current teacher's class with this id; another teacher's class is a 404."""
    classroom = get_session().get(Classroom, classroom_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    return classroom


def get_class_student_or_404(classroom: Classroom, student_id: int) -> User:
    """A student who is in this class; anyone else is a 404."""
    query = (
        select(User)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id, User.id == student_id)
    )
    student = get_session().scalars(query).first()
    if student is None:
        abort(404)
    return student
