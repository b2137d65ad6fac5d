"""The drill's replication: ``drills.replication``, which of its scenario's replications it plays.

A drill on a template scenario plays the incident its seed and replication draw, the one
``run TEMPLATE --seed S --replication I`` runs; drills made before this revision kept no
replication and play replication 0.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drills") as batch:
        batch.add_column(sa.Column("replication", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("drills") as batch:
        batch.drop_column("replication")
