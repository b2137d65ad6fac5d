"""Drill tables: drills (inputs, settings, clock, sequence counter), participants, injects, actions.

Revision ID: 0001
Revises:
Create Date: 2024-06-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("scenario", sa.String(500), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("end_h", sa.Float(), nullable=False),
        sa.Column("clock_h", sa.Float(), nullable=False),
        sa.Column("clock_running", sa.Boolean(), nullable=False),
        sa.Column("clock_rate", sa.Float(), nullable=False),
        sa.Column("clock_anchor", sa.Float(), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drills"),
    )
    op.create_table(
        "drill_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(80), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["drill_id"], ["drills.id"], name="fk_drill_participants_drill_id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_drill_participants"),
        sa.UniqueConstraint("drill_id", "role", name="uq_drill_participants_drill_id"),
    )
    op.create_table(
        "drill_injects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("at_h", sa.Float(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("released_h", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["drill_id"], ["drills.id"], name="fk_drill_injects_drill_id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_drill_injects"),
        sa.UniqueConstraint("drill_id", "key", name="uq_drill_injects_drill_id"),
    )
    op.create_table(
        "drill_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drill_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at_h", sa.Float(), nullable=False),
        sa.Column("wall", sa.DateTime(timezone=True), nullable=False),
        sa.Column("role", sa.String(80), nullable=True),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(80), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["drill_id"], ["drills.id"], name="fk_drill_actions_drill_id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_drill_actions"),
        sa.UniqueConstraint("drill_id", "seq", name="uq_drill_actions_drill_id"),
    )


def downgrade() -> None:
    op.drop_table("drill_actions")
    op.drop_table("drill_injects")
    op.drop_table("drill_participants")
    op.drop_table("drills")
