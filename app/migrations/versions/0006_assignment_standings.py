"""each student's standing on each assignment, kept from their attempts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

The table starts empty. Filling it inside the upgrade's transaction held writes to attempts and
accounts for the whole backfill (44 s on a district of 385,000 attempts); `flask db upgrade`
fills it right after, a batch of students at a time with a commit each
(app/services/standings.py, fill_batches).
"""

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


def downgrade() -> None:
    with op.batch_alter_table("assignment_standing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_standing_best_attempt_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_standing_student_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_standing_assignment_id"))
    op.drop_table("assignment_standing")
