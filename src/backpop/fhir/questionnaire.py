"""The interview as a FHIR Questionnaire, and answers as a QuestionnaireResponse.

One item per Episode field; the linkId is the field name. Details kept beside the Episode
(`side`: which side) are items of their own, outside the Episode's: reading a response keeps them
apart (`ReadAnswers.details`), and no rule reads them. Words come from the knowledge base
(`questions.yaml`): the question's text, the fact's plain name on its code, each answer's label
on its answer option. Coded answers use backpop's CodeSystem with codes `<field>.<value>`.

Reading a QuestionnaireResponse gives the same three kinds of fact the interview knows:
answers, fields answered "don't know" (an item with no answer, or carrying the
data-absent-reason extension), and in the adaptive flow the facts read from the person's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from backpop.conditions import AllOf, Always, AnyOf, Condition, FactAtLeast, FactIs
from backpop.episode import Episode, describe_validation_error, field_names
from backpop.fhir.codes import (
    DATA_ABSENT,
    QUESTIONNAIRE_URL,
    SDC_ADAPTIVE,
    SYSTEM,
    answer_coding,
    coding,
    value_code,
)
from backpop.fhir.outcome import FhirInputError
from backpop.fhir.versions import DEFAULT, Version, validate
from backpop.interview import interview_order
from backpop.knowledge import Knowledge, Question, knowledge

#: linkIds of the groups the adaptive flow adds: checklists ("checklist-1", ...) and the hidden
#: group that carries what was read from the person's words.
CHECKLIST_PREFIX = "checklist-"
SUGGESTED_GROUP = "suggested"
RESULT_ITEM = "result"


def item_type(question: Question, version: Version) -> str:
    if question.kind == "bool":
        return "boolean"
    if question.kind == "enum":
        return "coding" if version == "R5" else "choice"
    return "integer" if question.field == "age" else "decimal"


def answer_value(question: Question, value: Any, kb: Knowledge) -> dict[str, Any]:
    """An Episode value as a FHIR answer (valueBoolean, valueCoding, valueInteger, valueDecimal)."""
    if question.kind == "bool":
        return {"valueBoolean": bool(value)}
    if question.kind == "enum":
        return {"valueCoding": answer_coding(question.field, value, kb)}
    if question.field == "age":
        return {"valueInteger": int(value)}
    return {"valueDecimal": value}


def question_item(
    question: Question,
    *,
    version: Version = DEFAULT,
    kb: Knowledge | None = None,
    checklist: bool = False,
    initial: Any = None,
    conditional: bool = True,
) -> dict[str, Any]:
    """One Questionnaire item for a question of the knowledge base."""
    kb = kb or knowledge()
    item: dict[str, Any] = {
        "linkId": question.field,
        "code": [coding(question.field, question.name)],
        "text": question.checklist_text if checklist else question.text,
        "type": item_type(question, version),
        "required": False,
    }
    if conditional:
        enable = enable_when(question.ask_if, kb)
        if enable:
            item["enableWhen"] = enable
            if len(enable) > 1:
                item["enableBehavior"] = "all" if isinstance(question.ask_if, AllOf) else "any"
    if question.options:
        if version == "R5":
            item["answerConstraint"] = "optionsOnly"
        item["answerOption"] = [{"valueCoding": answer_coding(question.field, v, kb)} for v in question.options]
    if initial is not None:
        item["initial"] = [answer_value(question, initial, kb)]
    return item


def enable_when(condition: Condition, kb: Knowledge) -> list[dict[str, Any]]:
    """A question's `ask_if` as enableWhen. Conditions nest only as far as enableWhen can say."""
    if isinstance(condition, Always):
        return []
    if isinstance(condition, FactIs):
        question = kb.question(condition.field)
        assert question is not None, condition.field
        return [
            {"question": condition.field, "operator": "=", **_answer_key(question, value, kb)}
            for value in condition.values
        ]
    if isinstance(condition, FactAtLeast):
        question = kb.question(condition.field)
        assert question is not None, condition.field
        return [{"question": condition.field, "operator": ">=", **_answer_key(question, condition.threshold, kb)}]
    if isinstance(condition, AnyOf):
        return [part for sub in condition.parts for part in enable_when(sub, kb)]
    if isinstance(condition, AllOf):
        parts = [enable_when(sub, kb) for sub in condition.parts]
        if any(len(p) != 1 for p in parts):
            raise ValueError(f"cannot express {condition!r} as enableWhen")
        return [p[0] for p in parts]
    raise ValueError(f"cannot express {condition!r} as enableWhen")


