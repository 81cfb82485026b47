"""Teacher views of results: the gradebook, one student's work, item analysis, CSV downloads."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, abort, render_template, request

from app import analytics, grading
from app.charts import mastery_chart
from app.csv_export import csv_chunks
from app.db import get_session
from app.lesson_library import get_library, option_orders
from app.models import utcnow
from app.ownership import (
    get_class_student_or_404,
    get_own_assignment_or_404,
    get_own_classroom_or_404,
)
from app.services import reports
from app.teacher.blueprint import bp
from app.teacher.grid import grid_rows

SORTS = ("name", "score")


class TeacherView:
    """Stands in for a student's view on result partials: the teacher may always see the key."""

    key_visible = True


@bp.route("/classes/<id:classroom_id>/gradebook")
def gradebook(classroom_id: int):
    """Students by assignments: best score and status in each cell, sortable."""
    classroom = get_own_classroom_or_404(classroom_id)
    report = reports.class_report(get_session(), classroom, utcnow(), load=reports.TOTALS_ONLY)
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    averages = {s.id: report.average(s) for s in report.students}
    students = report.students
    if sort == "score":
        students = sorted(students, key=lambda s: (-(averages[s.id] or -1), s.display_name.lower()))
    return render_template(
        "teacher/gradebook.html",
        classroom=classroom,
        report=report,
        rows=grid_rows(report, students, averages),
        sort=sort,
        library=get_library(),
    )


@bp.route("/classes/<id:classroom_id>/students/<id:student_id>")
def student_detail(classroom_id: int, student_id: int):
    """Every attempt and every answer of one student in this class."""
    classroom = get_own_classroom_or_404(classroom_id)
    student = get_class_student_or_404(classroom, student_id)
    db = get_session()
    assignments = reports.live_assignments(db, classroom)
    attempts = reports.attempts_for(db, [a.id for a in assignments], [student.id])
    report = reports.class_report(db, classroom, utcnow(), load=reports.SKILLS)
    _, mastery = reports.skill_mastery(report, get_library())
    return render_template(
        "teacher/student.html",
        chart=mastery_chart(mastery.get(student.id, {}), f"Skills: {student.display_name}"),
        classroom=classroom,
        student=student,
        assignments=assignments,
        attempts=attempts,
        report=report,
        library=get_library(),
        responses=grading.responses,
        scores=grading.scores,
        option_orders=option_orders,
        view=TeacherView(),
    )


def _assignment_report(assignment_id: int):
    """The teacher's assignment, its lesson, and the class's standing on it; 404 if missing."""
    assignment = get_own_assignment_or_404(assignment_id)
    lesson = get_library().get(assignment.lesson_slug)
    if lesson is None:
        abort(404)
    report = reports.class_report(get_session(), assignment.classroom, utcnow(), only=assignment)
    return assignment, lesson, report


@bp.route("/assignments/<id:assignment_id>/analysis")
def item_analysis(assignment_id: int):
    """Per question: share right, discrimination, what was picked; most-missed first."""
    assignment, lesson, report = _assignment_report(assignment_id)
    results = report.results(assignment, lesson)
    stats = analytics.hardest_first(analytics.item_statistics(lesson.questions, results))
    mastery, _ = reports.skill_mastery(report, get_library())
    chart = mastery_chart(mastery, f"Skill mastery on {lesson.title}")
    return render_template(
        "teacher/analysis.html",
        assignment=assignment,
        lesson=lesson,
        stats=stats,
        results=results,
        students=len(report.students),
        chart=chart,
    )


@bp.route("/classes/<id:classroom_id>/gradebook.csv")
def gradebook_csv(classroom_id: int):
    """The gradebook as CSV: a row per student, columns per assignment and per skill."""
    classroom = get_own_classroom_or_404(classroom_id)
    report = reports.class_report(get_session(), classroom, utcnow(), load=reports.SKILLS)
    header, rows = reports.gradebook_table(report, get_library())
    return _csv_response(csv_chunks(header, rows), f"gradebook-{classroom.id}.csv")


@bp.route("/assignments/<id:assignment_id>/responses.csv")
def responses_csv(assignment_id: int):
    """Every student's answer to every question of one assignment (best attempt)."""
    assignment, lesson, report = _assignment_report(assignment_id)
    header, rows = reports.responses_table(report, assignment, lesson)
    return _csv_response(csv_chunks(header, rows), f"responses-{assignment.id}.csv")


def _csv_response(chunks: Iterator[str], filename: str) -> Response:
    """A streamed CSV download: its rows are built from the report as they are sent."""
    response = Response(chunks, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
