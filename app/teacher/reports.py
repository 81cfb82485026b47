"""Teacher views of results: gradebook, one student's work, and marking written answers."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from app import analytics, charts, grading
from app.access import get_class_student_or_404, get_own_classroom_or_404
from app.csv_export import to_csv
from app.db import get_session
from app.formatting import points as points_text
from app.lesson_store import get_library, option_orders
from app.models import Assignment, Attempt, Classroom, utcnow
from app.questions import SKILLS
from app.services import reports, teaching
from app.teacher import bp
from app.teacher.assign_forms import GradeForm
from app.teacher.assignments import get_own_assignment_or_404

SORTS = ("name", "score")


class TeacherView:
    """Stands in for a student's view on result partials: the teacher may always see the key."""

    key_visible = True


def _row_average(report, student) -> int | None:
    best = (report.view(student, a).best_percent for a in report.assignments)
    percents = [p for p in best if p is not None]
    return round(sum(percents) / len(percents)) if percents else None


@bp.route("/classes/<id:classroom_id>/gradebook")
def gradebook(classroom_id: int):
    """Students by assignments: best score and status in each cell, sortable."""
    classroom = get_own_classroom_or_404(classroom_id)
    report = reports.class_report(get_session(), classroom, utcnow(), load=reports.TOTALS_ONLY)
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    averages = {s.id: _row_average(report, s) for s in report.students}
    students = report.students
    if sort == "score":
        students = sorted(students, key=lambda s: (-(averages[s.id] or -1), s.display_name.lower()))
    return render_template(
        "teacher/gradebook.html",
        classroom=classroom,
        report=report,
        students=students,
        averages=averages,
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
    report = reports.class_report(db, classroom, utcnow(), load=reports.SCORES)
    _, mastery = reports.skill_mastery(report, get_library())
    return render_template(
        "teacher/student.html",
        chart=mastery_chart(mastery.get(student.id, {}), f"Skills: {student.display_name}"),
        classroom=classroom,
        student=student,
        assignments=assignments,
        attempts=attempts,
        library=get_library(),
        responses=grading.responses,
        scores=grading.scores,
        option_orders=option_orders,
        view=TeacherView(),
    )


@bp.route("/classes/<id:classroom_id>/marking")
def marking_queue(classroom_id: int):
    """Written answers waiting for a mark, oldest first, each with its rubric."""
    classroom = get_own_classroom_or_404(classroom_id)
    waiting = reports.awaiting_marking(get_session(), classroom)
    return render_template(
        "teacher/marking.html",
        classroom=classroom,
        waiting=waiting,
        library=get_library(),
        responses=grading.responses,
        scores=grading.scores,
        form=GradeForm(),
    )


def _own_attempt_or_404(attempt_id: int) -> tuple[Attempt, Classroom]:
    query = (
        select(Attempt, Classroom)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .where(Attempt.id == attempt_id, Classroom.teacher_id == current_user.id)
    )
    row = get_session().execute(query).first()
    if row is None or not row[0].is_submitted:
        abort(404)
    return row[0], row[1]


@bp.route("/attempts/<id:attempt_id>/questions/<question_id>/mark", methods=["POST"])
def answer_mark(attempt_id: int, question_id: str):
    """Record a mark and comment on one written answer; the attempt's score updates at once."""
    attempt, classroom = _own_attempt_or_404(attempt_id)
    lesson = get_library().get(attempt.assignment.lesson_slug)
    question = lesson.question(question_id) if lesson else None
    if question is None or not question.teacher_marks:
        abort(404)
    form = GradeForm()
    back = url_for("teacher.marking_queue", classroom_id=classroom.id)
    if form.validate_on_submit():
        try:
            mark = teaching.parse_mark(form.points.data, question.points)
            db = get_session()
            teaching.mark_written_answer(db, attempt, lesson, question_id, mark, form.comment.data)
            db.commit()
            flash("Mark saved; the student's score is updated.", "success")
            return redirect(back)
        except teaching.MarkError as problem:
            flash(str(problem), "error")
            return redirect(back + f"#mark-{attempt.id}-{question_id}")
    problems = " ".join(e for errors in form.errors.values() for e in errors)
    flash(f"Mark not saved: {problems}", "error")
    return redirect(back + f"#mark-{attempt.id}-{question_id}")


def _assignment_report(assignment_id: int):
    """The teacher's assignment, its lesson, and the class's standing on it; 404 if missing."""
    assignment = get_own_assignment_or_404(assignment_id)
    lesson = get_library().get(assignment.lesson_slug)
    if lesson is None:
        abort(404)
    report = reports.class_report(get_session(), assignment.classroom, utcnow(), only=assignment)
    return assignment, lesson, report


def _results_for(report, assignment, lesson):
    """The counted (best) attempt of every student who handed the assignment in."""
    results = []
    for student in report.students:
        best = report.view(student, assignment).best
        if best is not None:
            given = grading.responses(lesson.questions, best.answers)
            scored = grading.recorded_scores(best.scores)
            results.append(analytics.StudentResult(student.id, best.awarded, given, scored))
    return results


@bp.route("/assignments/<id:assignment_id>/analysis")
def item_analysis(assignment_id: int):
    """Per question: share right, discrimination, what was picked; most-missed first."""
    assignment, lesson, report = _assignment_report(assignment_id)
    results = _results_for(report, assignment, lesson)
    stats = analytics.hardest_first(analytics.item_statistics(lesson.questions, results))
    mastery = analytics.mastery(lesson.questions, {r.student_id: r.scores for r in results})
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


def mastery_chart(mastery: dict, title: str) -> Markup:
    """Skill mastery as an accessible SVG bar chart, one bar per skill with points possible."""
    bars = [
        charts.Bar(
            SKILLS.get(skill, skill), m.percent, f"{points_text(m.earned)} of {m.possible} points"
        )
        for skill, m in mastery.items()
        if m.possible
    ]
    # Safe: bar_chart escapes every text it writes.
    return Markup(charts.bar_chart(bars, title=title))  # noqa: S704  # nosec B704


@bp.route("/classes/<id:classroom_id>/gradebook.csv")
def gradebook_csv(classroom_id: int):
    """The gradebook as CSV: a row per student, columns per assignment and per skill."""
    classroom = get_own_classroom_or_404(classroom_id)
    report = reports.class_report(get_session(), classroom, utcnow(), load=reports.SCORES)
    library = get_library()
    titles = [_title(library, a) for a in report.assignments]
    header = ["student", "username"]
    for title in titles:
        header += [f"{title} (best %)", f"{title} (status)"]
    header += ["average %"] + [f"{label} (mastery %)" for label in SKILLS.values()]
    _, mastery = reports.skill_mastery(report, library)
    rows = []
    for student in report.students:
        row = [student.display_name, student.username]
        for assignment in report.assignments:
            view = report.view(student, assignment)
            row += ["" if view.best_percent is None else view.best_percent, view.status]
        combined = mastery[student.id]
        average = _row_average(report, student)
        row += ["" if average is None else average]
        row += [combined[s].percent if s in combined else "" for s in SKILLS]
        rows.append(row)
    return _csv_response(to_csv(header, rows), f"gradebook-{classroom.id}.csv")


@bp.route("/assignments/<id:assignment_id>/responses.csv")
def responses_csv(assignment_id: int):
    """Every student's answer to every question of one assignment (best attempt)."""
    assignment, lesson, report = _assignment_report(assignment_id)
    header = ["student", "username", "attempt", "question", "type", "answer", "points", "max"]
    rows = []
    for student in report.students:
        best = report.view(student, assignment).best
        if best is None:
            continue
        given = grading.responses(lesson.questions, best.answers)
        scored = grading.scores(lesson.questions, best.scores)
        for question in lesson.questions:
            score = scored[question.id]
            rows.append(
                [
                    student.display_name,
                    student.username,
                    best.number,
                    question.id,
                    question.type,
                    describe_answer(given[question.id]),
                    "" if score.needs_teacher else points_text(score.awarded),
                    question.points,
                ]
            )
    return _csv_response(to_csv(header, rows), f"responses-{assignment.id}.csv")


def describe_answer(response) -> str:
    """A stored response as one readable cell."""
    if response.text:
        return response.text
    if response.placements:
        return "; ".join(f"{item}={category}" for item, category in response.placements)
    return " ".join(response.choices)


def _title(library, assignment) -> str:
    lesson = library.get(assignment.lesson_slug)
    return lesson.title if lesson else assignment.lesson_slug


def _csv_response(text: str, filename: str):
    response = make_response(text)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
