"""Students join classes by code; no email is asked."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Enrollment, User
from tests.factories import login, make_classroom, make_student, make_teacher

NEW_STUDENT = {
    "username": "Sam.T",
    "display_name": "Sam T.",
    "password": "my-own-pass",
    "confirm": "my-own-pass",
}


def _class(db, name="Period 1"):
    return make_classroom(db, make_teacher(db), name)


def test_new_student_joins_with_code_and_is_logged_in(client, db):
    classroom = _class(db)
    code = classroom.join_code.lower()[:3] + " " + classroom.join_code.lower()[3:]
    response = client.post("/join", data={**NEW_STUDENT, "code": code})
    assert response.headers["Location"] == "/student/"
    student = db.scalars(select(User).where(User.role == "student")).one()
    assert (student.username, student.display_name, student.email) == ("sam.t", "Sam T.", None)
    assert classroom.name in client.get("/student/").get_data(as_text=True)


def test_join_form_asks_no_email(client):
    page = client.get("/join").get_data(as_text=True)
    assert 'type="email"' not in page and 'name="email"' not in page


def test_join_page_prefills_the_code_from_the_link(client):
    assert b'value="ABC234"' in client.get("/join?code=ABC234").data


def test_unknown_code_is_explained(client, db):
    response = client.post("/join", data={**NEW_STUDENT, "code": "ZZZZZZ"})
    assert b"No class has that code" in response.data
    assert db.scalars(select(User)).first() is None


def test_archived_class_code_is_refused(client, db):
    classroom = _class(db)
    classroom.archived_at = classroom.created_at
    db.commit()
    response = client.post("/join", data={**NEW_STUDENT, "code": classroom.join_code})
    assert b"archived" in response.data
    assert db.scalars(select(User).where(User.role == "student")).first() is None


def test_taken_username_is_explained(client, db):
    classroom = _class(db)
    make_student(db, username="sam.t")
    response = client.post("/join", data={**NEW_STUDENT, "code": classroom.join_code})
    assert b"That username is taken" in response.data


def test_invalid_username_is_explained(client, db):
    classroom = _class(db)
    data = {**NEW_STUDENT, "username": "a b<", "code": classroom.join_code}
    response = client.post("/join", data=data)
    assert b"lower-case letters, digits" in response.data


def test_overlong_display_name_is_refused(client, db):
    classroom = _class(db)
    data = {**NEW_STUDENT, "display_name": "n" * 81, "code": classroom.join_code}
    assert b"Keep it under 80 characters." in client.post("/join", data=data).data


def test_logged_in_student_joins_a_second_class_with_just_the_code(client, db):
    first, second = _class(db, "First"), _class(db, "Second")
    make_student(db, first, username="sam.t")
    login(client, "sam.t")
    response = client.post("/join", data={"code": second.join_code})
    assert response.headers["Location"] == "/student/"
    page = client.get("/student/").get_data(as_text=True)
    assert "First" in page and "Second" in page


def test_joining_the_same_class_twice_makes_one_membership(client, db):
    classroom = _class(db)
    make_student(db, classroom, username="sam.t")
    login(client, "sam.t")
    client.post("/join", data={"code": classroom.join_code})
    assert len(db.scalars(select(Enrollment)).all()) == 1


def test_student_appears_on_the_teachers_roster(client, db):
    classroom = _class(db)
    client.post("/join", data={**NEW_STUDENT, "code": classroom.join_code})
    client.post("/logout")
    login(client, classroom.teacher.email)
    assert b"Sam T." in client.get(f"/teacher/classes/{classroom.id}").data
