"""Student views: the home page with classes and assignments."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from app.assignment_rules import DUE_SOON_DAYS
from app.auth.forms import JoinCodeForm
from app.db import get_session
from app.lesson_library import get_library
from app.lessons.check_ins import set_title
from app.models import utcnow
from app.services import check_ins
from app.services.assignments import student_work, work_summary
from app.student.blueprint import bp


@bp.route("/")
def home():
    """The student's classes, each with its assignments soonest due first, status and score."""
    db = get_session()
    now = utcnow()
    work = student_work(db, current_user, now)
    library = get_library()
    by_class: dict[int, list] = {}
    if any(item.classroom.has_check_ins for item in work):
        for view in check_ins.student_check_ins(db, current_user, now):
            if view.check_in.set_name in library.check_in_sets:
                by_class.setdefault(view.check_in.classroom_id, []).append(view)
    return render_template(
        "student/home.html",
        work=work,
        check_ins=by_class,
        check_in_titles={name: set_title(forms) for name, forms in library.check_in_sets.items()},
        summary=work_summary(work),
        due_soon_days=DUE_SOON_DAYS,
        library=library,
        join_code_field=_join_code_field(),
    )


def _join_code_field() -> Markup:
    """The join form's code field, blank on every home page: rendered once per app.

    Building and rendering a WTForms form was about a tenth of the page; the CSRF token, the
    one part that varies, is written by the template itself.
    """
    found = current_app.extensions.get("join_code_field")
    if found is None:
        form = JoinCodeForm(formdata=None, meta={"csrf": False})
        html = render_template("student/_join_code_field.html", form=form)
        found = Markup(html)  # noqa: S704  # nosec B704  (rendered by Jinja with autoescape)
        current_app.extensions["join_code_field"] = found
    return found
