"""Points per skill kept in step with the lesson files, for attempts handed in before or since.

Every attempt handed in or marked stores its known points per skill as its scores are written
(services.attempts.submit, services.teaching.mark_written_answer), with the version of the
lesson whose skill tags it followed. Attempts stored before points were kept have none, and a
lesson edited since (a question re-tagged, its points changed) leaves them following old tags.
`refresh_batches` works them out again from the stored scores and the lesson files as they are
now, and copies them to the standings they count in. `flask db upgrade` runs it for the stale
ones after every upgrade; `flask db catch-up --all` redoes every one.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from app import analytics, grading
from app.assignment_rules import AttemptStatus
from app.lessons import Library
from app.models import Assignment, AssignmentStanding, Attempt

BATCH = 500

ATTEMPT = Attempt.__table__
STANDING = AssignmentStanding.__table__
_STORE = (
    update(ATTEMPT)
    .where(ATTEMPT.c.id == bindparam("attempt_id"))
    .values(skill_points=bindparam("points"), skill_points_version=bindparam("version"))
)
# Only the points column of the standings these attempts count in: whatever else a submission
# changes meanwhile is its own transaction's to write.
_COPY = (
    update(STANDING)
    .where(STANDING.c.best_attempt_id.in_(bindparam("ids", expanding=True)))
    .values(
        best_skill_points=select(ATTEMPT.c.skill_points)
        .where(ATTEMPT.c.id == STANDING.c.best_attempt_id)
        .scalar_subquery()
    )
)


def refresh_batches(
    db: Session, library: Library, *, every: bool = False, batch: int = BATCH
) -> Iterator[int]:
    """Work out the points per skill of handed-in attempts again, a batch at a time.

    Stale ones only (none stored, or stored under another version of the lesson), or `every`
    one. Yields how many each batch stored; the caller commits after each, so no transaction
    holds more than a batch's rows. An attempt whose lesson has left the library is left as it
    is (skill mastery leaves such lessons out).
    """
    for lesson in library.teaching:
        after = 0
        while True:
            query = (
                select(Attempt.id, Attempt.scores)
                .join(Assignment, Assignment.id == Attempt.assignment_id)
                .where(
                    Assignment.lesson_slug == lesson.slug,
                    Attempt.status == AttemptStatus.SUBMITTED,
                    Attempt.id > after,
                )
                .order_by(Attempt.id)
                .limit(batch)
                # Locked (PostgreSQL) until the batch commits: a teacher's mark meanwhile waits,
                # then writes its own points, instead of being overwritten by these.
                .with_for_update(of=Attempt)
            )
            if not every:
                query = query.where(
                    or_(
                        Attempt.skill_points_version.is_(None),
                        Attempt.skill_points_version != lesson.version,
                    )
                )
            rows = db.execute(query).all()
            if not rows:
                break
            stored = [
                {
                    "attempt_id": attempt_id,
                    "points": analytics.skill_points_json(
                        lesson.questions, grading.recorded_scores(scores)
                    ),
                    "version": lesson.version,
                }
                for attempt_id, scores in rows
            ]
            db.execute(_STORE, stored)
            db.execute(_COPY, {"ids": [row["attempt_id"] for row in stored]})
            after = rows[-1][0]
            yield len(rows)
