"""Teachers assign lessons, see the gradebook and a student's work, and mark written answers."""

from __future__ import annotations

import time
from datetime import timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select

from app.models import Assignment, Attempt, utcnow
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
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
SHORT = next(q for q in LESSON.questions if q.type == "short_answer")
TOMORROW = (utcnow() + timedelta(days=1)).date().isoformat()


@pytest.fixture
def teacher_class(client, db):
    """A logged-in teacher with two classes; the first has two students."""
    teacher = make_teacher(db, email="t@school.test")
    first, second = make_classroom(db, teacher, "First"), make_classroom(db, teacher, "Second")
    students = [
        make_student(db, first, username=u, name=n) for u, n in (("ann", "Ann"), ("bo", "Bo"))
    ]
    login(client, "t@school.test")
    return first, second, students


def _assignments(db):
    db.expire_all()
    return db.scalars(select(Assignment).order_by(Assignment.id)).all()


def test_assign_to_two_classes_with_settings(client, db, teacher_class):
    first, second, _ = teacher_class
    data = {
        "classrooms": [str(first.id), str(second.id)],
        "due_date": TOMORROW,
        "due_time": "15:30",
        "max_attempts": "3",
        "reveal": "after_attempt",
        "accept_late": "y",
    }
    response = client.post(f"/teacher/lessons/{LESSON.slug}/assign", data=data)
    assert response.headers["Location"] == f"/teacher/classes/{first.id}"
    made = _assignments(db)
    assert [a.classroom_id for a in made] == [first.id, second.id]
    assert {(a.max_attempts, a.reveal, a.accept_late) for a in made} == {(3, "after_attempt", True)}
    assert made[0].due_at.strftime("%H:%M") == "15:30"  # the school's zone is UTC in tests


def test_assign_without_a_class_or_with_a_past_date_is_explained(client, db, teacher_class):
    first, _, _ = teacher_class
    url = f"/teacher/lessons/{LESSON.slug}/assign"
    response = client.post(url, data={"max_attempts": "2", "reveal": "after_last"})
    assert b"Choose at least one class." in response.data
    past = {
        "classrooms": [str(first.id)],
        "due_date": "2020-01-01",
        "max_attempts": "2",
        "reveal": "after_last",
    }
    assert b"Choose a due date and time in the future." in client.post(url, data=past).data
    bad = {"classrooms": [str(first.id)], "max_attempts": "11", "reveal": "after_last"}
    assert b"Allow from 1 to 10 attempts." in client.post(url, data=bad).data
    assert _assignments(db) == []


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("due_date", "next Friday", b"Enter the date as year-month-day, for example 2026-12-04."),
        ("due_time", "half past three", b"Enter the time as hours:minutes, for example 15:30."),
        ("max_attempts", "two", b"Enter a whole number, such as 2."),
    ],
)
def test_a_mistyped_setting_says_what_to_type_and_keeps_the_rest(
    client, db, teacher_class, field, typed, message
):
    first, _, _ = teacher_class
    data = {
        "classrooms": [str(first.id)],
        "due_date": TOMORROW,
        "max_attempts": "3",
        "reveal": "after_due",
        field: typed,
    }
    page = client.post(f"/teacher/lessons/{LESSON.slug}/assign", data=data).data
    assert message in page and b"Not a valid" not in page
    assert f'value="{typed}"'.encode() in page
    assert _assignments(db) == []


LATEST_DUE = f"31 December {utcnow().year + 10}"

# (school time zone, due date, due time, what the teacher is told). The calendar's last day
# west of UTC and its first moment east of UTC have no UTC equivalent at all.
EDGES_OF_THE_CALENDAR = [
    ("America/Los_Angeles", "9999-12-31", "", f"Choose a due date no later than {LATEST_DUE}."),
    ("UTC", "9999-12-31", "23:59", f"Choose a due date no later than {LATEST_DUE}."),
    ("UTC", f"{utcnow().year + 11}-01-01", "", f"Choose a due date no later than {LATEST_DUE}."),
    ("Asia/Tokyo", "0001-01-01", "00:00", "Choose a due date and time in the future."),
]


def _settings(day: str, at: str) -> dict:
    return {"due_date": day, "due_time": at, "max_attempts": "2", "reveal": "after_last"}


