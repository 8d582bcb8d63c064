"""Evaluates the knowledge base over an Episode: the one place a clinical decision is made."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from backpop.assessment import (
    Advice,
    Assessment,
    Band,
    Disposition,
    Finding,
    Reason,
    RedFlag,
    SourceRanking,
    UnscreenedFlag,
)
from backpop.conditions import AllOf, AnyOf, Condition, FactAtLeast
from backpop.episode import Episode
from backpop.errors import InputError
from backpop.knowledge import AdviceItem, Knowledge, Question, RuleSet, knowledge
from backpop.wording import answer_text, fact_text, words


def _both_outcomes(
    rules: RuleSet, facts: Mapping[str, Any]
) -> tuple[list[tuple[str, bool | None, dict[str, Any]]], list[tuple[str, dict[str, Any]]]]:
    """Each condition evaluated once, read two ways: three-valued (unknown stays undecided) for
    :func:`evaluate_rules`, and with unknown taken as absent for :func:`fired_rules`."""
    known = {k: v for k, v in facts.items() if v is not None}
    undecided: dict[str, bool | None] = {}
    holds: dict[str, bool] = {}
    three, fired = [], []
    for rule in rules.rules:
        value, used = rule.when.evaluate(known)
        fires = value is True
        if fires and rule.unless_fired is not None:
            fires = not any(holds[r] for r in rule.unless_fired)
        holds[rule.id] = fires
        if fires:
            fired.append((rule.id, used))
        if rule.unless_fired is not None and value is not False:
            blockers = [undecided[r] for r in rule.unless_fired]
            if any(b is True for b in blockers):
                value, used = False, {}
            elif any(b is None for b in blockers):
                value, used = None, {}
        undecided[rule.id] = value
        three.append((rule.id, value, used))
    return three, fired


def evaluate_rules(rules: RuleSet, facts: Mapping[str, Any]) -> list[tuple[str, bool | None, dict[str, Any]]]:
    """Each rule's outcome in order: (id, fired, the facts that made it fire).

    `fired` is None when the outcome depends on facts that are still unknown.
    """
    return _both_outcomes(rules, facts)[0]


def fired_rules(rules: RuleSet, facts: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The rules that fire when every unknown fact is taken as absent."""
    return _both_outcomes(rules, facts)[1]


def level_of(facts: Mapping[str, Any], kb: Knowledge) -> int:
    """The disposition level these facts give (unknown facts do not fire)."""
    return max((kb.rules.by_id(rid).disposition.level for rid, _ in fired_rules(kb.rules, facts)), default=0)


def _thresholds(condition: Condition, name: str) -> set[float]:
    if isinstance(condition, FactAtLeast):
        return {condition.threshold} if condition.field == name else set()
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(_thresholds(p, name) for p in condition.parts))
    return set()


def alternatives(question: Question, kb: Knowledge) -> list[Any]:
    """Every value of a question's field that a rule can tell apart."""
    if question.kind == "bool":
        return [True, False]
    if question.kind == "enum":
        return list(question.options or {})
    cuts: set[float] = set()
    for rule in kb.rules.rules:
        cuts |= _thresholds(rule.when, question.field)
    values: set[float] = {0.0}
    for cut in cuts:
        values |= {cut, max(0.0, cut - 1)}
    return sorted(int(v) if question.field == "age" else v for v in values)


def could_change_level(question: Question, facts: Mapping[str, Any], kb: Knowledge) -> bool:
    """Would another value of this field (or not knowing it) give another level?"""
    base = level_of(facts, kb)
    for value in [None, *alternatives(question, kb)]:
        trial = {k: v for k, v in facts.items() if k != question.field}
        if value is not None:
            trial[question.field] = value
        if level_of(trial, kb) != base:
            return True
    return False


def still_to_answer(
    kb: Knowledge, facts: Mapping[str, Any], unconfirmed: Any = (), *, outcomes: Any = None
) -> list[str]:
    """The questions that could still change the level: facts read but not confirmed whose
    answer could change it, and unanswered warning-sign questions that a rule not yet decided
    (and above the level now) depends on."""
    outcomes = evaluate_rules(kb.rules, facts) if outcomes is None else outcomes
    level = max((kb.rules.by_id(rid).disposition.level for rid, fired, _ in outcomes if fired is True), default=0)
    open_fields: set[str] = set()
    for rule_id, fired, _ in outcomes:
        rule = kb.rules.by_id(rule_id)
        if fired is None and rule.disposition.level > level:
            open_fields |= rule.when.fields()
    fields = []
    for question in kb.questions:
        name = question.field
        if name in unconfirmed:
            if could_change_level(question, facts, kb):
                fields.append(name)
        elif name in kb.urgent_rule_fields and name not in facts and name in open_fields:
            if question.ask_if.evaluate(facts)[0] is not False:
                fields.append(name)
    return fields


