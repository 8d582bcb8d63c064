"""The adaptive interview: which question to ask next, given the answers so far.

Stateless: the same answers always give the same next question, so a terminal,
a web page and an HTTP client can all drive it. Red-flag questions come first
(fields of emergency rules, then urgent, then the rest), a question is skipped
when no answer could change the disposition any more (unless the knowledge
marks it `always`, because it shapes the explanation), and an emergency rule
that fires ends the interview at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from backpop.assessment import Disposition
from backpop.engine import evaluate_rules
from backpop.knowledge import Knowledge, Question, knowledge


@dataclass(frozen=True)
class Step:
    """What happens next: ask `question`, or stop (`question` is None)."""

    question: Question | None
    emergency_stop: bool = False
    asked: int = 0
    remaining: int = 0


def question_order(kb: Knowledge) -> list[Question]:
    """Questions in the clinical hierarchy; the knowledge file's order within a level."""
    tier: dict[str, int] = {}
    for rule in kb.rules.rules:
        for name in rule.when.fields():
            tier[name] = max(tier.get(name, -1), rule.disposition.level)
    indexed = list(enumerate(kb.questions))
    indexed.sort(key=lambda item: (-tier.get(item[1].field, -1), item[0]))
    return [q for _, q in indexed]


def emergency_confirmed(answers: Mapping[str, Any], kb: Knowledge | None = None) -> bool:
    kb = kb or knowledge()
    for rule_id, fired, _ in evaluate_rules(kb.rules, answers):
        if fired is True and kb.rules.by_id(rule_id).disposition is Disposition.EMERGENCY:
            return True
    return False


def _still_useful(
    question: Question, answers: Mapping[str, Any], kb: Knowledge
) -> bool:
    if question.ask_if.evaluate(answers)[0] is False:
        return False
    if question.always:
        return True
    outcomes = evaluate_rules(kb.rules, answers)
    floor = max(
        (kb.rules.by_id(rid).disposition.level for rid, fired, _ in outcomes if fired is True),
        default=0,
    )
    for rule_id, fired, _ in outcomes:
        rule = kb.rules.by_id(rule_id)
        if fired is None and rule.disposition.level > floor and question.field in rule.when.fields():
            return True
    return False


def next_step(
    answers: Mapping[str, Any],
    skipped: Iterable[str] = (),
    *,
    kb: Knowledge | None = None,
) -> Step:
    """The next question for these answers (fields the person declined are in `skipped`)."""
    kb = kb or knowledge()
    known = {k: v for k, v in answers.items() if v is not None}
    done = set(known) | set(skipped)
    if emergency_confirmed(known, kb):
        return Step(question=None, emergency_stop=True, asked=len(done))
    pending = [
        q for q in question_order(kb) if q.field not in done and _still_useful(q, known, kb)
    ]
    return Step(
        question=pending[0] if pending else None,
        asked=len(done),
        remaining=len(pending),
    )


def parse_answer(question: Question, raw: str) -> tuple[bool, Any]:
    """Read a typed answer: (understood, value). Value None means "don't know"."""
    text = raw.strip().lower()
    if question.kind == "enum" and text in (question.options or {}):
        return True, text
    if text in ("", "?", "skip", "don't know", "dont know", "not sure", "unknown", "dk"):
        return True, None
    if question.kind == "bool":
        if text in ("y", "yes", "true", "1", "yeah", "yep"):
            return True, True
        if text in ("n", "no", "false", "0", "nope"):
            return True, False
        return False, None
    if question.kind == "number":
        try:
            number = float(text.split()[0])
        except ValueError:
            return False, None
        if question.field == "age":
            if not number.is_integer():
                return False, None
            return True, int(number)
        return True, number
    options = list(question.options or {})
    if text.isdigit() and 1 <= int(text) <= len(options):
        return True, options[int(text) - 1]
    for value, label in (question.options or {}).items():
        if text in (value, value.replace("_", " "), label.lower()):
            return True, value
    return False, None
