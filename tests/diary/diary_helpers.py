"""Helpers shared by the diary tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from backpop import Episode, assess
from backpop.diary import Diary

NOW = datetime(2026, 3, 18, 12, 0)  # a Wednesday


def save(diary: Diary, when: datetime, owner: str = "local", text: str | None = None, **facts):
    episode = Episode(**facts)
    return diary.save_assessment(episode, assess(episode), text=text, when=when, owner=owner)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)
