"""Students answer every question type in Chromium, by mouse and by keyboard alone."""

from __future__ import annotations

import re
from fractions import Fraction

from playwright.sync_api import Page, expect

from app import create_app
from app.db import get_session
from app.models import Classroom
from app.services.classrooms import set_archived
from tests.a11y import assert_accessible
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in, quiz_script_ran
from tests.quiz_forms import lesson

LESSON = lesson("tiotkino-raid")
SHORT_TEXT = "The Legion has a stake in saying it won, and nothing independent checks it."


def _plan():
    """Answers to give (name -> values) and the score they must earn, worked out by hand.

    Everything right except: the first single-choice question gets a wrong option (it loses
    all its points) and the first highlight question gets one extra wrong sentence (it loses
    one share). Short answers await the teacher: pending, so left out of the percentage until
    marked; any other type gets its own right example answer.
    """
    plan: dict[str, set[str]] = {}
    expected = Fraction(0)
    wrong_choice_done = extra_sentence_done = False
    for q in LESSON.questions:
        name = f"q-{q.id}"
        if q.type in ("single_choice", "multiple_select"):
            right = {o.id for o in q.options if o.correct}
            if q.type == "single_choice" and not wrong_choice_done:
                plan[name] = {next(o.id for o in q.options if not o.correct)}
                wrong_choice_done = True
                continue
            plan[name] = right
            expected += q.points
        elif q.type == "highlight":
            picks = set(q.answer_ids)
            expected += q.points
            if not extra_sentence_done:
                shown = q.public_view()["paragraphs"]
                extra = next(s["id"] for p in shown for s in p["sentences"] if s["id"] not in picks)
                picks.add(extra)
                expected -= Fraction(q.points, len(q.answer_ids))
                extra_sentence_done = True
            plan[name] = picks
        elif q.type == "classify":
            for item in q.items:
                plan[f"{name}-{item.id}"] = {item.answer}
            expected += q.points
        elif q.teacher_marks:
            plan[name] = {SHORT_TEXT}
        else:  # any other type: its own right answer, for all its points
            plan.update((field, set(values)) for field, values in q.example_answer(True).items())
            expected += q.points
    return plan, expected


PLAN, EXPECTED = _plan()


def _open_quiz(page: Page, assigned) -> None:
    log_in(page, "sam.t")
    page.get_by_role("link", name=LESSON.title).click()
    expect(page.get_by_role("heading", name=re.compile("^Quiz:"))).to_be_visible()
    quiz_script_ran(page)


# Points the written answers carry: pending until the teacher marks them.
PENDING = sum(q.points for q in LESSON.questions if q.teacher_marks)


def _expected_percent() -> int:
    """The share of the marked points earned, half up."""
    return int(EXPECTED * 100 / (LESSON.total_points - PENDING) + Fraction(1, 2))


def _check_result(page: Page) -> None:
    expect(page.get_by_role("heading", name="Your results: attempt 1")).to_be_visible()
    points = f"{EXPECTED.numerator}" if EXPECTED.denominator == 1 else None
    expect(page.locator(".big-score")).to_have_text(f"{_expected_percent()}%")
    if points:
        expect(page.locator(".score-card")).to_contain_text(
            f"{points} of {LESSON.total_points} points"
        )
    expect(page.locator(".score-card")).to_contain_text("awaiting your teacher")
    marked = LESSON.total_points - PENDING
    expect(page.locator(".score-card")).to_contain_text(
        f"pending: {marked} of {LESSON.total_points} points marked"
    )


def test_student_answers_every_type_with_the_mouse_and_sees_the_hand_computed_score(
    page: Page, assigned
):
    _open_quiz(page, assigned)
    assert_accessible(page)
    for name, values in PLAN.items():
        for value in values:
            field = page.locator(f"[name='{name}']").first
            if field.evaluate("e => e.tagName") == "TEXTAREA":
                field.click()
                field.fill(value)
            else:
                page.locator(f"label:has(> input[name='{name}'][value='{value}'])").click()
    expect(page.locator("[data-answered]")).to_have_text(str(len(LESSON.questions)))
    assert_accessible(page)
    page.get_by_role("button", name="Submit answers").click()
    _check_result(page)
    assert_accessible(page)
    page.get_by_role("link", name="Back to my classes").click()
    expect(page.locator(".assignment-row")).to_contain_text("Awaiting teacher")
    assert_accessible(page)


