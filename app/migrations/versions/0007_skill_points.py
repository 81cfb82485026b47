"""each attempt's known points per skill, and the counted attempt's on its standing

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

The new columns start empty: working the points out needs the lesson files, which a
migration does not read. `flask db upgrade` fills them in right after, in batches with a commit
each (see app/services/skill_points.py), and reports treat an empty one as no points yet.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("skill_points", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("skill_points_version", sa.String(32), nullable=True))
    with op.batch_alter_table("assignment_standing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("best_skill_points", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assignment_standing", schema=None) as batch_op:
        batch_op.drop_column("best_skill_points")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_column("skill_points_version")
        batch_op.drop_column("skill_points")