@pytest.mark.parametrize(("zone", "day", "at", "message"), EDGES_OF_THE_CALENDAR)
def test_a_due_date_too_far_off_is_a_form_error_on_the_assign_form(
    app, client, db, teacher_class, zone, day, at, message
):
    app.config["SCHOOL_TIMEZONE"] = zone
    first, _, _ = teacher_class
    data = {"classrooms": [str(first.id)], **_settings(day, at)}
    response = client.post(f"/teacher/lessons/{LESSON.slug}/assign", data=data)
    assert message in response.get_data(as_text=True) and _assignments(db) == []


@pytest.mark.parametrize(("zone", "day", "at", "message"), EDGES_OF_THE_CALENDAR)
def test_a_due_date_too_far_off_is_a_form_error_on_the_edit_form(
    app, client, db, teacher_class, zone, day, at, message
):
    app.config["SCHOOL_TIMEZONE"] = zone
    assignment = make_assignment(db, teacher_class[0])
    url = f"/teacher/assignments/{assignment.id}/edit"
    response = client.post(url, data=_settings(day, at) | {"max_attempts": "5"})
    assert message in response.get_data(as_text=True)
    assert [(a.due_at, a.max_attempts) for a in _assignments(db)] == [(None, 2)]


def test_the_last_day_allowed_is_accepted_west_of_utc(app, client, db, teacher_class):
    app.config["SCHOOL_TIMEZONE"] = "America/Los_Angeles"
    first, _, _ = teacher_class
    data = {"classrooms": [str(first.id)], **_settings(f"{utcnow().year + 10}-12-31", "23:59")}
    client.post(f"/teacher/lessons/{LESSON.slug}/assign", data=data)
    [made] = _assignments(db)
    assert made.due_at.isoformat() == f"{utcnow().year + 11}-01-01T07:59:00+00:00"


def test_assign_to_another_teachers_class_is_refused(client, db, teacher_class):
    theirs = make_classroom(db, make_teacher(db), "Theirs")
    data = {"classrooms": [str(theirs.id)], "max_attempts": "2", "reveal": "after_last"}
    response = client.post(f"/teacher/lessons/{LESSON.slug}/assign", data=data)
    assert response.status_code == 200 and _assignments(db) == []


def test_assign_unknown_lesson_is_404(client, teacher_class):
    assert client.get("/teacher/lessons/no-such/assign").status_code == 404


def test_edit_and_withdraw_keep_students_work(client, db, teacher_class):
    first, _, students = teacher_class
    assignment = make_assignment(db, first)
    make_submitted_attempt(db, assignment, students[0])
    data = {"max_attempts": "1", "reveal": "after_due", "due_date": TOMORROW}
    client.post(f"/teacher/assignments/{assignment.id}/edit", data=data)
    [edited] = _assignments(db)
    assert (edited.max_attempts, edited.reveal, edited.accept_late) == (1, "after_due", False)
    confirm = client.get(f"/teacher/assignments/{assignment.id}/withdraw")
    assert b"answers and scores are kept" in confirm.data
    client.post(f"/teacher/assignments/{assignment.id}/withdraw")
    assert _assignments(db)[0].withdrawn_at is not None
    assert len(db.scalars(select(Attempt)).all()) == 1
    assert client.get(f"/teacher/assignments/{assignment.id}/edit").status_code == 404


def test_gradebook_shows_best_scores_and_statuses(client, db, teacher_class):
    first, _, (ann, _) = teacher_class
    assignment = make_assignment(db, first)
    answers = {q.id: q.read_response(form_for([q])) for q in LESSON.questions}
    make_submitted_attempt(db, assignment, ann)
    make_submitted_attempt(db, assignment, ann, answers)
    page = client.get(f"/teacher/classes/{first.id}/gradebook").get_data(as_text=True)
    # Everything marked is right; the written answer is pending, not zero.
    marked = LESSON.total_points - SHORT.points
    assert "100%" in page
    assert f"pending: {marked} of {LESSON.total_points} points marked" in page
    assert "Awaiting teacher" in page and "Not started" in page


