"""The student's home page: work soonest due first, due-soon and overdue badges, a summary."""

from __future__ import annotations

import re
from datetime import timedelta

from app.models import Assignment, utcnow
from app.questions import Response
from tests.factories import (
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
SHORT = next(q for q in LESSON.questions if q.type == "short_answer")


def _rows(page: str) -> list[str]:
    """Each assignment row's text, in page order."""
    rows = re.findall(r'<li class="assignment-row.*?</li>', page, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def _past_due(db, assignment, days=1):
    db.get(Assignment, assignment.id).due_at = utcnow() - timedelta(days=days)
    db.commit()


def _class_with_student(db):
    classroom = make_classroom(db, make_teacher(db), "Period 1")
    return classroom, make_student(db, classroom, username="sam")


def test_home_lists_work_soonest_due_first_and_no_due_date_last(client, db):
    classroom, _ = _class_with_student(db)
    make_assignment(db, classroom, "tiotkino-raid")
    make_assignment(db, classroom, due_at=utcnow() + timedelta(days=5))
    make_assignment(db, classroom, due_at=utcnow() + timedelta(days=1))
    login(client, "sam")
    rows = _rows(client.get("/student/").get_data(as_text=True))
    assert len(rows) == 3 and "No due date" in rows[2]
    assert "Due soon" in rows[0] and "Due soon" not in rows[1]


def test_home_marks_overdue_work_but_not_work_handed_in(client, db):
    classroom, student = _class_with_student(db)
    missing = make_assignment(db, classroom, due_at=utcnow() + timedelta(seconds=5))
    done = make_assignment(db, classroom, due_at=utcnow() + timedelta(hours=5))
    make_submitted_attempt(db, done, student)
    _past_due(db, missing, days=2)
    login(client, "sam")
    first, second = _rows(client.get("/student/").get_data(as_text=True))
    assert "Overdue" in first and "Missing" in first
    assert "Due soon" not in second and "Overdue" not in second and "Submitted" in second


def test_home_summary_counts_overdue_due_soon_waiting_and_finished(client, db):
    classroom, student = _class_with_student(db)
    overdue = make_assignment(db, classroom, due_at=utcnow() + timedelta(seconds=5))
    make_assignment(db, classroom, due_at=utcnow() + timedelta(days=1))  # due soon
    waiting = make_assignment(db, classroom, due_at=utcnow() + timedelta(days=4))
    written = {SHORT.id: Response("short_answer", text="Because the Legion gains.")}
    make_submitted_attempt(db, waiting, student, written)
    make_submitted_attempt(db, make_assignment(db, classroom), student)  # finished
    _past_due(db, overdue)
    login(client, "sam")
    page = client.get("/student/").get_data(as_text=True)
    summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("summary-list")[1]))
    for expected in (
        "1 overdue",
        "1 due in the next 2 days",
        "0 in progress",
        "1 waiting for your teacher's mark",
        "1 finished",
    ):
        assert expected in summary


def test_home_puts_no_badges_on_an_archived_class(client, db):
    classroom, _ = _class_with_student(db)
    _past_due(db, make_assignment(db, classroom, due_at=utcnow() + timedelta(seconds=5)))
    db.get(type(classroom), classroom.id).archived_at = utcnow()
    db.commit()
    login(client, "sam")
    page = client.get("/student/").get_data(as_text=True)
    assert "Overdue" not in page and "summary-heading" not in page


def test_home_join_field_is_the_forms_own_field_blank(app, client, db):
    from flask import render_template_string

    from app.auth.forms import JoinCodeForm

    _class_with_student(db)
    login(client, "sam")
    page = client.get("/student/").get_data(as_text=True)
    with app.test_request_context():
        form = JoinCodeForm(formdata=None)
        field = render_template_string(
            '{% from "_forms.html" import field %}'
            '{{ field(form.code, hint="6 letters and numbers, e.g. K7P M3X.", class_="code-field") }}',
            form=form,
        )
    assert field.strip() in page


def test_home_shows_the_counted_score_over_the_marked_points(client, db):
    classroom, student = _class_with_student(db)
    assignment = make_assignment(db, classroom)
    right = {q.id: q.read_response(form_for([q])) for q in LESSON.questions}
    make_submitted_attempt(db, assignment, student)  # blank: 0 of the marked points
    make_submitted_attempt(db, assignment, student, right)  # the written answer awaits a mark
    login(client, "sam")
    [row] = _rows(client.get("/student/").get_data(as_text=True))
    assert "Best: 100%" in row and "Awaiting teacher" in row
