"""each student's standing on each assignment, kept from their attempts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from collections import defaultdict
from fractions import Fraction

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment_standing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("submitted_count", sa.Integer(), nullable=False),
        sa.Column("has_open_attempt", sa.Boolean(), nullable=False),
        sa.Column("awaiting_teacher", sa.Boolean(), nullable=False),
        sa.Column("best_attempt_id", sa.Integer(), nullable=True),
        sa.Column("best_number", sa.Integer(), nullable=True),
        sa.Column("best_awarded_num", sa.Integer(), nullable=False),
        sa.Column("best_awarded_den", sa.Integer(), nullable=False),
        sa.Column("best_max_points", sa.Integer(), nullable=False),
        sa.Column("best_pending_points", sa.Integer(), nullable=False),
        sa.Column("best_is_late", sa.Boolean(), nullable=False),
        sa.Column("best_percent", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "best_awarded_den > 0", name=op.f("ck_assignment_standing_denominator_positive")
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_assignment_standing_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["best_attempt_id"],
            ["attempt.id"],
            name=op.f("fk_assignment_standing_best_attempt_id_attempt"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user_account.id"],
            name=op.f("fk_assignment_standing_student_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_standing")),
        sa.UniqueConstraint("assignment_id", "student_id", name="one_standing_per_student"),
    )
    with op.batch_alter_table("assignment_standing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_standing_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assignment_standing_student_id"), ["student_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assignment_standing_best_attempt_id"), ["best_attempt_id"], unique=False
        )
    _backfill(op.get_bind())


ATTEMPT = sa.table(
    "attempt",
    *(
        sa.column(name, sa.Integer)
        for name in (
            "id",
            "assignment_id",
            "student_id",
            "number",
            "awarded_num",
            "awarded_den",
            "max_points",
            "pending_points",
        )
    ),
    sa.column("status", sa.String),
    sa.column("awaiting_teacher", sa.Boolean),
    sa.column("is_late", sa.Boolean),
)


STANDING = sa.table(
    "assignment_standing",
    *(
        sa.column(name)
        for name in (
            "assignment_id",
            "student_id",
            "attempt_count",
            "submitted_count",
            "has_open_attempt",
            "awaiting_teacher",
            "best_attempt_id",
            "best_number",
            "best_awarded_num",
            "best_awarded_den",
            "best_max_points",
            "best_pending_points",
            "best_is_late",
            "best_percent",
        )
    ),
)


def _percent(numerator: int, denominator: int) -> int:
    """Rounded half up, as app/score_numbers.percent was when this was written."""
    return (200 * numerator + denominator) // (2 * denominator)


def _standing(attempts) -> dict:
    submitted = [a for a in attempts if a.status == "submitted"]
    row = {
        "attempt_count": len(attempts),
        "submitted_count": len(submitted),
        "has_open_attempt": len(submitted) < len(attempts),
        "awaiting_teacher": any(a.awaiting_teacher for a in submitted),
        "best_attempt_id": None,
        "best_number": None,
        "best_awarded_num": 0,
        "best_awarded_den": 1,
        "best_max_points": 0,
        "best_pending_points": 0,
        "best_is_late": False,
        "best_percent": None,
    }
    if not submitted:
        return row
    # The counted attempt: the highest share of its points, the earliest on a tie.
    best = max(
        submitted,
        key=lambda a: (Fraction(a.awarded_num, a.awarded_den) / (a.max_points or 1), -a.number),
    )
    marked = best.max_points - best.pending_points
    return row | {
        "best_attempt_id": best.id,
        "best_number": best.number,
        "best_awarded_num": best.awarded_num,
        "best_awarded_den": best.awarded_den,
        "best_max_points": best.max_points,
        "best_pending_points": best.pending_points,
        "best_is_late": bool(best.is_late),
        "best_percent": _percent(best.awarded_num, best.awarded_den * marked) if marked else None,
    }


def _backfill(connection) -> None:
    """A standing for every student and assignment with attempts, from those attempts."""
    grouped = defaultdict(list)
    query = sa.select(*ATTEMPT.c).order_by(
        ATTEMPT.c.assignment_id, ATTEMPT.c.student_id, ATTEMPT.c.number
    )
    for attempt in connection.execute(query):
        grouped[(attempt.assignment_id, attempt.student_id)].append(attempt)
    rows = [
        {"assignment_id": a, "student_id": s, **_standing(found)}
        for (a, s), found in grouped.items()
    ]
    for start in range(0, len(rows), 1000):
        connection.execute(sa.insert(STANDING), rows[start : start + 1000])


def downgrade() -> None:
    with op.batch_alter_table("assignment_standing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_standing_best_attempt_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_standing_student_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_standing_assignment_id"))
    op.drop_table("assignment_standing")