def _answer_key(question: Question, value: Any, kb: Knowledge) -> dict[str, Any]:
    answer = answer_value(question, value, kb)
    ((key, val),) = answer.items()
    return {"answer" + key[len("value") :]: val}


def questionnaire(*, version: Version = DEFAULT, kb: Knowledge | None = None) -> dict[str, Any]:
    """The whole interview as one Questionnaire, versioned with the knowledge."""
    kb = kb or knowledge()
    resource = {
        "resourceType": "Questionnaire",
        "id": "backpop",
        "extension": [{"url": SDC_ADAPTIVE, "valueBoolean": True}],
        "url": QUESTIONNAIRE_URL,
        "version": kb.version,
        "name": "BackpopInterview",
        "title": "My back just popped: is that fine, or do I need a doctor?",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "backpop",
        "description": "backpop's interview about a back pop, click, grinding or clunk. Answer what you can; "
        'an item left without an answer counts as "don\'t know". Adaptive: '
        "POST a QuestionnaireResponse to Questionnaire/$next-question for one question at a "
        "time, warning signs first; or answer the whole form and POST it to $assess. "
        "The item 'side' (which side) is kept for the clinician beside the answers and never changes "
        "the result. backpop informs and triages; it never diagnoses.",
        "item": [question_item(q, version=version, kb=kb) for q in interview_order(kb)],
    }
    return validate(resource, version)


def questionnaire_reference(kb: Knowledge | None = None) -> str:
    return f"{QUESTIONNAIRE_URL}|{(kb or knowledge()).version}"


# -- Episode -> QuestionnaireResponse -------------------------------------------------------