def test_gradebook_has_a_class_average_row_over_marked_points(client, db, teacher_class):
    first, _, (ann, bo) = teacher_class
    assignment = make_assignment(db, first)
    right = {q.id: q.read_response(form_for([q])) for q in LESSON.questions}
    make_submitted_attempt(db, assignment, ann, right)  # 100% of the marked points, pending
    make_submitted_attempt(db, assignment, bo)  # 0%, nothing written to mark
    page = client.get(f"/teacher/classes/{first.id}/gradebook").get_data(as_text=True)
    row = page[
        page.index('class="class-average-row"') : page.index(
            "</tr>", page.index("class-average-row")
        )
    ]
    assert "50%" in row and "pending: 1 to mark" in row


def test_gradebook_headers_carry_due_dates_and_cells_open_the_attempts(client, db, teacher_class):
    first, _, (ann, _) = teacher_class
    assignment = make_assignment(db, first)
    make_submitted_attempt(db, assignment, ann)
    page = client.get(f"/teacher/classes/{first.id}/gradebook").get_data(as_text=True)
    assert "No due date" in page
    assert f"/teacher/classes/{first.id}/students/{ann.id}#a-{assignment.id}" in page


def test_gradebook_sorts_by_score(client, db, teacher_class):
    first, _, (ann, bo) = teacher_class
    assignment = make_assignment(db, first)
    answers = {q.id: q.read_response(form_for([q])) for q in LESSON.questions}
    make_submitted_attempt(db, assignment, bo, answers)
    make_submitted_attempt(db, assignment, ann)
    page = client.get(f"/teacher/classes/{first.id}/gradebook?sort=score").get_data(as_text=True)
    assert page.index(">Bo<") < page.index(">Ann<")
    page = client.get(f"/teacher/classes/{first.id}/gradebook?sort=bogus").get_data(as_text=True)
    assert page.index(">Ann<") < page.index(">Bo<")


def test_empty_class_gradebook_says_so(client, db, teacher_class):
    _, second, _ = teacher_class
    assert (
        b"No students in this class yet."
        in client.get(f"/teacher/classes/{second.id}/gradebook").data
    )


def test_student_page_shows_every_attempt_with_answers_and_key(client, db, teacher_class):
    first, _, (ann, _) = teacher_class
    assignment = make_assignment(db, first)
    answers = {SHORT.id: Response("short_answer", text="Because the Legion gains.")}
    make_submitted_attempt(db, assignment, ann, answers)
    make_submitted_attempt(db, assignment, ann)
    page = client.get(f"/teacher/classes/{first.id}/students/{ann.id}").get_data(as_text=True)
    assert "Attempt 1:" in page and "Attempt 2:" in page
    assert "Because the Legion gains." in page and "Explanation" in page


def _waiting_attempt(db, first, student, text="The Legion has a stake."):
    assignment = make_assignment(db, first)
    answers = {SHORT.id: Response("short_answer", text=text)}
    return make_submitted_attempt(db, assignment, student, answers)


def test_marking_updates_the_score_at_once(client, db, teacher_class, app):
    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann)
    queue = client.get(f"/teacher/classes/{first.id}/marking").get_data(as_text=True)
    assert "The Legion has a stake." in queue and SHORT.rubric[0].criterion[:30] in queue
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    client.post(url, data={"points": "2.5", "comment": "Name the source, too."})
    db.expire_all()
    marked = db.get(Attempt, attempt.id)
    assert marked.awarded == Fraction(5, 2) and not marked.awaiting_teacher
    assert marked.scores[SHORT.id]["comment"] == "Name the source, too."
    assert b"Nothing to mark" in client.get(f"/teacher/classes/{first.id}/marking").data
    student = app.test_client()
    login(student, "ann")
    result = student.get(f"/student/assignments/{attempt.assignment_id}/attempts/1").get_data(True)
    assert "Name the source, too." in result


@pytest.mark.parametrize(
    ("points", "message"),
    [("", "Mark not saved: Give a mark."), ("12345678901", "Mark not saved: Write the mark as")],
)
def test_a_missing_or_overlong_mark_is_explained_next_to_its_answer(
    client, db, teacher_class, points, message
):
    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann)
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    response = client.post(url, data={"points": points})
    assert response.headers["Location"].endswith(f"#mark-{attempt.id}-{SHORT.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page


@pytest.mark.parametrize("points", ["-1", "99", "abc", "1/0", ""])
def test_out_of_range_marks_are_refused(client, db, teacher_class, points):
    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann)
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    response = client.post(url, data={"points": points})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Attempt, attempt.id).awaiting_teacher


