"""Check-ins through the routes: start, seats, taking each phase, release, report, access."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

from sqlalchemy import select, update

from app.models import CheckIn, CheckInAttempt, CheckInSeat
from tests.factories import login, make_classroom, make_student, make_teacher
from tests.quiz_forms import lesson, secret_texts

FORMS = {"A": lesson("check-in-signals-a"), "B": lesson("check-in-signals-b")}


def _flat(response) -> str:
    """The page's text, tags left out, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def _class(db, size=4, teacher_email="t@school.test"):
    teacher = make_teacher(db, email=teacher_email)
    classroom = make_classroom(db, teacher)
    students = [make_student(db, classroom, username=f"kid{n}.{classroom.id}") for n in range(size)]
    return teacher, classroom, students


def _start(client, classroom, **data):
    login(client, "t@school.test")
    response = client.post(
        f"/teacher/classes/{classroom.id}/check-ins/new", data={"check_in_set": "signals", **data}
    )
    client.post("/logout")
    return response


def _seats(db) -> dict[int, str]:
    db.expire_all()
    return dict(db.execute(select(CheckInSeat.student_id, CheckInSeat.form_order)).all())


def _check_in(db) -> CheckIn:
    db.expire_all()
    return db.scalars(select(CheckIn)).one()


def _answers(form_lesson, phase: str, right_ids=None, **extra) -> dict:
    """Form data answering the questions in `right_ids` right (every one when None).

    The rest are left blank, which scores 0 whatever the type, so totals can be worked out by
    hand; `confirm` hands in a form with blanks, as the confirm step's button does.
    """
    data = {"phase": phase, "confirm": "1"}
    for question in form_lesson.questions:
        if right_ids is None or question.id in right_ids:
            data.update(question.example_answer(right=True))
    data.update(extra)
    return data


def test_starting_a_check_in_seats_the_class_in_balanced_halves(client, db):
    _, classroom, students = _class(db, size=7)
    response = _start(client, classroom)
    check_in = _check_in(db)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/teacher/check-ins/{check_in.id}")
    seats = _seats(db)
    assert set(seats) == {s.id for s in students}
    assert sorted(Counter(seats.values()).values()) == [3, 4]


def test_a_student_takes_the_form_of_their_seat_with_no_key_in_the_page(client, db):
    _, classroom, students = _class(db, size=2)
    _start(client, classroom)
    seats = _seats(db)
    for student in students:
        login(client, student.username)
        home = _flat(client.get("/student/"))
        assert "Check-in: Signals in the news" in home
        assert "Before check-in: not started" in home
        page = client.get(f"/student/check-ins/{_check_in(db).id}")
        text = page.get_data(as_text=True)
        form = FORMS[seats[student.id][0]]
        other = FORMS[seats[student.id][1]]
        assert form.questions[0].id in text and other.questions[0].id not in text
        leaks = [secret for secret in secret_texts(form) if secret in _flat(page)]
        assert leaks == []
        # The passages are not labelled invented until the results are shared.
        assert "Invented passages" not in text
        client.post("/logout")


def test_saving_and_handing_in_before_stores_one_scored_attempt_and_shows_no_score(client, db):
    _, classroom, (student, *_) = _class(db, size=1)
    _start(client, classroom)
    check_in = _check_in(db)
    form = FORMS[_seats(db)[student.id][0]]
    login(client, student.username)
    url = f"/student/check-ins/{check_in.id}"
    saved = client.post(f"{url}/save?auto=1", data=_answers(form, "before"))
    assert saved.status_code == 200
    assert saved.get_json() == {"saved": True, "answered": 12, "total": 12}
    right = {q.id for q in form.questions[:5]}
    done = client.post(f"{url}/submit", data=_answers(form, "before", right))
    assert done.status_code == 302
    # A second hand-in (a double click) changes nothing.
    client.post(f"{url}/submit", data=_answers(form, "before"))
    attempts = db.scalars(select(CheckInAttempt)).all()
    assert [(a.phase, a.form, a.status) for a in attempts] == [
        ("before", form.check_in.form, "submitted")
    ]
    assert attempts[0].awarded == sum(q.points for q in form.questions[:5])
    page = _flat(client.get(url))
    assert "You have handed in the before check-in" in page
    assert f"{attempts[0].awarded_num} of" not in page
    assert all(secret not in page for secret in secret_texts(form))


