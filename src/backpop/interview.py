"""The adaptive interview: which question to ask next, given the answers so far.

Stateless: the same answers always give the same next question, so a terminal,
a web page and an HTTP client can all drive it.

Three kinds of fact come in. *Answers* are what the person confirmed. *Suggestions* are
what was read from their own words: a suggestion that could change the level if it were
different is asked back, with the value read pre-selected, so a misreading is put right by
the person; one that could not change the level is kept as it is. *Skipped* fields are the
ones the person answered "don't know".

Questions come in the clinical hierarchy (fields of emergency rules, then urgent, then the
rest); a question is skipped when no answer could change the disposition any more (unless the
knowledge marks it `always`, because it shapes the explanation). Before a result below
`consult`, every warning-sign question the person has not answered is asked. Several
yes/no warning-sign questions that are due together are shown as one "any of these?"
checklist. An emergency rule that fires on confirmed answers ends the interview at once.

*Details* ("which side") are asked too, once, right after the question their knowledge names
(`after:`), and kept for the clinician beside the answers. They are never Episode facts: no rule
reads one, so they change neither a level nor which other questions are asked. "Don't know" to a
detail goes in `skipped` like any other; a detail read from the words is shown pre-selected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from backpop.assessment import Disposition
from backpop.engine import could_change_level, evaluate_rules, level_of
from backpop.errors import InputError
from backpop.knowledge import Knowledge, Question, knowledge

#: A checklist needs at least this many yes/no warning-sign questions; fewer are asked one by one.
CHECKLIST_MIN = 2
#: The question over an "any of these?" checklist, on every face.
CHECKLIST_QUESTION = "Do you have any of these now?"


@dataclass(frozen=True)
class Step:
    """What happens next: ask `question` (or the `checklist`), or stop (both empty).

    `suggested` holds what was read from the person's words for the fields shown, to be
    pre-selected; `unconfirmed` lists every field that is still only read, not answered.
    """

    question: Question | None
    emergency_stop: bool = False
    asked: int = 0
    remaining: int = 0
    suggested: Mapping[str, Any] = field(default_factory=dict)
    checklist: tuple[Question, ...] = ()
    unconfirmed: tuple[str, ...] = field(default=())

    @property
    def done(self) -> bool:
        return self.question is None and not self.checklist


def question_order(kb: Knowledge) -> list[Question]:
    """Questions in the clinical hierarchy; the knowledge file's order within a level."""
    tier: dict[str, int] = {}
    for rule in kb.rules.rules:
        for name in rule.when.fields():
            tier[name] = max(tier.get(name, -1), rule.disposition.level)
    indexed = list(enumerate(kb.questions))
    indexed.sort(key=lambda item: (-tier.get(item[1].field, -1), item[0]))
    order = [q for _, q in indexed if not q.early]
    # "Where" comes early: right after the warning signs that come first (the checklist), before
    # the rest. Asking it earlier or later changes no level: it is asked either way.
    warning = set(warning_sign_fields(kb))
    at = next((i for i, q in enumerate(order) if q.field not in warning), len(order))
    return order[:at] + [q for _, q in indexed if q.early] + order[at:]


def interview_order(kb: Knowledge) -> list[Question]:
    """The questions in the order they are asked: `question_order`, each detail right after its field."""
    order: list[Question] = []
    for question in question_order(kb):
        order.append(question)
        order += [d for d in kb.details if d.after == question.field]
    return order


def split_details(facts: Mapping[str, Any] | None, kb: Knowledge | None = None) -> tuple[dict, dict]:
    """(Episode facts, details) from one mapping that may hold both, such as what was read from words."""
    names = set((kb or knowledge()).detail_names)
    facts = dict(facts or {})
    return {k: v for k, v in facts.items() if k not in names}, {k: v for k, v in facts.items() if k in names}


def check_details(details: Any, origin: str = "details", kb: Knowledge | None = None) -> dict[str, Any]:
    """Validate details ({"side": "left"}; null = not given) against the knowledge, or raise InputError."""
    kb = kb or knowledge()
    if details is None:
        return {}
    if not isinstance(details, Mapping):
        raise InputError(f'{origin}: expected a JSON object such as {{"side": "left"}}')
    out = {}
    for name, value in details.items():
        question = kb.question(name) if name in kb.detail_names else None
        if question is None:
            raise InputError(f"{origin}: unknown detail {name!r} (known: {', '.join(kb.detail_names)})")
        if value is None:
            continue
        if value not in (question.options or {}):
            where = origin if origin.lstrip("-") == name else f"{origin}.{name}"
            raise InputError(f"{where}: got {value!r}; allowed: {', '.join(question.options or {})}")
        out[name] = value
    return out


