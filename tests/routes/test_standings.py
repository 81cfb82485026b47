"""The stored standings stay equal to what the attempts say, through every change a page makes.

Each test changes attempts or terms through the app's own routes (or the services they call),
then checks that the gradebook read from the standings shows, cell by cell, what working it
out from every attempt shows, and that each stored row equals the facts of its attempts.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import OperationalError

from app import analytics, grading
from app.assignment_rules import Status
from app.lesson_library import DEFAULT_FOLDER, library_for
from app.models import Assignment, AssignmentStanding, Attempt, Classroom, utcnow
from app.services import attempts, reports, skill_points, standings, teaching
from app.services.classrooms import enroll
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
LIBRARY = library_for(DEFAULT_FOLDER)
SHORT = next(q for q in LESSON.questions if q.teacher_marks)
RIGHT = {q.id: q.read_response(form_for([q])) for q in LESSON.questions}


def _class(db, *usernames, **settings):
    teacher = make_teacher(db, email="t@school.test")
    classroom = make_classroom(db, teacher)
    students = [make_student(db, classroom, username=name) for name in usernames]
    return classroom, students, make_assignment(db, classroom, **settings)


def _teacher(app):
    client = app.test_client()
    login(client, "t@school.test")
    return client


def _summary(view) -> tuple:
    best = view.best
    if best is None:
        return (view.status, view.best_percent, None)
    return (view.status, view.best_percent, (best.number, best.pending_points, best.is_late))


def _gradebook(db, classroom, now=None) -> dict:
    """The cells read from the standings, after checking them against the attempts."""
    now = now or utcnow()
    db.expire_all()
    classroom = db.get(Classroom, classroom.id)
    report = reports.class_report(db, classroom, now, load=reports.TOTALS_ONLY)
    stored = {key: _summary(view) for key, view in report.views.items()}
    worked_out = {}
    for student in report.students:
        for assignment in report.assignments:
            terms = teaching.student_exception(db, assignment, student.id)
            view = attempts.student_view(db, assignment, student, now, terms)
            worked_out[(student.id, assignment.id)] = _summary(view)
    assert stored == worked_out
    _rows_match_attempts(db)
    return stored


def _rows_match_attempts(db) -> None:
    """Every stored standing equals the facts of its attempts, and every attempt has one."""
    columns = [getattr(AssignmentStanding, name) for name in standings.FACT_COLUMNS]
    key = (AssignmentStanding.assignment_id, AssignmentStanding.student_id)
    stored = {
        (row[0], row[1]): dict(zip(standings.FACT_COLUMNS, row[2:], strict=True))
        for row in db.execute(select(*key, *columns))
    }
    found: dict = {}
    query = select(*standings.ATTEMPT_FACTS).order_by(Attempt.number)
    for attempt in db.execute(query):
        found.setdefault((attempt.assignment_id, attempt.student_id), []).append(attempt)
    assert stored == {cell: standings.facts(rows) for cell, rows in found.items()}
    _skill_points_match_scores(db)


def _skill_points_match_scores(db) -> None:
    """Every handed-in attempt's points per skill are what its scores say now, by its lesson."""
    query = select(Attempt.skill_points, Attempt.scores, Assignment.lesson_slug).join(
        Assignment, Assignment.id == Attempt.assignment_id
    )
    columns = (Attempt.skill_points_version, *query.selected_columns)
    for version, stored, scores, slug in db.execute(
        query.with_only_columns(*columns).where(Attempt.status == "submitted")
    ):
        questions = lesson(slug).questions
        assert stored == analytics.skill_points_json(questions, grading.recorded_scores(scores))
        assert version == lesson(slug).version


def _cell(db, classroom, student, assignment, now=None) -> tuple:
    return _gradebook(db, classroom, now)[(student.id, assignment.id)]


