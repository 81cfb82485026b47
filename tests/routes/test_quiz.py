"""Students take quizzes: saving, resuming, submitting once, late rules, results and secrecy."""

from __future__ import annotations

import threading
from datetime import timedelta
from fractions import Fraction
from html import unescape

import pytest
from sqlalchemy import select

from app.models import Attempt, utcnow
from app.services.classrooms import remove_from_classroom
from tests.factories import (
    app_context,
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_teacher,
)
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
Q = {q.type: q for q in reversed(LESSON.questions)}  # the first question of each type
PUBLIC = " ".join(" ".join([LESSON.introduction, LESSON.body, *LESSON.discussion]).split())


@pytest.fixture
def setup(client, db):
    """A class with a student logged in and one assignment (2 attempts, key after the last)."""
    classroom = make_classroom(db, make_teacher(db))
    student = make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom)
    login(client, "sam.t")
    return classroom, student, assignment


def _url(assignment, action=""):
    return f"/student/assignments/{assignment.id}{action}"


def _attempts(db):
    db.expire_all()
    return db.scalars(select(Attempt).order_by(Attempt.number)).all()


def test_home_lists_the_assignment_as_not_started(client, setup):
    page = client.get("/student/").get_data(as_text=True)
    assert LESSON.title.replace("'", "&#39;") in page and "Not started" in page


def test_lesson_page_shows_reading_and_quiz_without_keys(client, setup):
    _, _, assignment = setup
    html = unescape(client.get(_url(assignment)).get_data(as_text=True))
    assert f"data-answered>0</span> of {len(LESSON.questions)} answered" in html
    assert 'name="attempt" type="hidden" value="1"' in html
    flat = " ".join(html.split())
    for question in LESSON.questions:
        assert f'id="q-{question.id}"' in html
        secret = " ".join(question.explanation.split())[:60]
        assert secret not in flat or secret in PUBLIC, question.id
    for option in Q["single_choice"].options:
        assert not option.feedback or option.feedback[:50] not in html


def test_explicit_save_keeps_answers_and_the_page_resumes_them(client, db, setup):
    _, _, assignment = setup
    choice = Q["single_choice"]
    data = {"attempt": "1", f"q-{choice.id}": choice.example_answer(right=False)[f"q-{choice.id}"]}
    response = client.post(_url(assignment, "/save"), data=data)
    assert response.status_code == 302
    [attempt] = _attempts(db)
    assert attempt.status == "in_progress" and list(attempt.answers) == [choice.id]
    page = client.get(_url(assignment)).get_data(as_text=True)
    assert (
        f"data-answered>1</span> of {len(LESSON.questions)} answered" in page
        and "Welcome back" in page
    )
    picked = data[f"q-{choice.id}"][0]
    assert f'value="{picked}"\n    checked' in page or f'value="{picked}" checked' in page


def test_autosave_answers_json_with_progress(client, setup):
    _, _, assignment = setup
    data = form_for(LESSON.questions[:3])
    response = client.post(_url(assignment, "/save?auto=1"), data=data)
    assert response.get_json() == {
        "saved": True,
        "answered": 3,
        "total": len(LESSON.questions),
    }


def test_submit_scores_by_the_rules_and_shows_the_result(client, db, setup):
    _, _, assignment = setup
    choice, multi = Q["single_choice"], Q["multiple_select"]
    data = form_for(LESSON.questions, **choice.example_answer(right=False))
    right = [o.id for o in multi.options if o.correct]
    wrong = [o.id for o in multi.options if not o.correct]
    data[f"q-{multi.id}"] = right[:1] + wrong[:1]  # one right and one wrong pick: 0 points
    response = client.post(_url(assignment, "/submit"), data=data)
    assert response.headers["Location"] == _url(assignment, "/attempts/1")
    short = sum(q.points for q in LESSON.questions if q.type == "short_answer")
    expected = LESSON.total_points - short - choice.points - multi.points
    [attempt] = _attempts(db)
    assert attempt.awarded == expected and attempt.awaiting_teacher
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{expected} of {LESSON.total_points} points" in page