def _keyboard_answer(page: Page) -> None:
    """Tab through the page answering from PLAN with arrows, Space, Enter and typing only."""
    done_radio_groups: set[str] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "() => { const e = document.activeElement; return {tag: e.tagName, type: e.type,"
            " name: e.name || '', value: e.value || '', checked: !!e.checked,"
            " text: (e.textContent || '').trim(), cls: e.className || ''}; }"
        )
        if info["tag"] == "BUTTON" and info["text"] == "Submit answers":
            page.keyboard.press("Enter")
            return
        wanted = PLAN.get(info["name"])
        if wanted is None:
            continue
        if info["type"] == "radio" and info["name"] not in done_radio_groups:
            target = next(iter(wanted))
            for _ in range(8):
                current = page.evaluate(
                    "n => (document.querySelector(`input[name='${n}']:checked`) || {}).value",
                    info["name"],
                )
                if current == target:
                    break
                page.keyboard.press("ArrowDown")
            done_radio_groups.add(info["name"])
        elif info["type"] == "checkbox" and (info["value"] in wanted) != info["checked"]:
            page.keyboard.press("Enter" if "sentence-box" in info["cls"] else "Space")
        elif info["tag"] == "TEXTAREA" and not info["value"]:
            page.keyboard.type(next(iter(wanted)))
    raise AssertionError("never reached the Submit button by Tab")


def test_student_answers_every_type_with_the_keyboard_only(page: Page, assigned):
    _open_quiz(page, assigned)
    page.locator("h1").click()  # start tabbing from the top of the page
    _keyboard_answer(page)
    _check_result(page)


def test_autosave_survives_a_reload(page: Page, assigned):
    _open_quiz(page, assigned)
    choice = next(q for q in LESSON.questions if q.type == "single_choice")
    value = next(iter(PLAN[f"q-{choice.id}"]))
    page.locator(f"label:has(> input[name='q-{choice.id}'][value='{value}'])").click()
    short = next(q for q in LESSON.questions if q.type == "short_answer")
    page.locator(f"textarea[name='q-{short.id}']").fill(SHORT_TEXT)
    expect(page.locator("[data-save-status]")).to_contain_text("All answers saved", timeout=10000)
    page.evaluate("() => window.localStorage.clear()")  # prove the server kept them
    page.reload()
    expect(page.locator(f"input[name='q-{choice.id}'][value='{value}']")).to_be_checked()
    expect(page.locator(f"textarea[name='q-{short.id}']")).to_have_value(SHORT_TEXT)
    expect(page.locator("[data-answered]")).to_have_text("2")
    expect(page.get_by_text("Welcome back")).to_be_visible()


def _click_first_choice(page: Page) -> None:
    choice = next(q for q in LESSON.questions if q.type == "single_choice")
    value = choice.options[0].id
    page.locator(f"label:has(> input[name='q-{choice.id}'][value='{value}'])").click()


def _offline_copies(page: Page) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('sourcewise'))")


def test_autosave_in_a_class_archived_meanwhile_shows_why(page: Page, database, assigned):
    _open_quiz(page, assigned)
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        set_archived(db, db.get(Classroom, assigned["classroom"]), True)
        db.commit()
    app.extensions["db_engine"].dispose()
    _click_first_choice(page)
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text("This class is archived", timeout=10000)
    assert len(_offline_copies(page)) == 1  # kept, in case the teacher restores the class


def test_quiz_and_result_fit_a_360px_phone(page: Page, assigned):
    page.set_viewport_size({"width": 360, "height": 740})
    _open_quiz(page, assigned)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name="Submit anyway").click()  # nothing was answered
    expect(page.get_by_role("heading", name="Your results: attempt 1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
