"""Drill keys: the facilitator's key and name on each drill, a key for each role's player.

Keys are stored as hex SHA-256 digests (:mod:`sim.drills.keys`). Drills made before this
revision have none: they can be read and reported, and refuse every action.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drills") as batch:
        batch.add_column(sa.Column("facilitator", sa.String(200), nullable=False, server_default="facilitator"))
        batch.add_column(sa.Column("facilitator_key", sa.String(64), nullable=True))
    with op.batch_alter_table("drill_participants") as batch:
        batch.add_column(sa.Column("key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drill_participants") as batch:
        batch.drop_column("key")
    with op.batch_alter_table("drills") as batch:
        batch.drop_column("facilitator_key")
        batch.drop_column("facilitator")
