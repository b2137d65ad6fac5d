"""What is filed around a drill: its objectives, its options and its improvement items.

``drill_objectives`` — the objectives (演练目标) the facilitator set, copied from the
scenario and edited; ``drill_options`` — whether participants see the objectives, and
the drill a fork was started from with the moment it forked; ``drill_improvements`` —
the improvement plan (改进计划): one tracked action per finding, with its unit, due
date and status.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drill_objectives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["drill_id"], ["drills.id"], name="fk_drill_objectives_drill_id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_drill_objectives"),
        sa.UniqueConstraint("drill_id", "key", name="uq_drill_objectives_drill_id"),
    )
    op.create_table(
        "drill_options",
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("share_objectives", sa.Boolean(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("fork_h", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["drill_id"], ["drills.id"], name="fk_drill_options_drill_id", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["drills.id"], name="fk_drill_options_parent_id", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("drill_id", name="pk_drill_options"),
    )
    op.create_table(
        "drill_improvements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("finding", sa.String(200), nullable=False),
        sa.Column("attribution", sa.String(20), nullable=False),
        sa.Column("grade", sa.String(20), nullable=False),
        sa.Column("clause", sa.String(80), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(80), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["drill_id"], ["drills.id"], name="fk_drill_improvements_drill_id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_drill_improvements"),
        sa.UniqueConstraint("drill_id", "finding", name="uq_drill_improvements_drill_id"),
    )


def downgrade() -> None:
    op.drop_table("drill_improvements")
    op.drop_table("drill_options")
    op.drop_table("drill_objectives")
