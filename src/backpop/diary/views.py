"""The diary as JSON, one shape for every face: `backpop diary list|show|trend --json` and the
HTTP API's /v1/diary endpoints print the same documents, described by these models
(`backpop schema diary-list`, `diary-entry`, `diary-trend` print their JSON Schemas).

Times are ISO 8601 in UTC with a trailing Z; levels are disposition ids; each document also
carries the plain words a person reads (`label`), so an app need not translate ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backpop.assessment import Disposition
from backpop.knowledge import knowledge
from backpop.trend_verdict import TrendAssessment

#: Which side an episode is on: the values questions.yaml gives the "side" detail.
SIDES = tuple(knowledge().question("side").options or ())


def _utc_text(when: datetime) -> str:
    return when.replace(tzinfo=None).isoformat() + "Z"


class DiaryEntry(BaseModel):
    """One line of the diary."""

    id: str = Field(description="The diary id: e12 (episode), r3 (recording), c4 (self-cracking), n2 (note).")
    kind: Literal["episode", "recording", "self_adjusting", "note"]
    when: str = Field(description="When it happened, ISO 8601 in UTC (…Z).")
    summary: str = Field(description="The entry in a few plain words.")
    disposition: Disposition | None = Field(description="The level of an episode's assessment, if any.")
    label: str | None = Field(description='The level in plain words ("Urgent: today"), if any.')
    seen: bool = Field(description="An episode marked as seen by a clinician.")
    awaits_clinician: bool = Field(description="An urgent or emergency episode not yet seen by a clinician.")


class DiaryList(BaseModel):
    """`backpop diary list --json` and GET /v1/diary."""

    entries: list[DiaryEntry] = Field(description="Newest first.")
    awaiting_clinician: list[str] = Field(
        default_factory=list, description="Ids of urgent or emergency episodes not yet seen by a clinician."
    )


class DiaryItem(BaseModel):
    """`backpop diary show ID --json` and GET /v1/diary/{id}: one entry in full. The columns of its
    kind (an episode: occurred_at, facts, text, side, seen_at, assessments, recordings, notes,
    awaits_clinician; a recording: recorded_at, duration_s, listen, ...)."""

    model_config = ConfigDict(extra="allow")

    ref: str = Field(description="The diary id, e.g. e12.")
    kind: Literal["episode", "recording", "self_adjusting", "note"]
    side: Literal[SIDES] | None = Field(  # type: ignore[valid-type]
        default=None,
        description='An episode: which side it is on, as the person answered (null: not asked, "don\'t know", '
        "or not an episode). Kept for the clinician beside the facts; no rule reads it.",
    )


class Week(BaseModel):
    """One calendar week, Monday to Sunday (UTC)."""

    start: date = Field(description="The Monday that starts the week.")
    episodes: int
    by_sound: dict[str, int] = Field(description="Episodes by kind of sound (the Episode's sound values).")
    pain: dict[str, int] = Field(description="Episodes by pain level.")
    worst_pain: str | None
    self_adjusting: int = Field(description="Times the person logged cracking their own back that week.")
    self_adjusting_per_day: float = Field(description="self_adjusting divided by the days of the week so far.")
    highest_disposition: Disposition | None


class DiaryTrend(BaseModel):
    """`backpop diary trend --json` and GET /v1/diary/trend."""

    weeks: list[Week] = Field(description="Oldest first; the last is this week.")
    totals: dict[str, int] = Field(description="episodes and self_adjusting over the weeks shown.")
    facts: dict[str, Any] = Field(description="The aggregate facts the trend rules were given.")
    assessment: TrendAssessment
    unseen_urgent: list[dict[str, Any]] = Field(
        description="Urgent or emergency episodes not yet seen by a clinician: id, occurred_at, disposition."
    )


def list_document(entries: list[Any], awaiting: list[Any] | None = None) -> dict[str, Any]:
    from backpop.wording import level_label

    return DiaryList(
        entries=[
            DiaryEntry(
                id=e.ref,
                kind=e.kind,
                when=_utc_text(e.when),
                summary=e.summary,
                disposition=e.disposition,
                label=level_label(e.disposition) or None,
                seen=e.seen,
                awaits_clinician=e.awaits_clinician,
            )
            for e in entries
        ],
        awaiting_clinician=[e.ref for e in (awaiting or []) if e.awaits_clinician],
    ).model_dump(mode="json")


def trend_document(trend: Any) -> dict[str, Any]:
    weeks = [Week.model_validate(row, from_attributes=True) for row in trend.weeks]
    return DiaryTrend(
        weeks=weeks,
        totals={"episodes": sum(w.episodes for w in weeks), "self_adjusting": sum(w.self_adjusting for w in weeks)},
        facts=trend.facts,
        assessment=trend.assessment,
        unseen_urgent=[
            {
                "id": f"e{e['id']}",
                "occurred_at": _utc_text(e["occurred_at"]),
                "disposition": e["disposition"].value if e["disposition"] is not None else None,
            }
            for e in trend.unseen_urgent
        ],
    ).model_dump(mode="json")


def item_document(item: dict[str, Any]) -> dict[str, Any]:
    return DiaryItem.model_validate(item).model_dump(mode="json")


SCHEMAS = {"diary-list": DiaryList, "diary-entry": DiaryItem, "diary-trend": DiaryTrend}
