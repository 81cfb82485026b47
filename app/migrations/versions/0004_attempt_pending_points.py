"""points awaiting a teacher's mark, per attempt

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _pending(scores) -> int:
    if isinstance(scores, str):
        scores = json.loads(scores)
    if not isinstance(scores, dict):
        return 0
    return sum(
        int(s.get("points", 0))
        for s in scores.values()
        if isinstance(s, dict) and s.get("needs_teacher")
    )


def upgrade() -> None:
    op.add_column(
        "attempt",
        sa.Column("pending_points", sa.Integer(), server_default="0", nullable=False),
    )
    # Work handed in before this column existed: its unmarked points come from the stored scores.
    connection = op.get_bind()
    attempt = sa.table(
        "attempt",
        sa.column("id", sa.Integer),
        sa.column("scores", sa.JSON),
        sa.column("awaiting_teacher", sa.Boolean),
        sa.column("pending_points", sa.Integer),
    )
    rows = connection.execute(
        sa.select(attempt.c.id, attempt.c.scores).where(attempt.c.awaiting_teacher.is_(True))
    ).all()
    for attempt_id, scores in rows:
        connection.execute(
            attempt.update()
            .where(attempt.c.id == attempt_id)
            .values(pending_points=_pending(scores))
        )


def downgrade() -> None:
    with op.batch_alter_table("attempt") as batch:
        batch.drop_column("pending_points")
