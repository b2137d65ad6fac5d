"""The clock's sign of life: ``drills.clock_seen``, the wall time a drill server last kept it.

A running clock reads on only while a server keeps it (see :mod:`sim.drills.keeper`);
drills made before this revision have no sign yet and read on from their anchor.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drills") as batch:
        batch.add_column(sa.Column("clock_seen", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drills") as batch:
        batch.drop_column("clock_seen")