def _post_mark(client, attempt, points: str):
    """Post a mark; the response and the page it redirects to (with its flashed message)."""
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    response = client.post(url, data={"points": points})
    return response, client.get(response.headers["Location"]).get_data(as_text=True)


def _unchanged(db, attempt) -> bool:
    db.expire_all()
    stored = db.get(Attempt, attempt.id)
    return (stored.scores, stored.awarded, stored.awaiting_teacher) == (
        attempt.scores,
        attempt.awarded,
        True,
    )


MARK_FORMAT = f"Write the mark as a number from 0 to {SHORT.points}, such as 2 or 1.5"


def test_a_mark_with_a_huge_exponent_is_refused_at_once(client, db, teacher_class):
    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann)
    started = time.monotonic()
    _post_mark(client, attempt, "1e99999999")
    # Reading it as a number once took a worker about 30 seconds.
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "points", ["1e99999999", "1e-999999", "1e0", "1.255", "+1", "-0", "1_0", "٣", "1/0", "1..5"]
)
def test_a_mark_that_is_not_a_plain_number_is_explained_and_changes_nothing(
    client, db, teacher_class, points
):
    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann)
    response, page = _post_mark(client, attempt, points)
    assert response.headers["Location"].endswith(f"#mark-{attempt.id}-{SHORT.id}")
    assert MARK_FORMAT in page and _unchanged(db, attempt)


@pytest.mark.parametrize(
    ("points", "awarded"),
    [
        ("2", Fraction(2)),
        (" 1.25 ", Fraction(5, 4)),
        ("2,5", Fraction(5, 2)),
        (".5", Fraction(1, 2)),
        ("2.", Fraction(2)),
        ("2.50", Fraction(5, 2)),
        ("5/2", Fraction(5, 2)),
        ("1/3", Fraction(1, 3)),
    ],
)
def test_marks_typed_as_decimals_or_simple_fractions_are_saved_exactly(
    client, db, teacher_class, points, awarded
):
    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann)
    _post_mark(client, attempt, points)
    db.expire_all()
    assert db.get(Attempt, attempt.id).awarded == awarded


def test_marking_another_teachers_attempt_is_404(client, db, teacher_class):
    theirs = make_classroom(db, make_teacher(db), "Theirs")
    student = make_student(db, theirs)
    attempt = _waiting_attempt(db, theirs, student)
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    assert client.post(url, data={"points": "1"}).status_code == 404


def test_marking_a_question_that_is_not_written_is_404(client, db, teacher_class):
    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann)
    url = f"/teacher/attempts/{attempt.id}/questions/{LESSON.questions[0].id}/mark"
    assert client.post(url, data={"points": "1"}).status_code == 404


def test_dashboard_shows_finished_counts_and_average(client, db, teacher_class):
    first, _, (ann, _) = teacher_class
    assignment = make_assignment(db, first)
    make_submitted_attempt(db, assignment, ann)
    page = client.get(f"/teacher/classes/{first.id}").get_data(as_text=True)
    assert "1 of 2" in page and "0%" in page


def _best_score(db, assignment, student, percent: int) -> None:
    """Hand in an attempt, then give it `percent` of 100 points (its standing kept in step)."""
    attempt = make_submitted_attempt(db, assignment, student)
    attempt.awarded_num, attempt.awarded_den, attempt.max_points = percent, 1, 100
    db.flush()
    standings.refresh(db, assignment.id, student.id)
    db.commit()


def test_class_average_of_84_and_85_rounds_half_up_to_85(client, db, teacher_class):
    # round((84 + 85) / 2) is 84: float averaging rounded halves to even, unlike every other %.
    first, _, (ann, bo) = teacher_class
    assignment = make_assignment(db, first)
    _best_score(db, assignment, ann, 84)
    _best_score(db, assignment, bo, 85)
    page = client.get(f"/teacher/classes/{first.id}").get_data(as_text=True)
    assert "<td>85%</td>" in page and "<td>84%</td>" not in page