def test_a_blank_question_asks_to_confirm_and_keeps_the_answers(client, db):
    _, classroom, (student,) = _class(db, size=1)
    _start(client, classroom)
    check_in = _check_in(db)
    form = FORMS[_seats(db)[student.id][0]]
    login(client, student.username)
    data = _answers(form, "before", {q.id for q in form.questions[1:]}, confirm="0")
    page = client.post(f"/student/check-ins/{check_in.id}/submit", data=data)
    assert page.status_code == 200
    assert "1 question not answered yet" in _flat(page)
    attempt = db.scalars(select(CheckInAttempt)).one()
    assert attempt.status == "in_progress" and len(attempt.answers) == 11


def test_opening_after_closes_before_and_gives_the_other_form(client, db):
    _, classroom, (student,) = _class(db, size=1)
    _start(client, classroom)
    check_in = _check_in(db)
    order = _seats(db)[student.id]
    login(client, "t@school.test")
    opened = client.post(f"/teacher/check-ins/{check_in.id}/open-after", data={})
    assert opened.status_code == 302
    client.post("/logout")
    login(client, student.username)
    url = f"/student/check-ins/{check_in.id}"
    stale = client.post(f"{url}/save?auto=1", data=_answers(FORMS[order[0]], "before"))
    assert stale.status_code == 403
    assert "was for the before check-in, which is closed now" in stale.get_json()["message"]
    page = client.get(url).get_data(as_text=True)
    assert FORMS[order[1]].questions[0].id in page
    client.post(f"{url}/submit", data=_answers(FORMS[order[1]], "after"))
    attempt = db.scalars(select(CheckInAttempt)).one()
    assert (attempt.phase, attempt.form) == ("after", order[1])


def test_release_shows_both_check_ins_with_answers_and_the_invented_label(client, db):
    _, classroom, (student,) = _class(db, size=1)
    _start(client, classroom)
    check_in = _check_in(db)
    order = _seats(db)[student.id]
    login(client, student.username)
    url = f"/student/check-ins/{check_in.id}"
    before_right = {q.id for q in FORMS[order[0]].questions if "unverified" in q.skills[0]}
    client.post(f"{url}/submit", data=_answers(FORMS[order[0]], "before", before_right))
    client.post("/logout")
    login(client, "t@school.test")
    early = client.post(f"/teacher/check-ins/{check_in.id}/release", data={})
    assert _check_in(db).released_at is None and early.status_code == 302
    client.post(f"/teacher/check-ins/{check_in.id}/open-after", data={})
    client.post("/logout")
    login(client, student.username)
    client.post(f"{url}/submit", data=_answers(FORMS[order[1]], "after"))
    assert "Explanation" not in _flat(client.get(url))
    client.post("/logout")
    login(client, "t@school.test")
    client.post(f"/teacher/check-ins/{check_in.id}/release", data={})
    client.post("/logout")
    login(client, student.username)
    page = _flat(client.get(url))
    assert "Invented passages." in page
    assert "Before check-in: 8 of 24 points" in page
    assert "After check-in: 24 of 24 points" in page
    assert FORMS[order[0]].questions[0].explanation.split()[0] in page
    assert "Explanation" in page
    # Unverified claims: 8 of 8 before and after; the other skills 0 → 8.
    assert "Unverified claims 8 of 8 8 of 8 0" in page
    saved = client.post(f"{url}/save?auto=1", data=_answers(FORMS[order[1]], "after"))
    assert saved.status_code == 403


