"""The gradebook grid's rows, each cell's markup built once in Python.

A class of 40 students and 10 assignments has 400 cells; built in a template loop, their
filters, lookups and conditionals were most of the page's cost. The markup is the same as a
template would give, and everything taken from data is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup, escape

from app.assignment_rules import STATUS_LABELS, STATUS_MARKS, Status
from app.charts import percent_cell_class
from app.formatting import local_datetime
from app.models import User
from app.services.class_cells import StandingView
from app.services.reports import ClassReport

CELL = '<td class="grade-cell {cls}"><a class="cell-link" href="{href}#a-{aid}">{parts}</a></td>'
# Each status's mark with its spoken label, so the grid reads without colour.
STATUS_SPANS = {
    status: (
        f'<span class="cell-status">{escape(STATUS_MARKS[status])}'
        f'<span class="visually-hidden"> {escape(STATUS_LABELS[status])}</span></span>'
    )
    for status in Status
}
LATE_SPAN = '<span class="cell-status">L<span class="visually-hidden"> late</span></span>'


@dataclass(frozen=True)
class GridRow:
    """One student's row: the link to their work, their cells, their average."""

    student: User
    href: str
    cells: Markup
    average: int | None


def grid_rows(report: ClassReport, students: list[User], averages: dict) -> list[GridRow]:
    """The rows of the gradebook in the order of `students`."""
    rows = []
    views, assignment_ids = report.views, [a.id for a in report.assignments]
    for student in students:
        href = url_for(
            "teacher.student_detail", classroom_id=report.classroom.id, student_id=student.id
        )
        safe_href = str(escape(href))
        student_id = student.id
        cells = "".join(
            _cell(views[(student_id, assignment_id)], safe_href, assignment_id)
            for assignment_id in assignment_ids
        )
        # Every value taken from data was escaped as its cell was built.
        cells = Markup(cells)  # noqa: S704  # nosec B704
        rows.append(GridRow(student, href, cells, averages[student.id]))
    return rows


def _cell(view: StandingView, href: str, assignment_id: int) -> str:
    """One cell: score, status mark, late, pending and own-terms notes, all in one link."""
    pct = view.best_percent
    parts = [] if pct is None else [f'<span class="cell-pct">{pct}%</span>']
    parts.append(STATUS_SPANS[view.status])
    best = view.best
    if best is not None:
        if best.is_late and view.status != Status.LATE:
            parts.append(LATE_SPAN)
        if best.pending_points:
            parts.append(
                '<span class="cell-pending">pending: '
                f"{best.marked_points} of {best.max_points} points marked</span>"
            )
    if view.exception is not None:
        parts.append(_own_terms(view))
    return CELL.format(
        cls=percent_cell_class(pct), href=href, aid=assignment_id, parts=" ".join(parts)
    )


def _own_terms(view: StandingView) -> str:
    """The * for a student's own due date or extra attempts, said in full for screen readers."""
    terms = view.exception
    due = f"due {local_datetime(view.due_at)}" if terms.due_at else ""
    comma = ", " if terms.due_at and terms.extra_attempts else ""
    extra = terms.extra_attempts
    shown = f"+{extra} attempts" if extra else ""
    said = f"{extra} extra attempts" if extra else ""
    return (
        f'<span class="cell-own-terms" title="Own terms: {escape(due + comma + shown)}">*'
        f'<span class="visually-hidden"> Own terms: {escape(due + comma + said)}</span></span>'
    )
