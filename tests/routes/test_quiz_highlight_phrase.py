"""A phrase question on real pages: its words on the quiz, stored selections, review and key."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.models import Attempt
from tests.factories import login, make_assignment, make_classroom, make_student, make_teacher
from tests.quiz_forms import form_for, lesson

LESSON = lesson()
PHRASE = next(q for q in LESSON.questions if q.type == "highlight_phrase")
FIELD = f"q-{PHRASE.id}"
FIRST_KEY, SECOND_KEY = (list(span.word_ids) for span in PHRASE.answers)
STRAY = next(w.id for w in PHRASE.words if w.id not in {*FIRST_KEY, *SECOND_KEY})


@pytest.fixture
def room(client, db):
    """A student logged in, with an assignment allowing one attempt (the key shows after it)."""
    classroom = make_classroom(db, make_teacher(db, email="t@school.test"))
    make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom, max_attempts=1)
    login(client, "sam.t")
    return assignment


def _url(assignment, action=""):
    return f"/student/assignments/{assignment.id}{action}"


def _flat(html: str) -> str:
    """The page's text with tags dropped and whitespace squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _attempt(db) -> Attempt:
    db.expire_all()
    return db.scalars(select(Attempt)).one()


def test_quiz_shows_every_word_of_the_passage_as_a_box_and_no_key(client, room):
    html = client.get(_url(room)).get_data(as_text=True)
    boxes = html.count(f'name="{FIELD}"')
    assert boxes == len(PHRASE.words)
    assert f'value="{FIRST_KEY[0]}"' in html and "data-enter-toggles" in html
    flat = _flat(html)
    assert all(d.feedback[:40] not in flat for d in PHRASE.distractors)


def test_saved_words_are_stored_and_shown_checked_again(client, db, room):
    client.post(_url(room, "/save"), data={"attempt": "1", "confirm": "1", FIELD: FIRST_KEY})
    assert _attempt(db).answers[PHRASE.id]["choices"] == FIRST_KEY
    html = client.get(_url(room)).get_data(as_text=True)
    assert f'value="{FIRST_KEY[0]}" checked' in html
    assert f'value="{SECOND_KEY[0]}" checked' not in html


def test_submitting_one_key_span_and_a_stray_word_scores_zero(client, db, room):
    data = form_for(LESSON.questions) | {FIELD: [*FIRST_KEY, STRAY]}
    client.post(_url(room, "/submit"), data=data)
    score = _attempt(db).scores[PHRASE.id]
    assert (score["awarded"], score["points"]) == (0, PHRASE.points)


def test_submitting_one_of_two_key_spans_earns_half_the_points(client, db, room):
    client.post(_url(room, "/submit"), data={"attempt": "1", "confirm": "1", FIELD: FIRST_KEY})
    score = _attempt(db).scores[PHRASE.id]
    assert score["awarded"] == PHRASE.points // 2 and score["parts"] == {
        f"{FIRST_KEY[0]}-{FIRST_KEY[-1]}": True,
        f"{SECOND_KEY[0]}-{SECOND_KEY[-1]}": False,
    }


def test_result_page_quotes_the_selection_and_the_missed_key_span(client, room):
    client.post(_url(room, "/submit"), data={"attempt": "1", "confirm": "1", FIELD: FIRST_KEY})
    page = _flat(client.get(_url(room, "/attempts/1")).get_data(as_text=True))
    first, second = (span.text for span in PHRASE.answers)
    assert f"You selected: “{first}”" in page
    assert f"Also correct: “{second}”" in page


def test_result_page_shows_distractor_feedback_once_the_key_shows(client, room):
    distractor = PHRASE.distractors[0]
    client.post(
        _url(room, "/submit"),
        data={"attempt": "1", "confirm": "1", FIELD: list(distractor.word_ids)},
    )
    page = _flat(client.get(_url(room, "/attempts/1")).get_data(as_text=True))
    assert f"You selected: “{distractor.text}”" in page
    assert " ".join(distractor.feedback.split()) in page


def test_result_page_keeps_the_key_while_attempts_remain(client, db):
    classroom = make_classroom(db, make_teacher(db, email="t@school.test"))
    make_student(db, classroom, username="sam.t")
    assignment = make_assignment(db, classroom, max_attempts=2)
    login(client, "sam.t")
    client.post(
        _url(assignment, "/submit"), data={"attempt": "1", "confirm": "1", FIELD: FIRST_KEY}
    )
    page = _flat(client.get(_url(assignment, "/attempts/1")).get_data(as_text=True))
    assert "You selected:" in page and "Also correct:" not in page


def test_teacher_guide_and_item_analysis_show_the_key_spans(app, client, room):
    client.post(_url(room, "/submit"), data={"attempt": "1", "confirm": "1", FIELD: FIRST_KEY})
    teacher = app.test_client()
    login(teacher, "t@school.test")
    guide = _flat(teacher.get(f"/teacher/lessons/{LESSON.slug}/guide").get_data(as_text=True))
    assert all(f"Select: “{span.text}”" in guide for span in PHRASE.answers)
    analysis = _flat(teacher.get(f"/teacher/assignments/{room.id}/analysis").get_data(True))
    first, second = (span.text for span in PHRASE.answers)
    assert f"“{first}” 1" in analysis and f"“{second}” 0" in analysis
