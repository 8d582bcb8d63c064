"""Which side an episode is on (left, right, both, middle), as the person answered; null when not asked.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diary_episodes") as batch:
        batch.add_column(sa.Column("side", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("diary_episodes") as batch:
        batch.drop_column("side")
