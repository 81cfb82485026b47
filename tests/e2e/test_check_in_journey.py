"""A class of six in Chromium: a before check-in, a lesson, an after check-in, the report.

Every student answers in the browser. Each answers all the questions of some skills right and
leaves the rest blank (blank scores 0 whatever the type), so every number on the report can be
worked out by hand below.
"""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import create_app
from app.db import get_session
from app.models import CheckInSeat, User
from app.services import accounts, classrooms
from tests.a11y import assert_accessible
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in, log_out
from tests.factories import PASSWORD
from tests.quiz_forms import lesson

FORMS = {"A": lesson("check-in-signals-a"), "B": lesson("check-in-signals-b")}
U, A, S = "unverified-claims", "anonymous-sourcing", "state-media-framing"
# Points per skill on either form (they match item for item): 8, 9 and 7, 24 in all.
POINTS = {U: 8, A: 9, S: 7}
# The skills each student gets fully right, before and after.
PLAN = {
    "ana": ((), (U,)),
    "ben": ((U,), (U, A)),
    "cai": ((U, A, S), (U, A, S)),
    "dee": ((), (U, A, S)),
    "eli": ((A,), (A, S)),
    "fay": ((S,), ()),
}


def _seed(database) -> dict[str, int]:
    """Ms. Rivera's class of six, with the Tiotkino lesson assigned."""
    from app.services.assignments import create_assignment

    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        teacher = accounts.create_teacher(db, "Ms. Rivera", "rivera@school.test", PASSWORD)
        classroom = classrooms.create_classroom(db, teacher, "Period 3 Civics")
        for name in PLAN:
            student = accounts.create_student(db, name, name.title(), PASSWORD)
            classrooms.enroll(db, classroom, student)
        assignment = create_assignment(db, classroom, "tiotkino-raid")
        db.commit()
        ids = {"classroom": classroom.id, "assignment": assignment.id}
    app.extensions["db_engine"].dispose()
    return ids


def _orders(database) -> dict[str, str]:
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        query = select(User.username, CheckInSeat.form_order).join(
            CheckInSeat, CheckInSeat.student_id == User.id
        )
        orders = dict(get_session().execute(query).all())
    app.extensions["db_engine"].dispose()
    return orders


def _take(page: Page, form, skills) -> None:
    """Answer the questions of `skills` right, leave the rest blank, and hand in."""
    for question in form.questions:
        if question.skills[0] not in skills:
            continue
        for name, values in question.example_answer(right=True).items():
            for value in values:
                page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.get_by_role("button", name="Hand in").click()
    if len(skills) < 3:
        page.locator(".confirm-submit:visible").get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_text("check-in is handed in")).to_be_visible()


