"""The output contract: what an assessment concludes and why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Disposition(StrEnum):
    """What the person should do, highest first."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    CONSULT = "consult"
    MONITOR = "monitor"
    SELF_CARE = "self_care"

    @property
    def level(self) -> int:
        """Higher is more urgent (self_care 0 .. emergency 4)."""
        return _LEVELS[self]

    @classmethod
    def highest(cls, dispositions: list[Disposition]) -> Disposition:
        return max(dispositions, key=lambda d: d.level, default=cls.SELF_CARE)


_LEVELS = {
    Disposition.SELF_CARE: 0,
    Disposition.MONITOR: 1,
    Disposition.CONSULT: 2,
    Disposition.URGENT: 3,
    Disposition.EMERGENCY: 4,
}


class Band(StrEnum):
    LIKELY = "likely"
    POSSIBLE = "possible"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(_Model):
    """One fact from the episode that points to or away from a source."""

    text: str = Field(description="The finding in plain words.")
    facts: dict[str, Any] = Field(description="The episode facts behind it.")


class SourceRanking(_Model):
    id: str = Field(description="Likely-source id from the policy, e.g. cavitation.")
    name: str
    band: Band
    explanation: str = Field(description="What this source is, in plain words.")
    supporting: list[Finding]
    against: list[Finding]


class Reason(_Model):
    """One fired rule: why the disposition is what it is."""

    rule_id: str
    disposition: Disposition
    summary: str = Field(description="The rule in plain words.")
    facts: dict[str, Any] = Field(description="The facts that made the rule fire.")
    rule_out: str | None = Field(default=None, description="The condition to rule out.")
    source: str


class RedFlag(_Model):
    rule_id: str
    disposition: Disposition
    found: str = Field(description="What was found, in plain words.")
    facts: dict[str, Any]
    rule_out: str


class UnscreenedFlag(_Model):
    field: str
    question: str


class Advice(_Model):
    id: str
    kind: str = Field(description="action, reassurance, avoid, exercise, safety_net, clinician")
    title: str
    text: str
    steps: list[str] = Field(default_factory=list, description="Numbered steps (exercises), in order.")
    stop: str | None = Field(default=None, description="When to stop (for exercises).")
    source: str


class Assessment(_Model):
    """What backpop concludes about one episode, with every reason."""

    disposition: Disposition
    provisional: bool = Field(
        default=False,
        description="True while the result is not final: facts read from the person's own words are "
        "not yet confirmed by them, or a warning-sign question whose answer could raise the level is "
        "unanswered. `still_to_answer` lists those questions and `next_step` says what to do; the "
        "headline of a provisional result below `consult` never says that all is well.",
    )
    still_to_answer: list[str] = Field(
        default_factory=list,
        description="Episode fields whose answer could still change the level (empty when final).",
    )
    next_step: str | None = Field(
        default=None, description="For a provisional result: the one thing to do to make it final."
    )
    time_frame: str = Field(description="What to do and how soon, in plain words.")
    headline: str = Field(description="One plain sentence.")
    likely_sources: list[SourceRanking]
    red_flags: list[RedFlag]
    unscreened_red_flags: list[UnscreenedFlag]
    reasoning: list[Reason]
    advice: list[Advice]
    notes: list[str] = Field(
        default_factory=list,
        description="What a recording added to the answers, and where it disagreed with them "
        "(the person's answer is kept).",
    )
    episode: dict[str, Any] = Field(description="The facts that were assessed (known ones only).")
    knowledge_version: str
    disclaimer: str
