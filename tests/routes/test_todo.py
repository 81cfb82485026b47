"""The to-do list on the teacher's My classes page: marking, due soon, missing work."""

from __future__ import annotations

import re
from datetime import timedelta

from app.models import Attempt, utcnow
from app.questions import Response
from app.services import standings
from tests.factories import (
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_submitted_attempt,
    make_teacher,
)
from tests.quiz_forms import lesson

LESSON = lesson()
SHORT = next(q for q in LESSON.questions if q.type == "short_answer")
WRITTEN = {SHORT.id: Response("short_answer", text="Because the Legion gains.")}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _open_attempt(db, assignment, student):
    db.add(
        Attempt(
            assignment_id=assignment.id,
            student_id=student.id,
            number=1,
            lesson_version=LESSON.version,
        )
    )
    db.flush()
    standings.refresh(db, assignment.id, student.id)
    db.commit()


def _todo_section(client) -> str:
    page = client.get("/teacher/").get_data(as_text=True)
    start = page.index('id="todo-heading"')
    return _text(page[start : page.index("</section>", start)])


def _class_of_four(db, name="Period 1"):
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher, name)
    students = [make_student(db, classroom, username=f"{name[-1]}s{n}") for n in range(4)]
    return teacher, classroom, students


def test_dashboard_counts_written_answers_waiting_and_links_the_marking_queue(client, db):
    _, classroom, students = _class_of_four(db)
    assignment = make_assignment(db, classroom)
    for student in students[:3]:
        make_submitted_attempt(db, assignment, student, WRITTEN)
    make_submitted_attempt(db, assignment, students[3])  # nothing written: nothing to mark
    login(client, "t@school.test")
    page = client.get("/teacher/").get_data(as_text=True)
    assert f'href="/teacher/classes/{classroom.id}/marking"' in page
    assert "Mark 3 handed-in attempts in Period 1" in _todo_section(client)


def test_dashboard_counts_finished_for_work_due_in_the_next_seven_days(client, db):
    _, classroom, students = _class_of_four(db)
    soon = make_assignment(db, classroom, due_at=utcnow() + timedelta(days=2))
    make_assignment(db, classroom, due_at=utcnow() + timedelta(days=9))  # beyond the window
    make_submitted_attempt(db, soon, students[0])
    make_submitted_attempt(db, soon, students[0])  # a second attempt counts the student once
    make_submitted_attempt(db, soon, students[1])
    _open_attempt(db, soon, students[2])  # started, not finished
    login(client, "t@school.test")
    section = _todo_section(client)
    assert "Due in the next 7 days" in section
    assert section.count("finished") == 1 and "2 of 4 finished" in section


def test_dashboard_counts_missing_work_by_the_status_rules(client, db):
    _, classroom, students = _class_of_four(db)
    late = make_assignment(db, classroom, due_at=utcnow() + timedelta(seconds=1))
    make_submitted_attempt(db, late, students[0])
    _open_attempt(db, late, students[1])  # in progress, so not Missing
    db.get(type(late), late.id).due_at = utcnow() - timedelta(days=1)
    db.commit()
    login(client, "t@school.test")
    assert "2 of 4 missing" in _todo_section(client)


def test_dashboard_leaves_out_archived_classes_and_other_teachers(client, db):
    _, classroom, students = _class_of_four(db)
    make_submitted_attempt(db, make_assignment(db, classroom), students[0], WRITTEN)
    other = make_classroom(db, make_teacher(db), "Theirs")
    pupil = make_student(db, other, username="theirs")
    make_submitted_attempt(db, make_assignment(db, other), pupil, WRITTEN)
    login(client, "t@school.test")
    section = _todo_section(client)
    assert "Mark 1 handed-in attempt in Period 1" in section and "Theirs" not in section
    client.post(f"/teacher/classes/{classroom.id}/archive", data={})
    assert "Nothing waiting" in _todo_section(client)


def test_dashboard_says_when_nothing_needs_the_teacher(client, db):
    _class_of_four(db)
    login(client, "t@school.test")
    assert "Nothing waiting" in _todo_section(client)