def emergency_confirmed(answers: Mapping[str, Any], kb: Knowledge | None = None) -> bool:
    kb = kb or knowledge()
    for rule_id, fired, _ in evaluate_rules(kb.rules, answers):
        if fired is True and kb.rules.by_id(rule_id).disposition is Disposition.EMERGENCY:
            return True
    return False


def warning_sign_fields(kb: Knowledge) -> tuple[str, ...]:
    """The yes/no questions about warning signs: fields of urgent and emergency rules."""
    kinds = {q.field: q.kind for q in kb.questions}
    return tuple(name for name in kb.urgent_rule_fields if kinds.get(name) == "bool")


def _still_useful(question: Question, facts: Mapping[str, Any], kb: Knowledge) -> bool:
    if question.ask_if.evaluate(facts)[0] is False:
        return False
    if question.always:
        return True
    outcomes = evaluate_rules(kb.rules, facts)
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
    suggested: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    kb: Knowledge | None = None,
) -> Step:
    """The next question for these answers.

    `skipped`: fields (and details) the person answered "don't know". `suggested`: facts (and
    details) read from the person's words and not yet confirmed (an answer or a skip for the same
    field wins). `details`: the details answered so far ({"side": "left"}).
    """
    kb = kb or knowledge()
    read, read_details = split_details(suggested, kb)
    known = {k: v for k, v in answers.items() if v is not None}
    skipped = set(skipped)
    details_done = {k for k, v in (details or {}).items() if v is not None} | (skipped & set(kb.detail_names))
    done = set(known) | skipped | details_done
    unconfirmed = {k: v for k, v in read.items() if v is not None and k not in done}
    listed = tuple(unconfirmed)
    warning = set(warning_sign_fields(kb))
    # Progress counts screens: the warning signs answered count once, as the checklist they came in.
    asked = len(done - warning) + (1 if done & warning else 0)
    if emergency_confirmed(known, kb):
        return Step(question=None, emergency_stop=True, asked=asked, unconfirmed=listed)
    facts = {**unconfirmed, **known}
    order = interview_order(kb)
    pending = []
    for q in order:
        if q.field in done:
            continue
        if q.detail:
            pending.append(q)  # asked once, whatever the answers: no rule reads it
            continue
        if q.ask_if.evaluate(facts)[0] is False:
            continue
        if q.field in unconfirmed:
            if could_change_level(q, facts, kb):
                pending.append(q)
        elif _still_useful(q, facts, kb):
            pending.append(q)
    if level_of(facts, kb) < Disposition.CONSULT.level:
        # Before a result below consult, every warning sign the person has not answered is asked.
        pending += [
            q
            for q in order
            if q.field in warning
            and q.field not in done
            and q not in pending
            and q.ask_if.evaluate(facts)[0] is not False
        ]
        pending.sort(key=order.index)
    if not pending:
        return Step(question=None, asked=asked, unconfirmed=listed)
    first = pending[0]
    region = facts.get("region")
    # A checklist holds the warning signs that apply as they stand; one that depends on an answer
    # still to come (both sides, once a nerve symptom is known) is asked on its own later.
    group = tuple(q for q in pending if q.field in warning and q.ask_if.evaluate(facts)[0] is True)
    if first in group and len(group) >= CHECKLIST_MIN:
        return Step(
            question=None,
            asked=asked,
            remaining=len(pending) - len(group) + 1,
            checklist=_for_part(group, region),
            suggested={q.field: unconfirmed[q.field] for q in group if q.field in unconfirmed},
            unconfirmed=listed,
        )
    shown = {first.field: unconfirmed[first.field]} if first.field in unconfirmed else {}
    if first.detail and read_details.get(first.field) is not None:
        shown = {first.field: read_details[first.field]}
    return Step(
        question=first.for_region(region), asked=asked, remaining=len(pending), suggested=shown, unconfirmed=listed
    )


def _for_part(questions: tuple[Question, ...], region: str | None) -> tuple[Question, ...]:
    """Warning signs phrased for the body part the person named, that part's own signs first and
    signs about another part last (every one is still shown: the set, and so the level, is the same)."""
    if region not in ("neck", "upper_back", "lower_back"):
        return questions

    def rank(q: Question) -> int:
        if not q.parts:
            return 1
        return 0 if region in q.parts else 2

    return tuple(q.for_region(region) for q in sorted(questions, key=rank))


def settled(
    answers: Mapping[str, Any], skipped: Iterable[str] = (), suggested: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The facts an interview ends with: the person's answers, and what was read from their words
    that they neither answered nor skipped (kept because it could not change the level), named
    as unconfirmed for assess()."""
    known = {k: v for k, v in answers.items() if v is not None}
    done = set(known) | set(skipped)
    read, _ = split_details(suggested)
    kept = {k: v for k, v in read.items() if v is not None and k not in done}
    return {**kept, **known}, list(kept)


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
