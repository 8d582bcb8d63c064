"""Weekly counts from the diary, and the aggregate facts that the trend rules are about.

This module only counts. What the counts mean (monitor, consult, ...) is
decided by the trend rules in ``knowledge/trends.yaml`` via ``backpop.trend_verdict``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from backpop.assessment import Disposition
from backpop.diary.clock import utc
from backpop.diary.schema import DEFAULT_OWNER
from backpop.episode import Pain, Sound
from backpop.trend_verdict import TrendAssessment, assess_trend

if TYPE_CHECKING:
    from backpop.diary.store import Diary

#: The Episode's sounds, and "unknown" for an episode that does not say.
SOUND_KINDS = (*(sound.value for sound in Sound), "unknown")
PAIN_LEVELS = tuple(pain.value for pain in Pain)
#: Sounds a person can hear (the ones "that used to be painless" can refer to).
AUDIBLE_SOUNDS = tuple(sound.value for sound in Sound if sound not in (Sound.NONE, Sound.UNSURE))
#: Windows named by the trend facts (see the comments in knowledge/trends.yaml).
GRINDING_WINDOW_WEEKS = 6
RECENT_DAYS = 14


@dataclass(frozen=True)
class WeekRow:
    """One calendar week (Monday to Sunday, UTC)."""

    start: date
    episodes: int
    by_sound: dict[str, int]
    pain: dict[str, int]
    worst_pain: str | None
    self_adjusting: int
    self_adjusting_per_day: float
    highest_disposition: Disposition | None


@dataclass(frozen=True)
class Trend:
    weeks: list[WeekRow]
    facts: dict[str, Any]
    assessment: TrendAssessment
    unseen_urgent: list[dict[str, Any]] = field(default_factory=list)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build_trend(diary: Diary, *, weeks: int = 12, owner: str = DEFAULT_OWNER, now: datetime | None = None) -> Trend:
    """Weekly rows for the last `weeks` weeks (this week last) and the trend assessment."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    now_utc = utc(now)
    span = max(weeks, GRINDING_WINDOW_WEEKS)
    first = week_start(now_utc.date()) - timedelta(weeks=span - 1)
    window_start = datetime.combine(first, datetime.min.time())
    # Episodes are read in full: "used to be painless" looks back before the window.
    episodes = [e for e in diary.episodes_for_trend(owner) if e["occurred_at"] <= now_utc]
    cracks = [c for c in diary.self_adjusting_times(owner, since=window_start) if c <= now_utc]
    rows = weekly_rows(episodes, cracks, first=first, weeks=span, now=now_utc)
    facts = trend_facts(episodes, cracks, rows, now=now_utc)
    unseen = [
        e
        for e in episodes
        if e["disposition"] is not None and e["disposition"].level >= Disposition.URGENT.level and e["seen_at"] is None
    ]
    return Trend(
        weeks=rows[-weeks:],
        facts=facts,
        assessment=assess_trend(facts),
        unseen_urgent=sorted(unseen, key=lambda e: e["occurred_at"], reverse=True),
    )


def weekly_rows(
    episodes: Sequence[Mapping[str, Any]],
    cracks: Sequence[datetime],
    *,
    first: date,
    weeks: int,
    now: datetime,
) -> list[WeekRow]:
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    index = {s: i for i, s in enumerate(starts)}
    sounds: list[Counter[str]] = [Counter() for _ in starts]
    pains: list[Counter[str]] = [Counter() for _ in starts]
    highest: list[Disposition | None] = [None for _ in starts]
    crack_counts = [0 for _ in starts]
    for e in episodes:
        i = index.get(week_start(e["occurred_at"].date()))
        if i is None:
            continue
        facts = e["facts"]
        sounds[i][facts.get("sound") or "unknown"] += 1
        if facts.get("pain") in PAIN_LEVELS:
            pains[i][facts["pain"]] += 1
        d = e["disposition"]
        if d is not None and (highest[i] is None or d.level > highest[i].level):
            highest[i] = d
    for c in cracks:
        i = index.get(week_start(c.date()))
        if i is not None:
            crack_counts[i] += 1
    rows = []
    today = now.date()
    for i, start in enumerate(starts):
        # The current week is averaged over the days that have passed, today included.
        days = min(7, (today - start).days + 1)
        worst = next((p for p in reversed(PAIN_LEVELS) if pains[i][p]), None)
        rows.append(
            WeekRow(
                start=start,
                episodes=sum(sounds[i].values()),
                by_sound={k: sounds[i][k] for k in SOUND_KINDS if sounds[i][k]},
                pain={k: pains[i][k] for k in PAIN_LEVELS if pains[i][k]},
                worst_pain=worst,
                self_adjusting=crack_counts[i],
                self_adjusting_per_day=crack_counts[i] / days if days > 0 else 0.0,
                highest_disposition=highest[i],
            )
        )
    return rows


def trend_facts(
    episodes: Sequence[Mapping[str, Any]],
    cracks: Sequence[datetime],
    rows: Sequence[WeekRow],
    *,
    now: datetime,
) -> dict[str, Any]:
    """The aggregate facts declared in knowledge/trends.yaml."""
    last6 = rows[-GRINDING_WINDOW_WEEKS:]
    six_weeks_start = datetime.combine(last6[0].start, datetime.min.time())
    recent_start = now - timedelta(days=RECENT_DAYS)

    grinding_recent = [
        e for e in episodes if e["occurred_at"] >= six_weeks_start and e["facts"].get("sound") == "grinding"
    ]
    painful = ("mild", "moderate", "severe")

    new_pain = False
    for sound in AUDIBLE_SOUNDS:
        before = [
            e["facts"].get("pain")
            for e in episodes
            if e["occurred_at"] < recent_start and e["facts"].get("sound") == sound
        ]
        if not before or any(p != "none" for p in before):
            continue  # never heard before, or not always painless (unknown pain included)
        if any(
            e["occurred_at"] >= recent_start and e["facts"].get("sound") == sound and e["facts"].get("pain") in painful
            for e in episodes
        ):
            new_pain = True
            break

    return {
        "grinding_weeks_of_last_6": sum(1 for r in last6 if r.by_sound.get("grinding")),
        "grinding_with_pain": any(e["facts"].get("pain") in painful for e in grinding_recent),
        "self_adjusting_per_day_last_2_weeks": round(
            sum(1 for c in cracks if recent_start <= c <= now) / RECENT_DAYS, 3
        ),
        "new_pain_with_sounds": new_pain,
        "unseen_urgent_episodes": sum(
            1
            for e in episodes
            if e["disposition"] is not None
            and e["disposition"].level >= Disposition.URGENT.level
            and e["seen_at"] is None
        ),
    }
