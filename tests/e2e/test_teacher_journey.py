"""A teacher in Chromium: assign, read the gradebook and analysis, mark, and download CSVs."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import create_app
from app.db import get_session
from app.lesson_vocabulary import SKILL_LABELS
from app.models import Assignment, User, utcnow
from app.services import accounts, attempts, classrooms
from tests.a11y import assert_accessible
from tests.conftest import BASE_CONFIG
from tests.e2e.conftest import log_in, log_out
from tests.quiz_forms import form_for, lesson

LESSON = lesson("tiotkino-raid")
SHORT = next(q for q in LESSON.questions if q.type == "short_answer")
FIRST = LESSON.questions[0]


def _seed_submissions(database) -> None:
    """Two students hand in: Sam answers everything right, Ann leaves everything blank."""
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        assignment = db.scalars(select(Assignment)).one()
        sam = db.scalars(select(User).where(User.username == "sam.t")).one()
        ann = accounts.create_student(db, "ann.l", "Ann L.", "password-123")
        classrooms.enroll(db, assignment.classroom, ann)
        for student, form in ((sam, form_for(LESSON.questions)), (ann, {"attempt": ["1"]})):
            view = attempts.student_view(db, assignment, student, utcnow())
            attempt = attempts.attempt_for_form(view, student, LESSON, 1)
            attempts.submit(db, view, attempt, LESSON, attempts.read_answers(LESSON, form))
        db.commit()
    app.extensions["db_engine"].dispose()


def _pct(points) -> str:
    return f"{int(Fraction(points) * 100 / LESSON.total_points + Fraction(1, 2))}%"


def _download_csv(page: Page, link_name: str) -> list[dict]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    text = info.value.path().read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_teacher_assigns_reads_results_marks_and_exports(page: Page, seeded, database):
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/lessons/{LESSON.slug}")
    page.goto(f"/teacher/lessons/{LESSON.slug}/assign")
    assert_accessible(page)
    page.get_by_label("Period 3 Civics").check()
    page.get_by_label("Attempts allowed").fill("2")
    page.get_by_role("button", name="Assign lesson").click()
    expect(page.get_by_text("is assigned to Period 3 Civics")).to_be_visible()

    _seed_submissions(database)
    all_right = LESSON.total_points - SHORT.points  # the written answer awaits marking
    page.reload()
    expect(page.locator(".assignments-table")).to_contain_text("2 of 2")
    # Sam's written answer is pending, so his score is over the marked points: 100%; with
    # Ann's 0% the class average is 50%, and it says one student's work is still to mark.
    expect(page.locator(".assignments-table")).to_contain_text("50% pending: 1 to mark")
    assert_accessible(page)

    page.get_by_role("link", name="Gradebook").click()
    sam_row = page.locator("tr", has_text="Sam T.")
    expect(sam_row).to_contain_text("100%")
    pending = f"pending: {all_right} of {LESSON.total_points} points marked"
    expect(sam_row).to_contain_text(pending)
    expect(page.locator("tr", has_text="Ann L.")).to_contain_text("0%")
    assert_accessible(page)
    rows = _download_csv(page, "Download CSV")
    assert [r["student"] for r in rows] == ["Ann L.", "Sam T."]
    assert rows[1][f"{LESSON.title} (best %)"] == "100"

    page.get_by_role("link", name="Sam T.").first.click()
    expect(page.get_by_text("Attempt 1:")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/teacher/classes/{seeded['classroom']}")
    page.get_by_role("link", name=f"Questions analysis for {LESSON.title}").click()
    summary = page.locator(
        ".item-summary tr", has=page.get_by_role("link", name="Question 1", exact=True)
    )
    expect(summary).to_contain_text("50% (2 marked)")
    expect(page.locator(".item-summary")).to_contain_text("pending: 1 to mark")
    item = page.locator(f"#item-{FIRST.id}")
    expect(item.locator(".stat-row dd").first).to_have_text("50%")
    # Mastery by hand: Sam earns every point but his written answer, which awaits marking and
    # so counts for nothing yet; Ann's blank answers, written one included, earn 0 of their points.
    for skill, label in SKILL_LABELS.items():
        tagged = [q for q in LESSON.questions if skill in q.skills]
        sam = sum(q.points for q in tagged if q.type != "short_answer")
        both = sam + sum(q.points for q in tagged)
        percent = int(Fraction(sam * 100, both) + Fraction(1, 2))
        expected = f"{label}: {percent}% ({sam} of {both} points)"
        expect(page.locator(".chart svg desc")).to_contain_text(expected)
    assert_accessible(page)
    rows = _download_csv(page, "Download every answer (CSV)")
    assert len(rows) == 2 * len(LESSON.questions)

    page.goto(f"/teacher/classes/{seeded['classroom']}/marking")
    assert_accessible(page)
    page.get_by_label(f"Points (0 to {SHORT.points})").fill("3")
    page.get_by_label("Comment for the student (optional)").fill("Good: you named the stake.")
    page.get_by_role("button", name="Save mark").click()
    expect(page.get_by_text("Mark saved")).to_be_visible()
    page.goto(f"/teacher/classes/{seeded['classroom']}/gradebook")
    expect(page.locator("tr", has_text="Sam T.")).to_contain_text(_pct(all_right + 3))


def _hand_in_with_one_blank_and_one_written(database, assignment_id: int) -> None:
    """Sam answers right but leaves the first question blank; his written answer awaits a mark."""
    app = create_app({**BASE_CONFIG, **database})
    with app.app_context():
        db = get_session()
        assignment = db.get(Assignment, assignment_id)
        sam = db.scalars(select(User).where(User.username == "sam.t")).one()
        form = form_for([q for q in LESSON.questions if q is not FIRST])
        view = attempts.student_view(db, assignment, sam, utcnow())
        attempt = attempts.attempt_for_form(view, sam, LESSON, 1)
        attempts.submit(db, view, attempt, LESSON, attempts.read_answers(LESSON, form))
        db.commit()
    app.extensions["db_engine"].dispose()


def _skill_percents(earned_by_question: dict) -> dict[str, int]:
    """Per skill label: points earned over the marked points tagged with it, half up."""
    found = {}
    for skill, label in SKILL_LABELS.items():
        tagged = [q for q in LESSON.questions if skill in q.skills and q.id in earned_by_question]
        possible = sum(q.points for q in tagged)
        if possible:
            earned = sum(earned_by_question[q.id] for q in tagged)
            found[label] = int(Fraction(earned * 100, possible) + Fraction(1, 2))
    return found


def _expect_same_figures(page: Page, assigned, score: str, note: str, skills: dict) -> None:
    """The student's result, the gradebook cell, the class average and skill bars agree."""
    page.goto(f"/student/assignments/{assigned['assignment']}/attempts/1")
    expect(page.locator(".score-card")).to_contain_text(score)
    if note:
        expect(page.locator(".score-card")).to_contain_text(note)
    else:
        expect(page.locator(".score-card")).not_to_contain_text("pending")
    for label, percent in skills.items():
        bar = page.locator(".skill-results li", has_text=label)
        expect(bar).to_contain_text(f"({percent}%)")
    assert_accessible(page)
    log_out(page)
    log_in(page, "rivera@school.test")
    page.goto(f"/teacher/classes/{assigned['classroom']}/gradebook")
    cell = page.locator("tr", has_text="Sam T.").locator(".grade-cell")
    expect(cell).to_contain_text(score)
    expect(page.locator(".class-average-row")).to_contain_text(score)
    if note:
        expect(cell).to_contain_text(note)
        expect(page.locator(".class-average-row")).to_contain_text("pending: 1 to mark")
    assert_accessible(page)
    page.goto(f"/teacher/classes/{assigned['classroom']}")
    average = page.locator(".assignments-table")
    expect(average).to_contain_text(score)
    expect(average).to_contain_text("pending: 1 to mark" if note else score)
    for label, percent in skills.items():
        expect(page.locator(".chart svg desc")).to_contain_text(f"{label}: {percent}%")
    assert_accessible(page)


