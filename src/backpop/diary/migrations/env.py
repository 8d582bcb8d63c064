"""Alembic environment: runs on the connection the diary hands over (see diary/store.py)."""

from __future__ import annotations

from alembic import context

from backpop.diary.schema import VERSION_TABLE, metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("backpop diary migrations run through backpop.diary.Diary, not the CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    # SQLite cannot ALTER most things in place; batch mode copies the table.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
