"""The diary's one time convention, shared by the store and the modules that read it."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(when: datetime | None) -> datetime:
    """Naive UTC (the storage convention). A naive input is taken to be UTC already; None is now."""
    if when is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if when.tzinfo is not None:
        return when.astimezone(UTC).replace(tzinfo=None)
    return when