def test_a_mark_awaited_is_pending_alike_on_every_page_until_marked(page: Page, assigned, database):
    _hand_in_with_one_blank_and_one_written(database, assigned["assignment"])
    earned = {q.id: (0 if q is FIRST else q.points) for q in LESSON.questions if q is not SHORT}
    marked = LESSON.total_points - SHORT.points
    score = f"{int(Fraction(marked - FIRST.points, marked) * 100 + Fraction(1, 2))}%"
    note = f"pending: {marked} of {LESSON.total_points} points marked"
    log_in(page, "sam.t")
    _expect_same_figures(page, assigned, score, note, _skill_percents(earned))

    page.goto(f"/teacher/classes/{assigned['classroom']}/marking")
    page.get_by_label(f"Points (0 to {SHORT.points})").fill("1")
    page.get_by_role("button", name="Save mark").click()
    expect(page.get_by_text("Mark saved")).to_be_visible()
    earned[SHORT.id] = 1
    total = LESSON.total_points
    score = (
        f"{int(Fraction(total - FIRST.points - SHORT.points + 1, total) * 100 + Fraction(1, 2))}%"
    )
    log_out(page)
    log_in(page, "sam.t")
    _expect_same_figures(page, assigned, score, "", _skill_percents(earned))


def test_assignment_settings_pages_are_accessible(page: Page, assigned):
    log_in(page, "rivera@school.test")
    for path in (
        f"/teacher/assignments/{assigned['assignment']}/edit",
        f"/teacher/assignments/{assigned['assignment']}/withdraw",
        f"/teacher/assignments/{assigned['assignment']}/analysis",
        f"/teacher/classes/{assigned['classroom']}/marking",
        f"/teacher/classes/{assigned['classroom']}/gradebook",
    ):
        page.goto(path)
        assert_accessible(page)
