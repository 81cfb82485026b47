"""Points per skill for handed-in attempts stored before attempts kept them.

Every attempt handed in or marked stores its known points per skill as its scores are written
(services.attempts.submit, services.teaching.mark_written_answer). Attempts from before that
have none: `fill_missing` works them out from their stored scores and the lesson files, and
rebuilds the standings of the assignments it touched. `flask db upgrade` runs it.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app import analytics, grading
from app.assignment_rules import AttemptStatus
from app.models import Assignment, Attempt
from app.services import standings

BATCH = 500


def fill_missing(db: Session, library) -> int:
    """Store the points per skill of every handed-in attempt without them; how many it stored.

    An attempt whose lesson has left the library keeps none (it adds nothing to skill mastery)
    and is tried again next time.
    """
    query = (
        select(Attempt.id, Attempt.assignment_id, Attempt.scores, Assignment.lesson_slug)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Attempt.status == AttemptStatus.SUBMITTED, Attempt.skill_points.is_(None))
        .order_by(Attempt.id)
    )
    table = Attempt.__table__
    store = (
        update(table)
        .where(table.c.id == bindparam("attempt_id"))
        .values(skill_points=bindparam("points"))
    )
    rows, touched = [], set()
    for attempt_id, assignment_id, scores, slug in db.execute(query).all():
        lesson = library.get(slug)
        if lesson is None:
            continue
        scored = grading.recorded_scores(scores)
        points = analytics.skill_points_json(lesson.questions, scored)
        rows.append({"attempt_id": attempt_id, "points": points})
        touched.add(assignment_id)
    for start in range(0, len(rows), BATCH):
        db.execute(store, rows[start : start + BATCH])
    if touched:
        standings.rebuild(db, sorted(touched))
    return len(rows)
