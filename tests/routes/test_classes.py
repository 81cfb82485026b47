"""Teachers create, rename and archive classes and manage join codes."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models import Classroom
from app.security import JOIN_CODE_ALPHABET
from tests.factories import login, make_classroom, make_teacher


def _teacher_logged_in(client, db):
    teacher = make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    return teacher


def test_create_class_gives_a_readable_join_code(client, db):
    _teacher_logged_in(client, db)
    response = client.post("/teacher/classes", data={"name": "  Period 3 Civics "})
    classroom = db.scalars(select(Classroom)).one()
    assert response.headers["Location"] == f"/teacher/classes/{classroom.id}"
    assert classroom.name == "Period 3 Civics"
    assert re.fullmatch(f"[{JOIN_CODE_ALPHABET}]{{6}}", classroom.join_code)
    assert not set(classroom.join_code) & set("0O1lI")


def test_class_page_shows_the_code_and_empty_roster_hint(client, db):
    teacher = _teacher_logged_in(client, db)
    classroom = make_classroom(db, teacher, "Period 4")
    page = client.get(f"/teacher/classes/{classroom.id}").get_data(as_text=True)
    assert classroom.join_code[:3] in page and classroom.join_code[3:] in page
    assert "No students yet" in page


def test_create_class_without_name_rerenders_with_message(client, db):
    _teacher_logged_in(client, db)
    response = client.post("/teacher/classes", data={"name": "   "})
    assert response.status_code == 400
    assert b"Give the class a name" in response.data
    assert db.scalars(select(Classroom)).first() is None


def test_create_class_with_overlong_name_is_refused(client, db):
    _teacher_logged_in(client, db)
    response = client.post("/teacher/classes", data={"name": "x" * 81})
    assert b"Keep the name under 80 characters." in response.data


def test_rename_class(client, db):
    teacher = _teacher_logged_in(client, db)
    classroom = make_classroom(db, teacher)
    client.post(f"/teacher/classes/{classroom.id}/rename", data={"name": "Period 5"})
    db.refresh(classroom)
    assert classroom.name == "Period 5"


def test_rename_with_missing_name_changes_nothing(client, db):
    teacher = _teacher_logged_in(client, db)
    classroom = make_classroom(db, teacher, "Keep me")
    response = client.post(f"/teacher/classes/{classroom.id}/rename", data={})
    assert b"Give the class a name" in response.data
    db.refresh(classroom)
    assert classroom.name == "Keep me"


def test_archive_and_restore_class(client, db):
    teacher = _teacher_logged_in(client, db)
    classroom = make_classroom(db, teacher)
    client.post(f"/teacher/classes/{classroom.id}/archive")
    db.refresh(classroom)
    assert classroom.is_archived
    assert b"Archived" in client.get("/teacher/").data
    client.post(f"/teacher/classes/{classroom.id}/unarchive")
    db.refresh(classroom)
    assert not classroom.is_archived


def test_regenerate_code_replaces_the_old_one(client, db):
    teacher = _teacher_logged_in(client, db)
    classroom = make_classroom(db, teacher)
    old = classroom.join_code
    client.post(f"/teacher/classes/{classroom.id}/code")
    db.refresh(classroom)
    assert classroom.join_code != old


def test_other_teachers_class_cannot_be_renamed(client, db):
    owner = make_teacher(db, email="owner@school.test")
    classroom = make_classroom(db, owner, "Mine")
    _teacher_logged_in(client, db)
    response = client.post(f"/teacher/classes/{classroom.id}/rename", data={"name": "Stolen"})
    assert response.status_code == 404
    db.refresh(classroom)
    assert classroom.name == "Mine"


def test_dashboard_lists_classes_with_student_counts(client, db):
    teacher = _teacher_logged_in(client, db)
    make_classroom(db, teacher, "Alpha")
    page = client.get("/teacher/").get_data(as_text=True)
    assert "Alpha" in page and "0 students" in page