def episode_response(
    episode: Episode,
    *,
    skipped: Iterable[str] = (),
    version: Version = DEFAULT,
    kb: Knowledge | None = None,
    status: str = "completed",
    details: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An Episode (and the details kept beside it, such as which side) as a QuestionnaireResponse
    to the backpop Questionnaire."""
    kb = kb or knowledge()
    facts = {**episode.known(), **{k: v for k, v in (details or {}).items() if v is not None}}
    unknown = set(skipped)
    items = []
    for question in interview_order(kb):
        if question.field in facts:
            items.append(
                {
                    "linkId": question.field,
                    "text": question.text,
                    "answer": [answer_value(question, facts[question.field], kb)],
                }
            )
        elif question.field in unknown:
            items.append(
                {
                    "linkId": question.field,
                    "text": question.text,
                    "extension": [{"url": DATA_ABSENT, "valueCode": "asked-unknown"}],
                }
            )
    resource = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire_reference(kb),
        "status": status,
        "item": items,
    }
    return validate(resource, version)


# -- QuestionnaireResponse -> facts -------------------------------------------------------


@dataclass
class ReadAnswers:
    """What a QuestionnaireResponse says: answers, "don't know" fields, and where each came from."""

    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    #: Details answered beside the Episode (which side), kept apart from `answers`.
    details: dict[str, Any] = field(default_factory=dict)
    #: Fields answered by a checklist item with no answer (an unticked box: no).
    unanswered_in_checklist: list[str] = field(default_factory=list)
    #: Fields of single questions present with no answer.
    unanswered: list[str] = field(default_factory=list)

    def episode(self) -> Episode:
        return to_episode(self.answers)


def to_episode(facts: Mapping[str, Any]) -> Episode:
    from pydantic import ValidationError

    try:
        return Episode.model_validate(dict(facts))
    except ValidationError as exc:
        raise FhirInputError(
            f"QuestionnaireResponse: {describe_validation_error(exc)}", status=422, code="value"
        ) from None


def read_response(response: Mapping[str, Any], kb: Knowledge | None = None) -> ReadAnswers:
    """The facts in a QuestionnaireResponse (already checked as FHIR). Unknown linkIds, answers of the
    wrong type and a field answered twice are FhirInputErrors that name the item."""
    kb = kb or knowledge()
    out = ReadAnswers()
    seen: set[str] = set()
    _read_items(response.get("item") or [], "QuestionnaireResponse.item", kb, out, seen, in_checklist=False)
    return out


def _read_items(
    items: list[Any], where: str, kb: Knowledge, out: ReadAnswers, seen: set[str], *, in_checklist: bool
) -> None:
    names = set(field_names()) | set(kb.detail_names)
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        link = item.get("linkId")
        if link not in names:
            if isinstance(link, str) and (link.startswith(CHECKLIST_PREFIX) or link == SUGGESTED_GROUP):
                if item.get("answer"):
                    raise FhirInputError(
                        f"{here}: the group {link!r} takes no answer of its own; answer its items",
                        status=422,
                        expression=here,
                    )
                if link != SUGGESTED_GROUP:
                    _read_items(
                        item.get("item") or [],
                        f"{here}.item",
                        kb,
                        out,
                        seen,
                        in_checklist=link.startswith(CHECKLIST_PREFIX),
                    )
                continue
            if link == RESULT_ITEM:
                continue
            raise FhirInputError(
                f"{here}: unknown linkId {link!r}: backpop's linkIds are the episode's field names "
                f"and its details ({', '.join(sorted(names))})",
                status=422,
                code="not-found",
                expression=f"{here}.linkId",
            )
        if link in seen:
            raise FhirInputError(f"{here}: {link!r} is answered twice", status=422, expression=f"{here}.linkId")
        seen.add(link)
        if item.get("item"):
            raise FhirInputError(
                f"{here}: {link!r} is a question, not a group: it has no items", status=422, expression=f"{here}.item"
            )
        question = kb.question(link)
        assert question is not None
        answers = item.get("answer") or []
        if len(answers) > 1:
            raise FhirInputError(
                f"{here}: {link!r} takes one answer, got {len(answers)}", status=422, expression=f"{here}.answer"
            )
        if not answers:
            if _absent(item):
                out.skipped.append(link)
            elif in_checklist:
                out.unanswered_in_checklist.append(link)
            else:
                out.unanswered.append(link)
            continue
        value = read_value(question, answers[0], f"{here}.answer[0]", kb)
        (out.details if question.detail else out.answers)[link] = value


def _absent(item: Mapping[str, Any]) -> bool:
    return any(isinstance(e, Mapping) and e.get("url") == DATA_ABSENT for e in item.get("extension") or [])


def read_value(question: Question, answer: Mapping[str, Any], where: str, kb: Knowledge) -> Any:
    """One answer (or initial value) as the Episode value, checked against the question's type."""
    keys = (
        [k for k in answer if k.startswith("value") and not k.startswith("value__")]
        if isinstance(answer, Mapping)
        else []
    )
    expected = {"bool": "valueBoolean", "enum": "valueCoding"}.get(
        question.kind, "valueInteger" if question.field == "age" else "valueDecimal"
    )
    name = question.name or question.field
    if len(keys) != 1:
        raise FhirInputError(
            f"{where}: {question.field!r} ({name}) needs one {expected}", status=422, code="value", expression=where
        )
    key, value = keys[0], answer[keys[0]]
    accepted = {expected} | ({"valueInteger"} if expected == "valueDecimal" else set())
    if key not in accepted:
        raise FhirInputError(
            f"{where}: {question.field!r} ({name}) is answered with {key}; it takes {expected}",
            status=422,
            code="value",
            expression=where,
        )
    if question.kind == "bool":
        if not isinstance(value, bool):
            raise FhirInputError(
                f"{where}: valueBoolean must be true or false", status=422, code="value", expression=where
            )
        return value
    if question.kind == "enum":
        options = question.options or {}
        system = value.get("system") if isinstance(value, Mapping) else None
        code = value.get("code") if isinstance(value, Mapping) else None
        if system not in (None, SYSTEM):
            raise FhirInputError(
                f"{where}: {question.field!r} takes codes of {SYSTEM}, not {system}",
                status=422,
                code="code-invalid",
                expression=where,
            )
        for option in options:
            if code in (value_code(question.field, option), option):
                return option
        allowed = ", ".join(value_code(question.field, o) for o in options)
        raise FhirInputError(
            f"{where}: {code!r} is not an answer to {question.field!r} ({name}); allowed: {allowed}",
            status=422,
            code="code-invalid",
            expression=where,
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FhirInputError(f"{where}: {key} must be a number", status=422, code="value", expression=where)
    return value
