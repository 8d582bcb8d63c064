"""The diary's tables, as SQLAlchemy Core metadata (the migrations, in order, create the same schema).

Times are stored as naive UTC. Every row carries an `owner` so that one
database can hold the diaries of many people; every query filters on it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

#: The version table has its own name so a shared PostgreSQL database can also
#: hold another application's Alembic history.
VERSION_TABLE = "backpop_alembic_version"
DEFAULT_OWNER = "local"

metadata = MetaData()

episodes = Table(
    "diary_episodes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(200), nullable=False, server_default=DEFAULT_OWNER, index=True),
    Column("occurred_at", DateTime, nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("text", Text, nullable=True),
    Column("seen_at", DateTime, nullable=True),
    #: Which side, as the person answered (a detail kept for the clinician; no rule reads it).
    Column("side", String(20), nullable=True),
)

assessments = Table(
    "diary_assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(200), nullable=False, server_default=DEFAULT_OWNER, index=True),
    Column(
        "episode_id",
        Integer,
        ForeignKey("diary_episodes.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", DateTime, nullable=False),
    Column("disposition", String(20), nullable=False),
    Column("knowledge_version", String(100), nullable=False),
    Column("assessment", JSON, nullable=False),
)

recordings = Table(
    "diary_recordings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(200), nullable=False, server_default=DEFAULT_OWNER, index=True),
    Column(
        "episode_id",
        Integer,
        ForeignKey("diary_episodes.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    Column("recorded_at", DateTime, nullable=False),
    Column("sha256", String(64), nullable=True),
    Column("duration_s", Float, nullable=True),
    Column("sample_rate", Integer, nullable=True),
    Column("path", Text, nullable=True),
    Column("listen", JSON, nullable=True),
)

self_adjustments = Table(
    "diary_self_adjustments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(200), nullable=False, server_default=DEFAULT_OWNER, index=True),
    Column("occurred_at", DateTime, nullable=False, index=True),
)

notes = Table(
    "diary_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(200), nullable=False, server_default=DEFAULT_OWNER, index=True),
    Column(
        "episode_id",
        Integer,
        ForeignKey("diary_episodes.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("text", Text, nullable=False),
)
