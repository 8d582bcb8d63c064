"""What the reader returns, the sets of fields its rules depend on, and the candidate facts it
chooses from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backpop.episode import Episode, red_flag_fields

# 100 kB is the size the reader is tested at; ten times that still reads in a few seconds.
# Longer text is refused rather than cut, because cutting could lose a red flag.
MAX_CHARS = 1_000_000

# Red flags: facts that make the disposition urgent or an emergency (TRIAGE_POLICY.md rules E and
# U), and the guideline red flags that make it a consultation; marked in the Episode model.
RED_FLAG_FIELDS: tuple[str, ...] = red_flag_fields()
# Boolean facts that follow the safety rule (red flags, and the back giving way).
FLAG_FIELDS: frozenset[str] = frozenset(RED_FLAG_FIELDS) | {"giving_way"}
# Facts about a person's history: a past mention is still a yes.
HISTORY_FIELDS: frozenset[str] = frozenset(
    {"cancer_history", "osteoporosis", "long_term_steroids", "immunosuppressed", "iv_drug_use"}
)


class UnderstoodFact(BaseModel):
    """One fact read from the text, with the words it was read from."""

    model_config = ConfigDict(frozen=True)

    field: str
    value: bool | int | float | str
    span: str = Field(description="The words the fact was read from: text[start:end].")
    start: int
    end: int
    uncertain: bool = Field(
        default=False,
        description="The text hedges, or the fact is past or resolved; worth asking again.",
    )
    learned: bool = Field(
        default=False,
        description="Suggested by the learned second reader from the story as a whole (its words and word "
        "pairs; `span` is the word that weighed most), not read from a phrase: always uncertain, to confirm.",
    )


class Understanding(BaseModel):
    """The Episode read from a narrative, and where each fact came from."""

    model_config = ConfigDict(frozen=True)

    episode: Episode
    understood: list[UnderstoodFact] = Field(default_factory=list)
    side: UnderstoodFact | None = Field(
        default=None,
        description="Which side the trouble is on (left, right, both, middle), when the text says. Not an "
        "Episode fact (no triage rule reads it): kept with the person's words for the clinician.",
    )

    def fact(self, name: str) -> UnderstoodFact | None:
        """The understood fact for one Episode field, if the text stated it."""
        return next((f for f in self.understood if f.field == name), None)


@dataclass
class Candidate:
    """A value the text gives one fact, with its words; `_decide` chooses among a fact's candidates."""

    field: str
    value: Any
    start: int
    end: int
    uncertain: bool = False
    certain_rank: int = field(default=0)
    #: A warning sign told as something in the past ("I had sciatica years ago"): kept, uncertain,
    #: unless the text denies it now.
    past: bool = False
    #: Suggested by the learned second reader, not read from a phrase.
    learned: bool = False
