"""The first diary schema: episodes, assessments, recordings, self-adjusting events, notes.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _owner() -> sa.Column:
    return sa.Column("owner", sa.String(200), nullable=False, server_default="local")


def _episode_fk(nullable: bool) -> sa.Column:
    return sa.Column(
        "episode_id",
        sa.Integer,
        sa.ForeignKey("diary_episodes.id", ondelete="CASCADE"),
        nullable=nullable,
    )


def upgrade() -> None:
    op.create_table(
        "diary_episodes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _owner(),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("seen_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_diary_episodes_owner", "diary_episodes", ["owner"])
    op.create_index("ix_diary_episodes_occurred_at", "diary_episodes", ["occurred_at"])

    op.create_table(
        "diary_assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _owner(),
        _episode_fk(nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("disposition", sa.String(20), nullable=False),
        sa.Column("knowledge_version", sa.String(100), nullable=False),
        sa.Column("assessment", sa.JSON, nullable=False),
    )
    op.create_index("ix_diary_assessments_owner", "diary_assessments", ["owner"])
    op.create_index("ix_diary_assessments_episode_id", "diary_assessments", ["episode_id"])

    op.create_table(
        "diary_recordings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _owner(),
        _episode_fk(nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("duration_s", sa.Float, nullable=True),
        sa.Column("sample_rate", sa.Integer, nullable=True),
        sa.Column("path", sa.Text, nullable=True),
        sa.Column("listen", sa.JSON, nullable=True),
    )
    op.create_index("ix_diary_recordings_owner", "diary_recordings", ["owner"])
    op.create_index("ix_diary_recordings_episode_id", "diary_recordings", ["episode_id"])

    op.create_table(
        "diary_self_adjustments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _owner(),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_diary_self_adjustments_owner", "diary_self_adjustments", ["owner"])
    op.create_index("ix_diary_self_adjustments_occurred_at", "diary_self_adjustments", ["occurred_at"])

    op.create_table(
        "diary_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _owner(),
        _episode_fk(nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_diary_notes_owner", "diary_notes", ["owner"])
    op.create_index("ix_diary_notes_episode_id", "diary_notes", ["episode_id"])
    op.create_index("ix_diary_notes_created_at", "diary_notes", ["created_at"])


def downgrade() -> None:
    for table in (
        "diary_notes",
        "diary_self_adjustments",
        "diary_recordings",
        "diary_assessments",
        "diary_episodes",
    ):
        op.drop_table(table)