def reasons_for(rules: RuleSet, facts: Mapping[str, Any], *, fired: Any = None) -> list[Reason]:
    """Every rule that fires, with the facts that made it fire and its source."""
    reasons = []
    for rule_id, used in fired_rules(rules, facts) if fired is None else fired:
        rule = rules.by_id(rule_id)
        reasons.append(
            Reason(
                rule_id=rule.id,
                disposition=rule.disposition,
                summary=rule.summary,
                facts=used,
                rule_out=rule.rule_out,
                source=rule.source,
            )
        )
    return reasons


def rank_sources(kb: Knowledge, facts: Mapping[str, Any]) -> list[SourceRanking]:
    """The likely sources with a positive score, best first, each with its findings."""
    ranked = []
    for order, source in enumerate(kb.sources):
        supporting, against, score = [], [], 0.0
        for finding in source.supporting:
            holds, used = finding.when.evaluate(facts)
            if holds:
                score += finding.weight
                supporting.append(Finding(text=finding.text, facts=used))
        for finding in source.against:
            holds, used = finding.when.evaluate(facts)
            if holds:
                score -= finding.weight
                against.append(Finding(text=finding.text, facts=used))
        if score > 0:
            band = Band.LIKELY if score >= kb.likely_at else Band.POSSIBLE
            ranking = SourceRanking(
                id=source.id,
                name=source.name,
                band=band,
                explanation=source.explanation,
                supporting=supporting,
                against=against,
            )
            ranked.append((-score, order, ranking))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [r for _, _, r in ranked]


def _advice(kb: Knowledge, disposition: Disposition, facts: Mapping[str, Any], sources: list[str]) -> list[Advice]:
    chosen = []
    for item in kb.advice:
        if item.dispositions is not None and disposition not in item.dispositions:
            continue
        if item.sources is not None and not set(item.sources) & set(sources):
            continue
        if item.when.evaluate(facts)[0] is not True:
            continue
        chosen.append(_advice_model(item))
    net = safety_net_advice(kb, disposition)
    if net is not None:
        chosen.append(net)
    return chosen


_UNSCREENED: dict[int, tuple[Any, dict[str, UnscreenedFlag]]] = {}


def _unscreened(kb: Knowledge, name: str) -> UnscreenedFlag:
    """The unanswered-question entry for a field, built once per knowledge base."""
    cached = _UNSCREENED.get(id(kb))
    if cached is None or cached[0] is not kb:
        flags = {q.field: UnscreenedFlag(field=q.field, question=q.text) for q in kb.questions}
        cached = _UNSCREENED[id(kb)] = (kb, flags)
    return cached[1][name]


def _applies(kb: Knowledge, name: str, facts: Mapping[str, Any]) -> bool:
    """False for a question that does not apply to these facts (its ask_if is False)."""
    question = kb.question(name)
    return question is None or question.ask_if.evaluate(facts)[0] is not False


@lru_cache(maxsize=256)
def _advice_model(item: AdviceItem) -> Advice:
    return Advice(
        id=item.id,
        kind=item.kind,
        title=item.title,
        text=item.text,
        steps=list(item.steps),
        stop=item.stop,
        source=item.source,
    )


def safety_net_advice(kb: Knowledge, disposition: Disposition) -> Advice | None:
    """What would raise the level from this disposition, as one advice item."""
    net = kb.safety_net.get(disposition)
    if not net:
        return None
    return Advice(
        id=f"safety-net-{disposition.value}",
        kind="safety_net",
        title=kb.safety_net_item["title"],
        text=" ".join(f"• {line}" for line in net),
        source=kb.safety_net_item["source"],
    )


def _headline(kb: Knowledge, disposition: Disposition, reasons: list[Reason], top: SourceRanking | None) -> str:
    template = kb.dispositions[disposition]["headline"]
    rule_out = next((r.rule_out for r in reasons if r.disposition == disposition and r.rule_out), "")
    name = top.name if top is not None else kb.unknown_source_name
    return template.format(
        rule_out=rule_out,
        source_name=name,
        source_name_lower=name[:1].lower() + name[1:],
    )