def _fits(page: Page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


def _row(page: Page, name: str):
    return page.locator("table.check-in-students tr", has_text=name)


def test_a_class_of_six_takes_before_and_after_and_the_report_shows_the_gains(
    page: Page, live_server, database
):
    ids = _seed(database)
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{ids['classroom']}")
    page.get_by_role("link", name="Start a check-in").click()
    assert_accessible(page)
    page.get_by_role("button", name="Open the before check-in").click()
    expect(page.get_by_text("The before check-in is open.")).to_be_visible()
    orders = _orders(database)
    assert sorted(orders.values()).count("AB") == 3  # half the class takes A first
    log_out(page)

    for name, (before, _) in PLAN.items():
        log_in(page, name)
        page.get_by_role("link", name=re.compile("^Check-in: Signals in the news")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Before")
        if name == "ana":
            assert_accessible(page)
        _take(page, FORMS[orders[name][0]], before)
        # Then the unit: each student reads the lesson and hands in its quiz.
        page.goto(f"/student/assignments/{ids['assignment']}")
        page.get_by_role("button", name="Submit answers").click()
        page.locator(".confirm-submit:visible").get_by_role("button", name="Submit anyway").click()
        expect(page.get_by_role("heading", name="Your results: attempt 1")).to_be_visible()
        log_out(page)

    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{ids['classroom']}")
    page.locator(".check-in-list a").click()
    expect(page.get_by_text("6 of 6 handed in")).to_be_visible()
    page.get_by_role("button", name="Close before, open the after check-in").click()
    expect(page.get_by_text("The after check-in is open")).to_be_visible()
    log_out(page)

    for name, (_, after) in PLAN.items():
        log_in(page, name)
        page.get_by_role("link", name=re.compile("^Check-in: Signals in the news")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("After")
        _take(page, FORMS[orders[name][1]], after)
        log_out(page)

    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{ids['classroom']}")
    page.locator(".check-in-list a").click()
    gains = page.locator("table.gains-table")
    # Means over the six, worked out by hand from PLAN:
    # unverified claims: before (8 + 8) / 6 = 2.67, after (8 * 4) / 6 = 5.33, gain 2.67,
    #   normalized (16/3 - 8/3) / (8 - 8/3) = 0.50;
    # anonymous sourcing: before 18 / 6 = 3, after 36 / 6 = 6, gain 3, normalized 3 / 6 = 0.50;
    # state-media framing: before 14 / 6 = 2.33, after 21 / 6 = 3.5, gain 7/6 = 1.17,
    #   normalized (7/6) / (7 - 7/3) = 0.25;
    # all skills: before (0 + 8 + 24 + 0 + 9 + 7) / 6 = 8, after (8 + 17 + 24 + 24 + 16 + 0) / 6
    #   = 14.83, gain 41/6 = 6.83, normalized (41/6) / 16 = 0.43.
    for cells in (
        ["Unverified claims", "8", "2.67", "5.33", "+2.67", "0.50"],
        ["Anonymous sourcing", "9", "3", "6", "+3", "0.50"],
        ["State-media framing", "7", "2.33", "3.5", "+1.17", "0.25"],
        ["All skills", "24", "8", "14.83", "+6.83", "0.43"],
    ):
        expect(gains.locator("tr", has_text=cells[0]).locator("th, td")).to_have_text(cells)
    expect(page.get_by_text("Only 6 students took both check-ins")).to_be_visible()
    # Each student's order and gains: Ben 8 → 8 on unverified claims (no room: –), 0 → 9 on
    # anonymous sourcing; Fay 7 → 0 on state-media framing (a fall, no room to gain: –).
    for name, order in orders.items():
        expect(_row(page, name.title())).to_contain_text(f"{order[0]} then {order[1]}")
    ben = _row(page, "Ben").locator("td.gain-cell")
    expect(ben.nth(0)).to_have_text(re.compile(r"8 → 8\s*0 · normalized –"))
    expect(ben.nth(1)).to_have_text(re.compile(r"0 → 9\s*\+9 · normalized 1\.00"))
    expect(ben.nth(3)).to_have_text(re.compile(r"8 → 17\s*\+9 · normalized 0\.56"))
    fay = _row(page, "Fay").locator("td.gain-cell")
    expect(fay.nth(2)).to_have_text(re.compile(r"7 → 0\s*−7 · normalized –"))
    expect(fay.nth(3)).to_have_text(re.compile(r"7 → 0\s*−7 · normalized −0\.41"))
    assert page.locator(".slope-chart").count() == 3
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download as CSV").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    eli = next(row for row in rows if row["Username"] == "eli")
    assert (eli["Anonymous sourcing: before"], eli["State-media framing: after"]) == ("9", "7")
    assert rows[-1]["All skills: normalized gain"] == "0.43"

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    _fits(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Share results with students").click()
    expect(page.get_by_text("Results released")).to_be_visible()
    log_out(page)

    log_in(page, "ben")
    page.get_by_role("link", name=re.compile("^Check-in: Signals in the news")).click()
    expect(
        page.get_by_role("heading", name="Check-in results: Signals in the news")
    ).to_be_visible()
    expect(page.get_by_text("Invented passages.")).to_be_visible()
    expect(page.locator("tr", has_text="Anonymous sourcing").locator("th, td")).to_have_text(
        ["Anonymous sourcing", "0 of 9", "9 of 9", "+9"]
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    _fits(page)
