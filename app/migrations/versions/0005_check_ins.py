"""check-ins: a class's before and after check-ins, students' seats, their attempts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("set_name", sa.String(length=64), nullable=False),
        sa.Column("before_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("after_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("after_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
            name=op.f("fk_check_in_classroom_id_classroom"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in")),
    )
    op.create_index(op.f("ix_check_in_classroom_id"), "check_in", ["classroom_id"], unique=False)
    op.create_table(
        "check_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_in_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=8), nullable=False),
        sa.Column("form", sa.String(length=1), nullable=False),
        sa.Column("lesson_slug", sa.String(length=64), nullable=False),
        sa.Column("lesson_version", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("awarded_num", sa.Integer(), nullable=False),
        sa.Column("awarded_den", sa.Integer(), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("form IN ('A', 'B')", name=op.f("ck_check_in_attempt_form_known")),
        sa.CheckConstraint(
            "phase IN ('before', 'after')", name=op.f("ck_check_in_attempt_phase_known")
        ),
        sa.CheckConstraint(
            "status IN ('in_progress', 'submitted')", name=op.f("ck_check_in_attempt_status_known")
        ),
        sa.CheckConstraint(
            "awarded_den > 0", name=op.f("ck_check_in_attempt_denominator_positive")
        ),
        sa.ForeignKeyConstraint(
            ["check_in_id"],
            ["check_in.id"],
            name=op.f("fk_check_in_attempt_check_in_id_check_in"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user_account.id"],
            name=op.f("fk_check_in_attempt_student_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_attempt")),
        sa.UniqueConstraint("check_in_id", "student_id", "phase", name="once_per_phase"),
    )
    op.create_index(
        op.f("ix_check_in_attempt_check_in_id"), "check_in_attempt", ["check_in_id"], unique=False
    )
    op.create_index(
        op.f("ix_check_in_attempt_student_id"), "check_in_attempt", ["student_id"], unique=False
    )
    op.create_table(
        "check_in_seat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_in_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("form_order", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("form_order IN ('AB', 'BA')", name=op.f("ck_check_in_seat_order_known")),
        sa.ForeignKeyConstraint(
            ["check_in_id"],
            ["check_in.id"],
            name=op.f("fk_check_in_seat_check_in_id_check_in"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user_account.id"],
            name=op.f("fk_check_in_seat_student_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_seat")),
        sa.UniqueConstraint("check_in_id", "student_id", name="one_seat_per_student"),
    )
    op.create_index(
        op.f("ix_check_in_seat_check_in_id"), "check_in_seat", ["check_in_id"], unique=False
    )
    op.create_index(
        op.f("ix_check_in_seat_student_id"), "check_in_seat", ["student_id"], unique=False
    )


def downgrade() -> None:
    for table in ("check_in_seat", "check_in_attempt"):
        op.drop_index(op.f(f"ix_{table}_student_id"), table_name=table)
        op.drop_index(op.f(f"ix_{table}_check_in_id"), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f("ix_check_in_classroom_id"), table_name="check_in")
    op.drop_table("check_in")