def test_partial_credit_for_multiple_select_is_recorded_exactly(client, db, setup):
    _, _, assignment = setup
    multi = Q["multiple_select"]
    right = [o.id for o in multi.options if o.correct]
    client.post(
        _url(assignment, "/submit"),
        data={"attempt": "1", "confirm": "1", f"q-{multi.id}": right[:1]},
    )
    [attempt] = _attempts(db)
    assert attempt.awarded == Fraction(multi.points, len(right))


def test_double_submit_of_the_same_attempt_makes_one_attempt(client, db, setup):
    _, _, assignment = setup
    data = form_for(LESSON.questions)
    first = client.post(_url(assignment, "/submit"), data=data)
    second = client.post(_url(assignment, "/submit"), data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(_attempts(db)) == 1


def test_the_key_is_hidden_until_the_last_attempt(client, db, setup):
    _, _, assignment = setup
    explanation = " ".join(LESSON.questions[0].explanation.split())[:50]
    client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions))
    first = " ".join(unescape(client.get(_url(assignment, "/attempts/1")).get_data(True)).split())
    assert explanation not in first and "correct answers and full explanations appear" in first
    client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions, attempt=2))
    second = " ".join(unescape(client.get(_url(assignment, "/attempts/2")).get_data(True)).split())
    assert explanation in second and "The claim ledger" in second


def test_no_third_attempt_when_two_are_allowed(client, db, setup):
    _, _, assignment = setup
    for number in (1, 2, 3):
        client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions, attempt=number))
    assert [a.number for a in _attempts(db)] == [1, 2]
    assert "You have used all your attempts" in client.get(_url(assignment)).get_data(True)


def test_key_after_each_attempt_when_the_assignment_says_so(client, db, setup):
    classroom, _, _ = setup
    assignment = make_assignment(db, classroom, reveal="after_attempt")
    explanation = " ".join(LESSON.questions[0].explanation.split())[:50]
    client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions))
    page = " ".join(unescape(client.get(_url(assignment, "/attempts/1")).get_data(True)).split())
    assert explanation in page


def test_late_submission_is_accepted_and_marked_late(client, db, setup):
    classroom, _, _ = setup
    assignment = make_assignment(db, classroom, due_at=utcnow() - timedelta(hours=1))
    client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions))
    [attempt] = _attempts(db)
    assert attempt.is_late and attempt.is_submitted


def test_late_submission_is_refused_but_answers_are_kept(client, db, setup):
    classroom, _, _ = setup
    due = utcnow() - timedelta(hours=1)
    assignment = make_assignment(db, classroom, due_at=due, accept_late=False)
    data = form_for(LESSON.questions[:2]) | {"confirm": "1"}
    response = client.post(_url(assignment, "/submit"), data=data)
    assert response.headers["Location"] == _url(assignment)
    [attempt] = _attempts(db)
    assert attempt.status == "in_progress" and len(attempt.answers) == 2
    assert "does not accept late work" in client.get(_url(assignment)).get_data(True)


@pytest.mark.parametrize(
    "fields",
    [
        {"q-headline-basis": ["zz"]},  # unknown option id
        {"q-own-voice-capture": ["p99s1", "nonsense"]},  # sentences that do not exist
        {"q-sort-how-presented-unknown-item": ["own-voice"]},  # an item that does not exist
        {"q-unknown-question": ["a"]},
        {},
    ],
)
def test_odd_values_count_as_unanswered(client, db, setup, fields):
    _, _, assignment = setup
    response = client.post(_url(assignment, "/save?auto=1"), data={"attempt": "1", **fields})
    assert response.status_code == 200 and response.get_json()["answered"] == 0


def test_overlong_written_answer_is_cut_to_the_limit(client, db, setup):
    _, _, assignment = setup
    short = Q["short_answer"]
    data = {"attempt": "1", f"q-{short.id}": "x" * 5000}
    client.post(_url(assignment, "/save"), data=data)
    [attempt] = _attempts(db)
    assert len(attempt.answers[short.id]["text"]) == short.max_chars


