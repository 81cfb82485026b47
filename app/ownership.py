"""Ownership look-ups for teachers' views: the thing with this id if it is the teacher's, else 404.

Every teacher view that takes an id goes through one of these, so none forgets the check and
another teacher's class, student, assignment or attempt is indistinguishable from a missing one.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.db import get_session
from app.models import Assignment, Attempt, CheckIn, Classroom, User
from app.services import teaching
from app.services.classrooms import students_query


def get_own_classroom_or_404(classroom_id: int) -> Classroom:
    """The current teacher's class with this id."""
    classroom = get_session().get(Classroom, classroom_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    return classroom


def get_class_student_or_404(classroom: Classroom, student_id: int) -> User:
    """A student who is in this class (pass a class from get_own_classroom_or_404)."""
    student = get_session().scalars(students_query(classroom).where(User.id == student_id)).first()
    if student is None:
        abort(404)
    return student


def get_own_assignment_or_404(assignment_id: int) -> Assignment:
    """A live (not withdrawn) assignment in one of the current teacher's classes."""
    assignment = teaching.teacher_assignment(get_session(), assignment_id, current_user.id)
    if assignment is None:
        abort(404)
    return assignment


def get_own_submitted_attempt_or_404(attempt_id: int) -> tuple[Attempt, Classroom]:
    """A handed-in attempt in one of the current teacher's classes, with that class."""
    query = (
        select(Attempt, Classroom)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .where(Attempt.id == attempt_id, Classroom.teacher_id == current_user.id)
    )
    row = get_session().execute(query).first()
    if row is None or not row[0].is_submitted:
        abort(404)
    return row[0], row[1]


def get_own_check_in_or_404(check_in_id: int) -> CheckIn:
    """A check-in in one of the current teacher's classes, with its class loaded."""
    query = (
        select(CheckIn)
        .join(CheckIn.classroom)
        .options(contains_eager(CheckIn.classroom))
        .where(CheckIn.id == check_in_id, Classroom.teacher_id == current_user.id)
    )
    check_in = get_session().scalars(query).first()
    if check_in is None:
        abort(404)
    return check_in
