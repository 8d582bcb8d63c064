"""Trend assessment: the knowledge base's verdict on aggregate facts from many episodes.

The diary counts things (weeks with grinding, self-cracking events a day, ...)
and hands the counts here; the rules that turn counts into a disposition live
in ``knowledge/trends.yaml`` and are evaluated by the engine, like the triage
rules for a single episode.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backpop.assessment import Advice, Disposition, Reason
from backpop.engine import reasons_for, safety_net_advice
from backpop.errors import KnowledgeError
from backpop.knowledge import KNOWLEDGE_DIR, RuleSet, knowledge, load_rules, read_yaml

TRENDS_FILE = KNOWLEDGE_DIR / "trends.yaml"


class TrendAssessment(BaseModel):
    """What the knowledge base concludes from a diary's recent weeks, with every reason."""

    model_config = ConfigDict(extra="forbid")

    disposition: Disposition
    time_frame: str = Field(description="What to do and how soon, in plain words.")
    reasoning: list[Reason] = Field(description="Every trend rule that fired, highest first.")
    advice: list[Advice]
    facts: dict[str, Any] = Field(description="The aggregate facts that were assessed.")
    knowledge_version: str
    disclaimer: str


def trend_schema() -> dict[str, list[Any] | None]:
    """The trend fact schema declared under `facts:` in trends.yaml."""
    doc = read_yaml(TRENDS_FILE)
    facts = doc.get("facts") if isinstance(doc, dict) else None
    if not isinstance(facts, dict):
        raise KnowledgeError(f"{TRENDS_FILE}: expected a 'facts' mapping (name: values or null)")
    schema: dict[str, list[Any] | None] = {}
    for name, values in facts.items():
        if name == "__line__":
            continue
        if values is not None and not (isinstance(values, list) and values):
            raise KnowledgeError(f"{TRENDS_FILE}: fact {name!r} needs a list of values or null")
        schema[name] = values
    return schema


def _version(rules: RuleSet, kb_version: str) -> str:
    """The knowledge base's version with the trend file's digest: "2026.11-1+f969d36b+1a2b3c4d", and the
    trend file's own version only when it differs (never the same version twice)."""
    import hashlib

    digest = hashlib.sha256(rules.path.read_bytes()).hexdigest()[:8]
    if kb_version.split("+", 1)[0] == rules.version:
        return f"{kb_version}+{digest}"
    return f"{kb_version}+trends-{rules.version}+{digest}"


@lru_cache(maxsize=1)
def trend_rules() -> RuleSet:
    """The shipped trend rules, loaded and validated once per process."""
    return load_rules(TRENDS_FILE, trend_schema())


def assess_trend(facts: Mapping[str, Any]) -> TrendAssessment:
    """Assess aggregate diary facts. Pure: the same facts and knowledge give the same result."""
    schema = trend_schema()
    unknown = set(facts) - set(schema)
    if unknown:
        raise ValueError(f"unknown trend fact(s) {sorted(unknown)}; known: {sorted(schema)}")
    rules = trend_rules()
    kb = knowledge()
    reasons = reasons_for(rules, facts)
    reasons.sort(key=lambda r: -r.disposition.level)
    disposition = Disposition.highest([r.disposition for r in reasons])
    return TrendAssessment(
        disposition=disposition,
        time_frame=kb.dispositions[disposition]["time_frame"],
        reasoning=reasons,
        advice=_advice(disposition, reasons),
        facts=dict(facts),
        knowledge_version=_version(rules, kb.version),
        disclaimer=kb.disclaimer,
    )


def _advice(disposition: Disposition, reasons: list[Reason]) -> list[Advice]:
    """The advice items for this disposition, and those citing the same source as a fired rule.

    Advice that is conditional on single-episode facts is chosen by its source
    here: the fired trend rule already established the pattern it is about.
    """
    kb = knowledge()
    cited = {r.source for r in reasons}
    chosen = []
    for item in kb.advice:
        if item.dispositions is not None and disposition not in item.dispositions:
            continue
        if item.sources is not None:
            continue  # about a likely source of one sound, not a trend
        if item.kind != "action" and item.source not in cited:
            continue
        chosen.append(Advice(id=item.id, kind=item.kind, title=item.title, text=item.text, source=item.source))
    net = safety_net_advice(kb, disposition)
    if net is not None and reasons:
        chosen.append(net)
    return chosen
