"""Teacher views of check-ins: start one for a class, open the after phase, release, report."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from wtforms.fields.choices import SelectChoice

from app.charts import slope_chart
from app.check_in_rules import Phase
from app.csv_export import to_csv
from app.db import get_session
from app.lesson_library import get_library
from app.lesson_vocabulary import SKILL_LABELS
from app.lessons.check_ins import set_title
from app.models import utcnow
from app.ownership import get_own_check_in_or_404, get_own_classroom_or_404
from app.security import secret_key
from app.services import check_ins
from app.teacher.blueprint import bp
from app.teacher.forms import ActionForm, CheckInAfterForm, CheckInStartForm, read_due


def _set_choices() -> list[SelectChoice]:
    sets = get_library().check_in_sets
    return [SelectChoice(name, set_title(forms)) for name, forms in sorted(sets.items())]


@bp.route("/classes/<id:classroom_id>/check-ins/new", methods=["GET", "POST"])
def check_in_start(classroom_id: int):
    """Start a check-in: students take the before check-in from now on."""
    classroom = get_own_classroom_or_404(classroom_id)
    form = CheckInStartForm()
    form.check_in_set.choices = _set_choices()
    if classroom.is_archived:
        flash("This class is archived: restore it before starting a check-in.", "error")
        return redirect(url_for("teacher.classroom_detail", classroom_id=classroom.id))
    if form.validate_on_submit():
        due = read_due(form)
        if due is not False:
            db = get_session()
            now = utcnow()
            check_in = check_ins.create(
                db, classroom, form.check_in_set.data, due, secret_key(), now
            )
            db.commit()
            flash(
                "The before check-in is open. Your students find it on their home page.", "success"
            )
            return redirect(url_for("teacher.check_in_report", check_in_id=check_in.id))
    taken = {
        check_in.set_name for check_in, *_ in check_ins.class_check_ins(get_session(), classroom)
    }
    return render_template(
        "teacher/check_in_start.html",
        classroom=classroom,
        form=form,
        taken=[choice.label for choice in form.check_in_set.choices if choice.value in taken],
    )


def _forms_or_404(check_in):
    forms = get_library().check_in_sets.get(check_in.set_name)
    if forms is None:
        abort(404)
    return forms


def _report(check_in):
    forms = _forms_or_404(check_in)
    rows = check_ins.report_rows(get_session(), check_in, forms, secret_key())
    return check_ins.CheckInReport(check_in, forms, rows)


@bp.route("/check-ins/<id:check_in_id>")
def check_in_report(check_in_id: int):
    """Before and after per skill, per student and for the class, with the controls."""
    check_in = get_own_check_in_or_404(check_in_id)
    report = _report(check_in)
    get_session().commit()  # seats given to students who joined since
    charts = _charts(report)
    return render_template(
        "teacher/check_in.html",
        check_in=check_in,
        classroom=check_in.classroom,
        report=report,
        title=set_title(report.forms),
        charts=charts,
        phase=check_in.schedule.open_phase(utcnow()),
        phases=Phase,
        after_form=CheckInAfterForm(),
        action=ActionForm(),
    )


def _charts(report) -> list:
    """A slope chart per skill (with the class's gain on it), once anyone took both."""
    return [
        (
            gain,
            slope_chart(
                SKILL_LABELS.get(gain.skill, gain.skill),
                gain.possible,
                report.pairs[gain.skill],
                (gain.before, gain.after),
            ),
        )
        for gain in report.gains
    ]


@bp.route("/check-ins/<id:check_in_id>/open-after", methods=["POST"])
def check_in_open_after(check_in_id: int):
    """Close the before check-in and open the after one."""
    check_in = get_own_check_in_or_404(check_in_id)
    form = CheckInAfterForm()
    back = redirect(url_for("teacher.check_in_report", check_in_id=check_in.id))
    if check_in.after_opened_at is not None or check_in.classroom.is_archived:
        flash("The after check-in is already open, or the class is archived.", "error")
        return back
    due = read_due(form) if form.validate_on_submit() else False
    if due is False:
        problems = [error for field in form for error in field.errors] or [
            "The form was out of date; try again."
        ]
        flash(" ".join(str(p) for p in problems), "error")
        return back
    check_ins.open_after(get_session(), check_in, due, utcnow())
    get_session().commit()
    flash("The after check-in is open, and the before check-in is closed.", "success")
    return back


@bp.route("/check-ins/<id:check_in_id>/release", methods=["POST"])
def check_in_release(check_in_id: int):
    """Show students their results with the answers; the check-in takes no more answers."""
    check_in = get_own_check_in_or_404(check_in_id)
    back = redirect(url_for("teacher.check_in_report", check_in_id=check_in.id))
    if not ActionForm().validate_on_submit():
        flash("The form was out of date; try again.", "error")
        return back
    if check_in.after_opened_at is None:
        flash("Open the after check-in first: results are shared once both are done.", "error")
        return back
    if check_in.released_at is None:
        check_ins.release(get_session(), check_in, utcnow())
        get_session().commit()
    flash("Results released: students now see both check-ins with the answers.", "success")
    return back


@bp.route("/check-ins/<id:check_in_id>/report.csv")
def check_in_csv(check_in_id: int):
    """The report as CSV: a row per student, before, after and gains per skill."""
    check_in = get_own_check_in_or_404(check_in_id)
    report = _report(check_in)
    get_session().commit()
    header, rows = check_ins.report_table(report)
    response = make_response(to_csv(header, rows))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="check-in-{check_in.id}-{check_in.classroom.id}.csv"'
    )
    return response