def test_gradebook_row_average_of_84_and_85_rounds_half_up_to_85(client, db, teacher_class):
    first, _, (ann, _) = teacher_class
    _best_score(db, make_assignment(db, first), ann, 84)
    _best_score(db, make_assignment(db, first, lesson_slug="commander-interview"), ann, 85)
    page = client.get(f"/teacher/classes/{first.id}/gradebook").get_data(as_text=True)
    assert '<td class="grade-average">85%</td>' in page


def test_csv_of_an_empty_class_is_a_valid_csv_with_a_header(client, db, teacher_class):
    import csv
    import io

    _, second, _ = teacher_class
    response = client.get(f"/teacher/classes/{second.id}/gradebook.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [
        ["student", "username", "average %"]
        + [
            f"{name} (mastery %)"
            for name in ("Unverified claims", "Anonymous sourcing", "State-media framing")
        ]
    ]


def test_analysis_of_an_assignment_nobody_handed_in_says_so(client, db, teacher_class):
    first, _, _ = teacher_class
    assignment = make_assignment(db, first)
    page = client.get(f"/teacher/assignments/{assignment.id}/analysis").get_data(as_text=True)
    assert "No one has handed this in yet." in page


def test_csv_neutralises_a_formula_in_a_students_name(client, db, teacher_class):
    first, _, _ = teacher_class
    make_student(db, first, username="evil", name="=HYPERLINK(1)")
    text = client.get(f"/teacher/classes/{first.id}/gradebook.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text


def test_a_mark_shows_at_once_on_reports_already_viewed(client, db, teacher_class):
    # Reports keep each attempt's decoded answers, scores and skill points between views: a mark
    # writes new ones, and the next view must read them, not what it decoded before.
    import csv
    import io

    first, _, (ann, _) = teacher_class
    attempt = _waiting_attempt(db, first, ann, text="Only the Legion says so.")
    analysis = f"/teacher/assignments/{attempt.assignment_id}/analysis"
    responses = f"/teacher/assignments/{attempt.assignment_id}/responses.csv"
    gradebook = f"/teacher/classes/{first.id}/gradebook.csv"

    def short_answer_points() -> str:
        text = client.get(responses).get_data(as_text=True).lstrip("\ufeff")
        row = next(r for r in csv.DictReader(io.StringIO(text)) if r["question"] == SHORT.id)
        assert row["answer"] == "Only the Legion says so."
        return row["points"]

    def unverified_mastery() -> str:
        text = client.get(gradebook).get_data(as_text=True).lstrip("\ufeff")
        row = next(r for r in csv.DictReader(io.StringIO(text)) if r["username"] == "ann")
        return row["Unverified claims (mastery %)"]

    assert "pending: 1 to mark" in client.get(analysis).get_data(as_text=True)
    assert short_answer_points() == ""
    before = unverified_mastery()
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    assert client.post(url, data={"points": str(SHORT.points)}).status_code == 302
    page = client.get(analysis).get_data(as_text=True)
    assert "pending: 1 to mark" not in page and "(1 marked)" in page
    assert short_answer_points() == str(SHORT.points)
    assert "unverified-claims" in SHORT.skills and unverified_mastery() != before


def test_the_class_page_counts_what_the_marking_queue_lists(client, db, teacher_class):
    first, second, (ann, bo) = teacher_class
    waiting = [_waiting_attempt(db, first, ann), _waiting_attempt(db, first, bo)]
    withdrawn = _waiting_attempt(db, first, ann)
    db.get(Assignment, withdrawn.assignment_id).withdrawn_at = utcnow()
    elsewhere = make_student(db, second, username="cy", name="Cy")
    _waiting_attempt(db, second, elsewhere)
    db.commit()
    page = client.get(f"/teacher/classes/{first.id}").get_data(as_text=True)
    queue = client.get(f"/teacher/classes/{first.id}/marking").get_data(as_text=True)
    assert "Mark written answers (2)" in page and queue.count("The Legion has a stake.") == 2
    url = f"/teacher/attempts/{waiting[0].id}/questions/{SHORT.id}/mark"
    client.post(url, data={"points": "1"})
    assert "Mark written answers (1)" in client.get(f"/teacher/classes/{first.id}").data.decode()
    client.post(
        f"/teacher/attempts/{waiting[1].id}/questions/{SHORT.id}/mark", data={"points": "1"}
    )
    assert "Mark written answers" not in client.get(f"/teacher/classes/{first.id}").data.decode()
