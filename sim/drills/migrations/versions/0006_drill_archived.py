"""Archived drills: ``drills.archived``, set by the facilitator to tidy a drill away.

An archived drill is left out of the lists of drills unless they are asked for it, and
refuses every change until it is restored; it stays whole and readable (its report and
papers), so nothing of it is deleted. Drills made before this revision are not archived.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drills") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("drills") as batch:
        batch.drop_column("archived")
