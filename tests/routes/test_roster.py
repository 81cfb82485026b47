"""Roster paste and CSV upload, login cards, one-time passwords, removal and deletion."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from app.models import Enrollment, RosterBatch, User
from app.services.classrooms import enroll
from tests.factories import app_context, login, make_classroom, make_student, make_teacher


def _setup(client, db):
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher)
    login(client, "t@school.test")
    return classroom


def _token(client, classroom) -> str:
    page = client.get(f"/teacher/classes/{classroom.id}/roster").get_data(as_text=True)
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)


def _cards(html: str) -> list[tuple[str, str]]:
    usernames = re.findall(r'class="card-username">([^<]+)<', html)
    passwords = re.findall(r'class="card-password">([^<]+)<', html)
    return list(zip(usernames, passwords, strict=True))


def test_pasted_roster_creates_accounts_and_cards(client, db):
    classroom = _setup(client, db)
    data = {"names": "Ann Lee\n\n  Bo Park  \n", "token": _token(client, classroom)}
    response = client.post(f"/teacher/classes/{classroom.id}/roster", data=data)
    cards = _cards(response.get_data(as_text=True))
    assert [username for username, _ in cards] == ["ann.lee", "bo.park"]
    assert b"shown only this once" in response.data
    students = db.scalars(select(User).where(User.role == "student")).all()
    assert all(s.must_change_password for s in students)
    assert len(db.scalars(select(Enrollment)).all()) == 2


def test_duplicate_names_get_distinct_usernames(client, db):
    classroom = _setup(client, db)
    make_student(db, username="ann.lee")
    data = {"names": "Ann Lee\nAnn Lee", "token": _token(client, classroom)}
    html = client.post(f"/teacher/classes/{classroom.id}/roster", data=data).get_data(True)
    assert [u for u, _ in _cards(html)] == ["ann.lee2", "ann.lee3"]


def test_card_password_logs_in_and_must_be_changed(client, db, app):
    classroom = _setup(client, db)
    data = {"names": "Ann Lee", "token": _token(client, classroom)}
    html = client.post(f"/teacher/classes/{classroom.id}/roster", data=data).get_data(True)
    username, password = _cards(html)[0]
    student = app.test_client()
    response = login(student, username, password)
    assert response.headers["Location"] == "/account/password"
    assert student.get("/student/").headers["Location"] == "/account/password"
    new = {"current_password": password, "password": "my-own-pw-1", "confirm": "my-own-pw-1"}
    assert student.post("/account/password", data=new).headers["Location"] == "/student/"
    assert student.get("/student/").status_code == 200


def test_resubmitted_roster_creates_nothing_twice(client, db):
    classroom = _setup(client, db)
    data = {"names": "Ann Lee", "token": _token(client, classroom)}
    client.post(f"/teacher/classes/{classroom.id}/roster", data=data)
    again = client.post(f"/teacher/classes/{classroom.id}/roster", data=data)
    assert again.status_code == 302
    assert len(db.scalars(select(User).where(User.role == "student")).all()) == 1
    assert len(db.scalars(select(RosterBatch)).all()) == 1


def test_empty_roster_is_explained(client, db):
    classroom = _setup(client, db)
    data = {"names": " \n \n", "token": _token(client, classroom)}
    response = client.post(f"/teacher/classes/{classroom.id}/roster", data=data)
    assert b"The roster is empty" in response.data


def test_oversized_roster_is_refused_whole(client, db):
    classroom = _setup(client, db)
    names = "\n".join(f"Student {n}" for n in range(201))
    data = {"names": names, "token": _token(client, classroom)}
    response = client.post(f"/teacher/classes/{classroom.id}/roster", data=data)
    assert b"the most at once is 200" in response.data
    assert db.scalars(select(User).where(User.role == "student")).first() is None


def test_overlong_name_names_its_line(client, db):
    classroom = _setup(client, db)
    data = {"names": "Ann\n" + "x" * 81, "token": _token(client, classroom)}
    response = client.post(f"/teacher/classes/{classroom.id}/roster", data=data)
    assert b"Line 2: the name is longer than 80 characters." in response.data


def test_csv_upload_with_usernames(client, db):
    classroom = _setup(client, db)
    csv_bytes = "\ufeffName,Username\nAnn Lee,annie\nBo Park,\n".encode()
    data = {"csv_file": (io.BytesIO(csv_bytes), "roster.csv"), "token": _token(client, classroom)}
    html = client.post(
        f"/teacher/classes/{classroom.id}/roster", data=data, content_type="multipart/form-data"
    ).get_data(True)
    assert [u for u, _ in _cards(html)] == ["annie", "bo.park"]


def test_csv_without_name_column_is_explained(client, db):
    classroom = _setup(client, db)
    data = {
        "csv_file": (io.BytesIO(b"first,last\nAnn,Lee\n"), "roster.csv"),
        "token": _token(client, classroom),
    }
    response = client.post(
        f"/teacher/classes/{classroom.id}/roster", data=data, content_type="multipart/form-data"
    )
    assert b"a header row with a &#39;name&#39; column" in response.data


def test_csv_that_is_not_utf8_is_explained(client, db):
    classroom = _setup(client, db)
    data = {
        "csv_file": (io.BytesIO(b"name\n\xff\xfe\x00bad"), "roster.csv"),
        "token": _token(client, classroom),
    }
    response = client.post(
        f"/teacher/classes/{classroom.id}/roster", data=data, content_type="multipart/form-data"
    )
    assert b"not UTF-8" in response.data


def _upload(client, classroom, content: bytes):
    data = {"csv_file": (io.BytesIO(content), "roster.csv"), "token": _token(client, classroom)}
    return client.post(
        f"/teacher/classes/{classroom.id}/roster", data=data, content_type="multipart/form-data"
    )


CSV_UNREADABLE = (
    "Line {} of the file could not be read: a cell is far too long, or a quote mark is not "
    "closed. Check that this is the class list, saved as &#39;CSV UTF-8&#39;."
)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"name\nAnn Lee\n" + b"x" * 200_000 + b"\nBo Park\n", 3),
        (b'name\n"Ann Lee' + b"x" * 200_000, 2),
    ],
    ids=["a 200,000-character cell", "a quote left open"],
)
def test_csv_that_the_csv_reader_refuses_is_explained_and_adds_nobody(client, db, content, line):
    classroom = _setup(client, db)
    response = _upload(client, classroom, content)
    assert CSV_UNREADABLE.format(line) in response.get_data(as_text=True)
    assert db.scalars(select(User).where(User.role == "student")).first() is None


def test_csv_with_old_mac_line_endings_is_read_line_by_line(client, db):
    classroom = _setup(client, db)
    response = _upload(client, classroom, b"name\rAnn Lee\rBo Park\r")
    assert [u for u, _ in _cards(response.get_data(as_text=True))] == ["ann.lee", "bo.park"]


def test_reset_password_shows_a_new_card_and_ends_sessions(client, db, app):
    classroom = _setup(client, db)
    student = make_student(db, classroom, username="sam.t")
    student_client = app.test_client()
    login(student_client, "sam.t")
    html = client.post(f"/teacher/classes/{classroom.id}/students/{student.id}/password").get_data(
        True
    )
    [(username, password)] = _cards(html)
    assert username == "sam.t"
    assert student_client.get("/student/").headers["Location"].startswith("/login")
    assert login(app.test_client(), "sam.t", password).headers["Location"] == "/account/password"


def test_remove_keeps_the_account(client, db):
    classroom = _setup(client, db)
    student = make_student(db, classroom, username="sam.t")
    confirm = client.get(f"/teacher/classes/{classroom.id}/students/{student.id}/remove")
    assert b"Their account and their work are kept" in confirm.data
    client.post(f"/teacher/classes/{classroom.id}/students/{student.id}/remove")
    assert db.scalars(select(Enrollment)).first() is None
    assert db.get(User, student.id) is not None


def test_delete_requires_typing_the_username(client, db):
    classroom = _setup(client, db)
    student = make_student(db, classroom, username="sam.t")
    url = f"/teacher/classes/{classroom.id}/students/{student.id}/delete"
    response = client.post(url, data={"confirm_username": "sam"})
    assert b"That does not match" in response.data
    assert db.get(User, student.id) is not None
    student_id = student.id
    client.post(url, data={"confirm_username": "Sam.T"})
    db.expunge_all()
    assert db.get(User, student_id) is None
    assert db.scalars(select(Enrollment)).first() is None


def test_delete_is_refused_when_another_teacher_shares_the_student(client, db):
    classroom = _setup(client, db)
    other_class = make_classroom(db, make_teacher(db, email="o@school.test"), "Theirs")
    student = make_student(db, classroom, username="sam.t")
    with app_context(db):  # the student is in the other teacher's class too
        enroll(db, other_class, student)
    db.commit()
    url = f"/teacher/classes/{classroom.id}/students/{student.id}/delete"
    assert b"also in another teacher" in client.get(url).data
    client.post(url, data={"confirm_username": "sam.t"})
    db.expunge_all()
    assert db.get(User, student.id) is not None


def _shared_student(client, db):
    """Teacher A's student who also joined teacher B's class; the client is B, logged in."""
    teacher_a = make_teacher(db, email="a@school.test")
    class_a = make_classroom(db, teacher_a, "A's class")
    class_b = make_classroom(db, make_teacher(db, email="b@school.test"), "B's class")
    student = make_student(db, class_a, username="sam.t")
    with app_context(db):
        enroll(db, class_b, student)
    db.commit()
    login(client, "b@school.test")
    return class_b, student


def test_a_teacher_cannot_reset_the_password_of_a_student_another_teacher_shares(client, db, app):
    class_b, student = _shared_student(client, db)
    before = (student.password_hash, student.session_version, student.must_change_password)
    student_client = app.test_client()
    login(student_client, "sam.t")
    url = f"/teacher/classes/{class_b.id}/students/{student.id}/password"
    response = client.post(url)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "also in a class another teacher runs" in page
    assert "administrator" in page
    assert _cards(page) == []
    db.expire_all()
    fresh = db.get(User, student.id)
    assert (fresh.password_hash, fresh.session_version, fresh.must_change_password) == before
    assert student_client.get("/student/").status_code == 200


def test_the_class_page_offers_no_reset_or_delete_for_a_shared_student(client, db):
    class_b, student = _shared_student(client, db)
    own = make_student(db, class_b, username="own.pupil")
    page = client.get(f"/teacher/classes/{class_b.id}").get_data(as_text=True)
    assert f"/students/{student.id}/password" not in page
    assert f"/students/{student.id}/delete" not in page
    assert f"/students/{own.id}/password" in page
    assert "Also in another teacher's class" in page


def test_the_first_teacher_cannot_reset_a_shared_student_either(client, db):
    _, student = _shared_student(client, db)
    client.post("/logout")
    login(client, "a@school.test")
    class_a = db.scalars(select(Enrollment.classroom_id).where(Enrollment.student_id == student.id))
    url = f"/teacher/classes/{min(class_a)}/students/{student.id}/password"
    assert client.post(url).status_code == 403


def test_the_roster_marks_as_shared_only_students_in_another_teachers_class(db):
    from app.services.classrooms import roster

    teacher, other = make_teacher(db, email="a@school.test"), make_teacher(db, email="b@s.test")
    mine, my_second = make_classroom(db, teacher, "Mine"), make_classroom(db, teacher, "Second")
    theirs = make_classroom(db, other, "Theirs")
    make_student(db, mine, username="alone")
    in_my_two = make_student(db, mine, username="two.of.mine")
    shared = make_student(db, mine, username="shared")
    make_student(db, theirs, username="elsewhere")  # in theirs alone
    with app_context(db):
        enroll(db, my_second, in_my_two)
        enroll(db, theirs, shared)
    db.commit()
    flags = {entry.student.username: entry.shared for entry in roster(db, mine)}
    assert flags == {"alone": False, "two.of.mine": False, "shared": True}
    assert {e.student.username: e.shared for e in roster(db, theirs)} == {
        "elsewhere": False,
        "shared": True,
    }
