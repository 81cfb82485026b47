"""release and close an assignment; per-student exceptions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "student_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extra_attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "extra_attempts BETWEEN 0 AND 10", name=op.f("ck_student_exception_extra_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_student_exception_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user_account.id"],
            name=op.f("fk_student_exception_student_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_exception")),
        sa.UniqueConstraint("assignment_id", "student_id", name="one_per_student"),
    )
    with op.batch_alter_table("student_exception", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_student_exception_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_student_exception_student_id"), ["student_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("student_exception", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_exception_student_id"))
        batch_op.drop_index(batch_op.f("ix_student_exception_assignment_id"))
    op.drop_table("student_exception")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
        batch_op.drop_column("released_at")