def test_the_report_shows_gains_worked_out_by_hand(client, db):
    _, classroom, students = _class(db, size=3)
    _start(client, classroom)
    check_in = _check_in(db)
    seats = _seats(db)
    # Student 0: nothing right before, everything after. Student 1: everything both times.
    # Student 2: before only.
    plans = {0: (set(), None), 1: (None, None), 2: (None, "skip")}
    for index, (before, _) in plans.items():
        student = students[index]
        order = seats[student.id]
        login(client, student.username)
        client.post(
            f"/student/check-ins/{check_in.id}/submit",
            data=_answers(FORMS[order[0]], "before", before, confirm="1"),
        )
        client.post("/logout")
    login(client, "t@school.test")
    client.post(f"/teacher/check-ins/{check_in.id}/open-after", data={})
    client.post("/logout")
    for index in (0, 1):
        student = students[index]
        login(client, student.username)
        client.post(
            f"/student/check-ins/{check_in.id}/submit",
            data=_answers(FORMS[seats[student.id][1]], "after"),
        )
        client.post("/logout")
    login(client, "t@school.test")
    page = _flat(client.get(f"/teacher/check-ins/{check_in.id}"))
    # Unverified claims has 8 points, anonymous sourcing 9. Means over the 2 with both: before
    # (0 + 8) / 2 = 4, after 8; gain +4; normalized (8 - 4) / (8 - 4) = 1.00. Anonymous
    # sourcing: (0 + 9) / 2 = 4.5 → 9. All skills: (0 + 24) / 2 = 12 → 24 of 24, +12, 1.00.
    assert "Unverified claims 8 4 8 +4 1.00" in page
    assert "Anonymous sourcing 9 4.5 9 +4.5 1.00" in page
    assert "All skills 24 12 24 +12 1.00" in page
    assert "Only 2 students took both check-ins" in page
    # Per student: 0 → 8 (+8, normalized 1.00) and 8 → 8 (0, no room: –).
    assert "0 → 8 +8 · normalized 1.00" in page
    assert "8 → 8 0 · normalized –" in page
    assert f"{students[2].display_name}: took only the before check-in" in page
    csv = client.get(f"/teacher/check-ins/{check_in.id}/report.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    rows = csv.get_data(as_text=True).splitlines()
    assert rows[0].startswith("\ufeffStudent,Username,Form before,Form after,Before,After,")
    assert (
        rows[-1]
        == "class mean (2 with both),,,,,,4,8,4,1.00,4.5,9,4.5,1.00,3.5,7,3.5,1.00,12,24,12,1.00"
    )


def test_a_student_who_joins_later_is_seated_on_their_first_visit(client, db):
    _, classroom, _ = _class(db, size=3)
    _start(client, classroom)
    newcomer = make_student(db, classroom, username="late.joiner")
    assert newcomer.id not in _seats(db)
    login(client, "late.joiner")
    assert client.get(f"/student/check-ins/{_check_in(db).id}").status_code == 200
    seats = _seats(db)
    assert sorted(Counter(seats.values()).values()) == [2, 2]


def test_check_ins_are_private_to_their_class_and_teacher(client, db):
    _, classroom, (student,) = _class(db, size=1)
    _start(client, classroom)
    check_in = _check_in(db)
    make_teacher(db, email="other@school.test")
    outsider = make_student(db, make_classroom(db, make_teacher(db)), username="outsider")
    login(client, "other@school.test")
    for url in ("", "/report.csv"):
        assert client.get(f"/teacher/check-ins/{check_in.id}{url}").status_code == 404
    for action in ("open-after", "release"):
        assert client.post(f"/teacher/check-ins/{check_in.id}/{action}").status_code == 404
    assert client.get(f"/teacher/classes/{classroom.id}/check-ins/new").status_code == 404
    client.post("/logout")
    login(client, outsider.username)
    assert client.get(f"/student/check-ins/{check_in.id}").status_code == 404
    assert client.post(f"/student/check-ins/{check_in.id}/save", data={}).status_code == 404
    assert client.get("/student/check-ins/99999999999").status_code == 404
    client.post("/logout")
    login(client, student.username)
    assert client.get(f"/teacher/check-ins/{check_in.id}").status_code == 403


def test_an_archived_class_takes_no_check_in_answers(client, db):
    _, classroom, (student,) = _class(db, size=1)
    _start(client, classroom)
    check_in = _check_in(db)
    from app.models import Classroom, utcnow

    db.execute(update(Classroom).values(archived_at=utcnow()))
    db.commit()
    login(client, student.username)
    form = FORMS[_seats(db)[student.id][0]]
    response = client.post(
        f"/student/check-ins/{check_in.id}/save?auto=1", data=_answers(form, "before")
    )
    assert response.status_code == 403
    assert "archived" in response.get_json()["message"]
    assert db.scalars(select(CheckInAttempt)).all() == []


def test_an_unknown_set_or_a_bad_due_date_is_a_form_error(client, db):
    _, classroom, _ = _class(db, size=1)
    login(client, "t@school.test")
    url = f"/teacher/classes/{classroom.id}/check-ins/new"
    bad_set = client.post(url, data={"check_in_set": "nonsense"})
    assert bad_set.status_code == 200 and "Not a valid choice" in _flat(bad_set)
    past = client.post(url, data={"check_in_set": "signals", "due_date": "2020-01-01"})
    assert "Choose a due date and time in the future." in _flat(past)
    assert db.scalars(select(CheckIn)).all() == []
    page = _flat(client.get(url))
    assert "Signals in the news" in page


def test_check_in_forms_are_not_assignable_and_show_as_check_ins_in_the_library(client, db):
    _class(db, size=1)
    login(client, "t@school.test")
    assert client.get("/teacher/lessons/check-in-signals-a/assign").status_code == 404
    library = _flat(client.get("/teacher/lessons"))
    assert "Check-ins" in library
    guide = _flat(client.get("/teacher/lessons/check-in-signals-a/guide"))
    assert "Invented passages." in guide


def test_the_start_page_warns_when_the_class_has_taken_the_set_before(client, db):
    _, classroom, _ = _class(db, size=1)
    login(client, "t@school.test")
    url = f"/teacher/classes/{classroom.id}/check-ins/new"
    assert "has already taken" not in _flat(client.get(url))
    client.post(url, data={"check_in_set": "signals"})
    assert "This class has already taken Signals in the news." in _flat(client.get(url))


def test_each_forms_guide_says_what_it_measures_what_it_cannot_and_that_it_is_invented(client, db):
    _class(db, size=1)
    login(client, "t@school.test")
    for slug in ("check-in-signals-a", "check-in-signals-b"):
        guide = _flat(client.get(f"/teacher/lessons/{slug}/guide"))
        for heading in (
            "What this measures.",
            "The passages are invented.",
            "What it cannot tell you.",
        ):
            assert heading in guide, (slug, heading)


def test_the_report_reads_stored_scores_text_as_the_stored_dicts_read():
    import dataclasses
    import json

    from app import grading
    from app.services.check_ins import skill_scores, stored_skill_scores

    form = lesson("check-in-signals-a")
    for right in (True, False):
        sent = {}
        for question in form.questions:
            sent.update(question.example_answer(right=right))
        given = {q.id: q.read_response(sent) for q in form.questions}
        stored = grading.grade(form.questions, given).scores_json()
        text = json.dumps(stored)
        read = stored_skill_scores(form, text)
        assert dict(read) == skill_scores(form, stored)
        assert stored_skill_scores(form, text.encode().decode()) is read  # decoded once
    assert dict(stored_skill_scores(form, None)) == skill_scores(form, {})
    # A form loaded again, here with one more skill, is read afresh: nothing kept is reused.
    edited = dataclasses.replace(form, skills=(*form.skills, "invented-skill"))
    again = stored_skill_scores(edited, text)
    assert dict(again) == skill_scores(edited, stored) and "invented-skill" in again