def test_starting_an_attempt_stores_it_as_in_progress(app, client, db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    login(client, "sam.t")
    data = {**form_for([LESSON.questions[0]]), "csrf_token": ""}
    assert client.post(f"/student/assignments/{assignment.id}/save?auto=1", data=data).is_json
    assert _cell(db, classroom, sam, assignment)[0] == Status.IN_PROGRESS


def test_handing_in_through_the_quiz_page_stores_the_score(app, client, db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    login(client, "sam.t")
    choice = LESSON.questions[0]
    data = {**form_for([choice], **choice.example_answer(right=True)), "confirm": "1"}
    client.post(f"/student/assignments/{assignment.id}/submit", data=data)
    status, percent, (number, _, late) = _cell(db, classroom, sam, assignment)
    assert (status, number, late) == (Status.SUBMITTED, 1, False) and percent > 0


def test_a_better_second_attempt_becomes_the_counted_one(db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    make_submitted_attempt(db, assignment, sam)
    assert _cell(db, classroom, sam, assignment)[1] == 0
    make_submitted_attempt(db, assignment, sam, RIGHT)
    status, percent, (number, pending, _) = _cell(db, classroom, sam, assignment)
    assert (status, percent, number, pending) == (Status.AWAITING_TEACHER, 100, 2, SHORT.points)


def test_a_worse_second_attempt_leaves_the_first_counted(db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    make_submitted_attempt(db, assignment, sam)
    _, percent, (number, _, _) = _cell(db, classroom, sam, assignment)
    assert (percent, number) == (100, 1)


def test_a_teachers_mark_updates_the_standing(app, db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    attempt = make_submitted_attempt(db, assignment, sam, RIGHT)
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    _teacher(app).post(url, data={"points": "0", "comment": "No source named."})
    status, percent, (_, pending, _) = _cell(db, classroom, sam, assignment)
    marked = LESSON.total_points - SHORT.points
    expected = (200 * marked + LESSON.total_points) // (2 * LESSON.total_points)
    assert (status, pending, percent) == (Status.SUBMITTED, 0, expected)


def test_a_teachers_mark_moves_the_skill_mastery_at_once(app, db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    attempt = make_submitted_attempt(db, assignment, sam, RIGHT)
    skill = SHORT.skills[0]
    _, before = reports.skill_mastery(reports.class_report(db, classroom, utcnow()), LIBRARY)
    url = f"/teacher/attempts/{attempt.id}/questions/{SHORT.id}/mark"
    _teacher(app).post(url, data={"points": "1.5", "comment": "Half the signals named."})
    _gradebook(db, classroom)
    _, after = reports.skill_mastery(reports.class_report(db, classroom, utcnow()), LIBRARY)
    # Every other question tagged with the skill was right; the written answer now counts.
    others = sum(q.points for q in LESSON.questions if skill in q.skills and q is not SHORT)
    assert before[sam.id][skill] == analytics.Mastery(Fraction(others), others)
    assert after[sam.id][skill] == analytics.Mastery(others + Fraction(3, 2), others + SHORT.points)


def test_upgrade_works_out_the_skill_points_of_attempts_stored_without_them(app, db, runner):
    classroom, (sam, kim), assignment = _class(db, "sam.t", "kim.o")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    make_submitted_attempt(db, assignment, kim)
    kept = _gradebook(db, classroom)
    db.execute(update(Attempt).values(skill_points=None, skill_points_version=None))
    db.execute(update(AssignmentStanding).values(best_skill_points=None))
    db.commit()
    report = reports.class_report(db, db.get(Classroom, classroom.id), utcnow())
    assert reports.skill_mastery(report, LIBRARY) == ({}, {sam.id: {}, kim.id: {}})  # no error
    result = runner.invoke(args=["db", "upgrade"])
    assert "Worked out 2 handed-in attempts' points per skill." in result.output
    assert _gradebook(db, classroom) == kept  # and every stored row matches its scores again
    again = runner.invoke(args=["db", "upgrade"])
    assert again.exit_code == 0 and "Worked out" not in again.output


def test_upgrade_fills_missing_standings_a_batch_at_a_time_and_all_repairs_any(db, runner):
    classroom, (sam, kim, _), assignment = _class(db, "sam.t", "kim.o", "ana.b")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    make_submitted_attempt(db, assignment, sam)
    make_submitted_attempt(db, assignment, kim)
    kept = _gradebook(db, classroom)
    db.execute(delete(AssignmentStanding))  # as migration 0006 leaves them: none yet
    db.commit()
    batches = []
    for done in standings.fill_batches(db, batch=1):
        db.commit()
        batches.append(done)
    assert batches == [1, 1]  # Sam's and Kim's; Ana has no attempts, so no standing
    assert _gradebook(db, classroom) == kept
    # Standings an older release left behind: the catch-up after db upgrade fills missing ones
    # only, and --all works every one out again.
    db.execute(update(AssignmentStanding).values(submitted_count=0, best_attempt_id=None))
    db.commit()
    result = runner.invoke(args=["db", "catch-up"])
    assert "Standings and points per skill were up to date." in result.output
    result = runner.invoke(args=["db", "catch-up", "--all"])
    assert "Worked out 2 standings." in result.output
    assert _gradebook(db, classroom) == kept


def test_a_fill_batch_holds_its_attempts_until_it_commits(app, db):
    """A mark or hand-in meanwhile waits for the batch, so no standing is worked out from
    attempts that changed under it (PostgreSQL locks the rows; SQLite lets one writer in)."""
    _, (sam, kim), assignment = _class(db, "sam.t", "kim.o")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    make_submitted_attempt(db, assignment, kim)
    db.execute(delete(AssignmentStanding))
    db.commit()
    batches = standings.fill_batches(db)
    assert next(batches) == 2  # both pairs, not yet committed
    engine = app.extensions["db_engine"]
    with engine.connect() as other:
        if engine.dialect.name == "postgresql":
            other.exec_driver_sql("SET lock_timeout = '200ms'")
        else:
            other.exec_driver_sql("PRAGMA busy_timeout = 200")
        change = update(Attempt).where(Attempt.student_id == kim.id).values(is_late=True)
        with pytest.raises(OperationalError):
            other.execute(change)
        other.rollback()
    db.commit()
    assert list(batches) == []
    with engine.begin() as other:  # once committed, the write goes through
        other.execute(update(Attempt).where(Attempt.student_id == kim.id).values(is_late=True))


def _points(db) -> dict:
    rows = db.execute(select(AssignmentStanding.student_id, AssignmentStanding.best_skill_points))
    return dict(rows.all())


def test_points_from_an_older_version_of_the_lesson_are_worked_out_again_on_upgrade(db, runner):
    classroom, (sam, kim), assignment = _class(db, "sam.t", "kim.o")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    make_submitted_attempt(db, assignment, kim)
    kept = _points(db)
    # Stored while a question carried other tags: the lesson file has been edited since.
    old = {"unverified-claims": [1, 1, 1]}
    db.execute(update(Attempt).values(skill_points=old, skill_points_version="older"))
    db.execute(update(AssignmentStanding).values(best_skill_points=old))
    db.commit()
    result = runner.invoke(args=["db", "upgrade"])
    assert "Worked out 2 handed-in attempts' points per skill." in result.output
    db.expire_all()
    assert _points(db) == kept
    _gradebook(db, classroom)


def test_all_works_out_every_attempt_again_and_up_to_date_ones_are_left_alone(db, runner):
    _, (sam,), assignment = _class(db, "sam.t")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    kept = _points(db)
    # A mark by an older release, after the upgrade: current version, points not in step.
    wrong = {"unverified-claims": [0, 1, 9]}
    db.execute(update(Attempt).values(skill_points=wrong))
    db.execute(update(AssignmentStanding).values(best_skill_points=wrong))
    db.commit()
    result = runner.invoke(args=["db", "catch-up"])
    assert "Standings and points per skill were up to date." in result.output
    db.expire_all()
    assert _points(db) == {sam.id: wrong}
    result = runner.invoke(args=["db", "catch-up", "--all"])
    assert result.exit_code == 0
    assert "Worked out 1 handed-in attempts' points per skill." in result.output
    db.expire_all()
    assert _points(db) == kept


def test_points_are_worked_out_a_batch_at_a_time(db):
    classroom, students, assignment = _class(db, "a.a", "b.b", "c.c")
    for student in students:
        make_submitted_attempt(db, assignment, student, RIGHT)
    db.execute(update(Attempt).values(skill_points=None, skill_points_version=None))
    db.commit()
    batches = []
    for stored in skill_points.refresh_batches(db, LIBRARY, batch=2):
        batches.append(stored)
        db.commit()
    assert batches == [2, 1]
    _gradebook(db, classroom)


def test_skill_mastery_leaves_out_a_lesson_that_has_left_the_library(db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    report = reports.class_report(db, db.get(Classroom, classroom.id), utcnow())
    assert reports.skill_mastery(report, LIBRARY)[1][sam.id] != {}
    db.get(Assignment, assignment.id).lesson_slug = "a-lesson-since-removed"
    db.commit()
    report = reports.class_report(db, db.get(Classroom, classroom.id), utcnow())
    assert reports.skill_mastery(report, LIBRARY) == ({}, {sam.id: {}})


def test_an_own_later_due_date_turns_missing_into_not_started_without_a_write(app, db):
    past = utcnow() - timedelta(days=1)
    classroom, (sam,), assignment = _class(db, "sam.t", due_at=past)
    assert _cell(db, classroom, sam, assignment)[0] == Status.MISSING
    later = (utcnow() + timedelta(days=3)).date().isoformat()
    url = f"/teacher/assignments/{assignment.id}/students/{sam.id}/exception"
    data = {"due_date": later, "due_time": "", "extra_attempts": "1"}
    assert _teacher(app).post(url, data=data).status_code == 302
    assert _cell(db, classroom, sam, assignment)[0] == Status.NOT_STARTED
    # Only the clock moves: past the own date the same stored facts read as missing.
    next_week = utcnow() + timedelta(days=8)
    assert _cell(db, classroom, sam, assignment, now=next_week)[0] == Status.MISSING


def test_work_handed_in_late_stays_late_after_a_later_due_date(app, db):
    classroom, (sam,), assignment = _class(db, "sam.t", due_at=utcnow() - timedelta(hours=1))
    make_submitted_attempt(db, assignment, sam)
    assert _cell(db, classroom, sam, assignment)[0] == Status.LATE
    later = (utcnow() + timedelta(days=3)).date().isoformat()
    url = f"/teacher/assignments/{assignment.id}/students/{sam.id}/exception"
    _teacher(app).post(url, data={"due_date": later, "due_time": "", "extra_attempts": "0"})
    assert _cell(db, classroom, sam, assignment)[0] == Status.LATE


def test_release_close_and_reopen_leave_every_cell_right(app, client, db):
    classroom, (sam, kim), assignment = _class(db, "sam.t", "kim.o", max_attempts=3)
    make_submitted_attempt(db, assignment, sam, RIGHT)
    login(client, "kim.o")
    client.post(f"/student/assignments/{assignment.id}/save?auto=1", data=form_for([]))
    before = _gradebook(db, classroom)
    teacher = _teacher(app)
    for action in ("close", "reopen", "release"):
        assert teacher.post(f"/teacher/assignments/{assignment.id}/{action}").status_code == 302
        assert _gradebook(db, classroom) == before
    assert before[(kim.id, assignment.id)][0] == Status.IN_PROGRESS


def test_a_withdrawn_assignment_leaves_the_gradebook_and_keeps_its_standings(app, db):
    classroom, (sam,), assignment = _class(db, "sam.t")
    make_submitted_attempt(db, assignment, sam)
    _teacher(app).post(f"/teacher/assignments/{assignment.id}/withdraw")
    assert _gradebook(db, classroom) == {}
    assert db.scalar(select(func.count()).select_from(AssignmentStanding)) == 1


def test_a_student_removed_and_added_again_finds_their_standing(app, db):
    classroom, (sam, _), assignment = _class(db, "sam.t", "kim.o")
    make_submitted_attempt(db, assignment, sam, RIGHT)
    before = _cell(db, classroom, sam, assignment)
    _teacher(app).post(f"/teacher/classes/{classroom.id}/students/{sam.id}/remove")
    assert (sam.id, assignment.id) not in _gradebook(db, classroom)
    enroll(db, db.get(Classroom, classroom.id), sam)
    db.commit()
    assert _cell(db, classroom, sam, assignment) == before


def test_deleting_a_student_deletes_their_standings(app, db):
    classroom, (sam, kim), assignment = _class(db, "sam.t", "kim.o")
    make_submitted_attempt(db, assignment, sam)
    make_submitted_attempt(db, assignment, kim)
    url = f"/teacher/classes/{classroom.id}/students/{sam.id}/delete"
    _teacher(app).post(url, data={"confirm_username": "sam.t"})
    assert set(_gradebook(db, classroom)) == {(kim.id, assignment.id)}
    assert db.scalars(select(AssignmentStanding.student_id)).all() == [kim.id]


def test_rebuild_gives_what_the_writers_kept(db):
    classroom, (sam, kim), assignment = _class(db, "sam.t", "kim.o")
    make_submitted_attempt(db, assignment, sam)
    make_submitted_attempt(db, assignment, sam, RIGHT)
    make_submitted_attempt(db, assignment, kim, RIGHT)
    kept = _gradebook(db, classroom)
    assert standings.rebuild(db, [assignment.id]) == 2
    db.commit()
    assert _gradebook(db, classroom) == kept