@pytest.mark.parametrize("number", ["", "0", "7", "abc"])
def test_tampered_attempt_number_saves_nothing(client, db, setup, number):
    _, _, assignment = setup
    response = client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions, number))
    assert response.status_code == 302
    assert _attempts(db) == []


def test_assignment_of_another_class_is_404(client, db, setup):
    other = make_classroom(db, make_teacher(db), "Other")
    assignment = make_assignment(db, other)
    assert client.get(_url(assignment)).status_code == 404
    response = client.post(_url(assignment, "/submit"), data=form_for(LESSON.questions))
    assert response.status_code == 404 and _attempts(db) == []


def test_quiz_of_a_class_the_student_left_is_404(client, db, setup):
    classroom, student, assignment = setup
    with app_context(db):
        remove_from_classroom(db, classroom, student)
    db.commit()
    assert client.get(_url(assignment)).status_code == 404
    assert client.post(_url(assignment, "/save"), data={"attempt": "1"}).status_code == 404


def test_withdrawn_assignment_is_404(client, db, setup):
    _, _, assignment = setup
    assignment.withdrawn_at = utcnow()
    db.commit()
    assert client.get(_url(assignment)).status_code == 404


def test_result_of_an_attempt_not_submitted_is_404(client, setup):
    _, _, assignment = setup
    client.post(_url(assignment, "/save"), data={"attempt": "1"})
    assert client.get(_url(assignment, "/attempts/1")).status_code == 404


def test_twenty_parallel_submissions_make_exactly_one_attempt(app, db, setup):
    _, _, assignment = setup
    data = form_for(LESSON.questions)
    url = _url(assignment, "/submit")  # read before the threads: the test's session is not shared
    clients = []
    for _ in range(20):
        client = app.test_client()
        login(client, "sam.t")
        clients.append(client)
    barrier = threading.Barrier(20)
    statuses = []

    errors = []

    def hand_in(client):
        barrier.wait()
        try:
            statuses.append(client.post(url, data=data).status_code)
        except Exception as error:  # reported below rather than lost in the thread
            errors.append(repr(error))

    threads = [threading.Thread(target=hand_in, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [302] * 20
    [attempt] = _attempts(db)
    assert attempt.number == 1 and attempt.is_submitted


def _stale_page(db, student, assignment):
    """What a tab opened before any attempt existed will hand in: a view and a new attempt 1."""
    from app.services import attempts

    view = attempts.student_view(db, assignment, student, utcnow())
    attempt = attempts.attempt_for_form(view, student, LESSON, 1)
    db.commit()  # the tab's read is over; another tab writes next
    return view, attempt


def test_a_stale_tab_hands_in_the_attempt_another_tab_started_instead_of_a_second(
    client, db, setup
):
    from app.services import attempts

    _, student, assignment = setup
    view, new = _stale_page(db, student, assignment)
    client.post(_url(assignment, "/save"), data={"attempt": "1"})  # the other tab starts it
    answers = attempts.read_answers(LESSON, form_for(LESSON.questions))
    assert attempts.submit(db, view, new, LESSON, answers)
    db.commit()
    [attempt] = _attempts(db)
    assert attempt.is_submitted and set(attempt.answers) == set(answers)


def test_a_stale_tab_cannot_hand_in_again_what_another_tab_handed_in(client, db, setup):
    from app.services import attempts

    _, student, assignment = setup
    view, new = _stale_page(db, student, assignment)
    first = form_for(LESSON.questions[:1])
    assert (
        client.post(_url(assignment, "/submit"), data={**first, "confirm": "1"}).status_code == 302
    )
    answers = attempts.read_answers(LESSON, form_for(LESSON.questions))
    assert not attempts.submit(db, view, new, LESSON, answers)
    db.commit()
    [attempt] = _attempts(db)
    assert attempt.is_submitted and list(attempt.answers) == [LESSON.questions[0].id]