# A recording can only speak to what the sound was and whether it repeats.
RECORDING_FACTS = ("sound", "repeat")
_NOT_AN_ANSWER = {"sound": "unsure", "repeat": "unknown"}


def merge_recording_evidence(episode: Episode, evidence: Mapping[str, Any] | None) -> tuple[Episode, list[str]]:
    """Add what a recording showed to the episode. Where the person said otherwise, their
    answer is kept (they heard and felt it; a phone may have missed it) and a note says so."""
    notes: list[str] = []
    if not evidence:
        return episode, ["The recording held no joint sound, so it adds nothing to your answers."]
    facts = episode.known()
    added: dict[str, Any] = {}
    for name in RECORDING_FACTS:
        heard = evidence.get(name)
        if heard is None:
            continue
        said = facts.get(name)
        if said is None or said == _NOT_AN_ANSWER[name]:
            added[name] = heard
            notes.append(words("recording_added", fact=fact_text(name, heard)))
        elif said == heard:
            notes.append(words("recording_agrees", fact=fact_text(name, said)))
        else:
            notes.append(
                words("recording_disagrees", said=fact_text(name, said), heard=answer_text(name, heard).lower())
            )
    return (episode.merged(**added) if added else episode), notes


def assess(
    episode: Episode,
    *,
    recording_evidence: Mapping[str, Any] | None = None,
    unconfirmed: Iterable[str] = (),
    kb: Knowledge | None = None,
) -> Assessment:
    """Assess one episode. Pure: the same facts and knowledge give the same Assessment.

    `recording_evidence` is the `summary.evidence` of `backpop listen` for a recording of
    the sound; it fills in what the person did not say and never overrides their answers.
    `unconfirmed` names the facts that were read from the person's words and not yet
    confirmed by them: while any of them could change the level, the result is provisional.
    """
    if isinstance(episode, Mapping):
        from backpop.episode import parse_episode

        episode = parse_episode(dict(episode), origin="assess()")
    if not isinstance(episode, Episode):
        raise InputError(f"assess() takes an Episode or a mapping of its facts, not {type(episode).__name__}")
    kb = kb or knowledge()
    notes: list[str] = []
    if recording_evidence is not None:
        episode, notes = merge_recording_evidence(episode, recording_evidence)
    facts = episode.known()
    three_valued, fired = _both_outcomes(kb.rules, facts)
    reasons = reasons_for(kb.rules, facts, fired=fired)
    disposition = Disposition.highest([r.disposition for r in reasons])
    red_flags = [
        RedFlag(
            rule_id=r.rule_id,
            disposition=r.disposition,
            found=r.summary,
            facts=r.facts,
            rule_out=r.rule_out or "",
        )
        for r in reasons
        if r.disposition.level >= Disposition.URGENT.level
    ]
    unscreened = [
        _unscreened(kb, name) for name in kb.urgent_rule_fields if name not in facts and _applies(kb, name, facts)
    ]
    sources = rank_sources(kb, facts)
    shown = [s.id for s in sources[:2]]
    to_answer = still_to_answer(kb, facts, set(unconfirmed) & set(facts), outcomes=three_valued)
    time_frame = kb.dispositions[disposition]["time_frame"]
    headline = _headline(kb, disposition, reasons, sources[0] if sources else None)
    next_step = None
    if to_answer:
        words = {"count": len(to_answer), "questions": "question" if len(to_answer) == 1 else "questions"}
        next_step = kb.provisional["next_step"].format(**words)
        if disposition.level < Disposition.CONSULT.level:
            headline = kb.provisional["headline"].format(**words)
            time_frame = kb.provisional["time_frame"]
    return Assessment(
        disposition=disposition,
        provisional=bool(to_answer),
        still_to_answer=to_answer,
        next_step=next_step,
        time_frame=time_frame,
        headline=headline,
        likely_sources=sources,
        red_flags=red_flags,
        unscreened_red_flags=unscreened,
        reasoning=reasons,
        advice=_advice(kb, disposition, facts, shown),
        notes=notes,
        episode=facts,
        knowledge_version=kb.version,
        disclaimer=kb.disclaimer,
    )
