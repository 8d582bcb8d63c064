"""The FHIR operations: $assess (answers in, result out) and $next-question (SDC adaptive forms).

Both read a QuestionnaireResponse, turn it into the facts the rest of backpop knows, and call
the same functions every other face calls: `interview.next_step` for the next question and
`engine.assess` for the result.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from backpop.assessment import Assessment
from backpop.engine import assess
from backpop.episode import Episode, field_names
from backpop.fhir.codes import EXTENSION_ASSESSMENT, QUESTIONNAIRE_URL, SDC_ADAPTIVE
from backpop.fhir.outcome import FhirInputError
from backpop.fhir.questionnaire import (
    CHECKLIST_PREFIX,
    RESULT_ITEM,
    SUGGESTED_GROUP,
    question_item,
    questionnaire_reference,
    read_response,
    read_value,
    to_episode,
)
from backpop.fhir.results import now, result_resources
from backpop.fhir.versions import DEFAULT, Version, read_resource, validate
from backpop.interview import CHECKLIST_QUESTION, next_step, settled
from backpop.knowledge import Knowledge, knowledge

ADAPTIVE_ID = "interview"


def unwrap_response(data: Any, version: Version) -> dict[str, Any]:
    """A QuestionnaireResponse, given bare or as the one resource parameter of a Parameters."""
    resource = read_resource(data, ("QuestionnaireResponse", "Parameters"), version)
    if resource["resourceType"] == "Parameters":
        found = [
            p["resource"]
            for p in resource.get("parameter") or []
            if isinstance(p.get("resource"), Mapping) and p["resource"].get("resourceType") == "QuestionnaireResponse"
        ]
        if len(found) != 1:
            raise FhirInputError(
                "Parameters: expected one parameter holding a QuestionnaireResponse", expression="Parameters.parameter"
            )
        resource = found[0]
    _check_questionnaire(resource)
    return resource


def _check_questionnaire(response: Mapping[str, Any]) -> None:
    canonical = response.get("questionnaire")
    if canonical is None:
        return
    base = str(canonical).split("|", 1)[0]
    if base.startswith("#") or base == QUESTIONNAIRE_URL or base.rstrip("/").endswith("Questionnaire/backpop"):
        return
    raise FhirInputError(
        f"this QuestionnaireResponse answers {canonical!r}, not backpop's Questionnaire ({QUESTIONNAIRE_URL})",
        status=422,
        code="not-supported",
        expression="QuestionnaireResponse.questionnaire",
    )


class Refs:
    """Local ids to urn:uuid references, for resources in one Bundle."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def __call__(self, local: str) -> str:
        return "urn:uuid:" + self.ids.setdefault(local, str(uuid.uuid4()))


def bundle(entries: list[tuple[str, dict[str, Any]]], refs: Refs, *, version: Version) -> dict[str, Any]:
    resource = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now(),
        "entry": [{"fullUrl": refs(local), "resource": r} for local, r in entries],
    }
    return validate(resource, version)


def assess_response(
    data: Any,
    *,
    version: Version = DEFAULT,
    recording: Any = None,
    kb: Knowledge | None = None,
    country: str | None = None,
) -> dict[str, Any]:
    """$assess: a QuestionnaireResponse in; a Bundle out: the response, the RiskAssessment (carrying
    the emergency number of `country`), the red flags found as Observations, and the recording's
    events when a listen result is given."""
    return assess_with_result(data, version=version, recording=recording, kb=kb, country=country)[0]


def assess_with_result(
    data: Any,
    *,
    version: Version = DEFAULT,
    recording: Any = None,
    kb: Knowledge | None = None,
    country: str | None = None,
) -> tuple[dict[str, Any], Assessment, dict[str, Any]]:
    """`assess_response`, the Assessment behind it and the details answered beside the Episode
    (which side; for keeping them in the diary)."""
    from backpop.wording import emergency_number

    kb = kb or knowledge()
    response = unwrap_response(data, version)
    read = read_response(response, kb)
    episode = read.episode()
    refs = Refs()
    subject = response.get("subject")
    event_entries: list[tuple[str, dict[str, Any]]] = []
    evidence = None
    if recording is not None:
        from backpop.fhir.recording import listen_json, recording_resources

        listened = listen_json(recording)
        event_entries = recording_resources(listened, ref=refs, subject=subject)
        evidence = (listened.get("summary") or {}).get("evidence")
    assessment = assess(episode, recording_evidence=evidence, kb=kb)
    results = result_resources(
        assessment,
        ref=refs,
        response_id="response",
        subject=subject,
        event_ids=[local for local, _ in event_entries if local != "recording"],
        kb=kb,
        emergency_number=emergency_number(country),
    )
    whole = bundle([("response", response), *results, *event_entries], refs, version=version)
    return whole, assessment, read.details


# -- $next-question -----------------------------------------------------------------------


def _contained_questionnaire(response: Mapping[str, Any]) -> dict[str, Any] | None:
    canonical = str(response.get("questionnaire") or "")
    if not canonical.startswith("#"):
        return None
    for resource in response.get("contained") or []:
        if resource.get("resourceType") == "Questionnaire" and resource.get("id") == canonical[1:]:
            return resource
    raise FhirInputError(
        f"questionnaire {canonical!r} names no contained Questionnaire",
        status=422,
        expression="QuestionnaireResponse.questionnaire",
    )


def _screens(adaptive: Mapping[str, Any] | None, kb: Knowledge) -> tuple[list[str | tuple[str, ...]], dict]:
    """The screens shown so far (a field, or a checklist's fields) and what was read from words."""
    screens: list[str | tuple[str, ...]] = []
    suggested: dict[str, Any] = {}
    names = set(field_names()) | set(kb.detail_names)
    for i, item in enumerate((adaptive or {}).get("item") or []):
        where = f"Questionnaire.item[{i}]"
        link = item.get("linkId")
        if link == SUGGESTED_GROUP:
            for j, child in enumerate(item.get("item") or []):
                question = kb.question(child.get("linkId"))
                if question is None or not child.get("initial"):
                    raise FhirInputError(
                        f"{where}.item[{j}]: a suggested fact needs a field name as linkId and an initial value",
                        status=422,
                        expression=f"{where}.item[{j}]",
                    )
                suggested[question.field] = read_value(
                    question, child["initial"][0], f"{where}.item[{j}].initial[0]", kb
                )
        elif isinstance(link, str) and link.startswith(CHECKLIST_PREFIX):
            fields = tuple(child.get("linkId") for child in item.get("item") or [])
            unknown = [f for f in fields if f not in names]
            if unknown or not fields:
                raise FhirInputError(
                    f"{where}: checklist {link!r} holds unknown linkId(s) {unknown}",
                    status=422,
                    code="not-found",
                    expression=where,
                )
            screens.append(fields)
        elif link in names:
            screens.append(link)
        elif link != RESULT_ITEM:
            raise FhirInputError(
                f"{where}: unknown linkId {link!r}", status=422, code="not-found", expression=f"{where}.linkId"
            )
    return screens, suggested


def interview_state(
    response: Mapping[str, Any], kb: Knowledge
) -> tuple[dict[str, Any], list[str], dict[str, Any], list[str | tuple[str, ...]], dict[str, Any]]:
    """(answers, skipped, suggested, screens, details) from an adaptive QuestionnaireResponse.

    A single question shown and left without an answer is "don't know"; so is any item with the
    data-absent-reason extension. A checklist item left without an answer is "no" (an unticked box)."""
    screens, suggested = _screens(_contained_questionnaire(response), kb)
    read = read_response(response, kb)
    answers = dict(read.answers)
    skipped = list(read.skipped) + [f for f in read.unanswered if f not in read.skipped]
    for screen in screens:
        for name in screen if isinstance(screen, tuple) else (screen,):
            if name in answers or name in skipped or name in read.details:
                continue
            if isinstance(screen, tuple):
                answers[name] = False
            else:
                skipped.append(name)
    to_episode(answers)  # values out of range are named here, before anything is asked
    return answers, skipped, suggested, screens, dict(read.details)


def next_question(
    data: Any, *, version: Version = DEFAULT, kb: Knowledge | None = None, country: str | None = None
) -> dict[str, Any]:
    """$next-question: the QuestionnaireResponse with the next question added to its contained
    Questionnaire, or completed with the result (a contained RiskAssessment, carrying the emergency
    number of `country`, and a display item). Which side is asked right after where, as its own item."""
    from backpop.wording import emergency_number

    kb = kb or knowledge()
    response = unwrap_response(data, version)
    answers, skipped, suggested, screens, details = interview_state(response, kb)
    step = next_step(answers, skipped, suggested=suggested, details=details, kb=kb)

    def item(name: str, *, checklist: bool = False) -> dict[str, Any]:
        question = kb.question(name)
        assert question is not None
        return question_item(
            question,
            version=version,
            kb=kb,
            checklist=checklist,
            conditional=False,
            initial=suggested.get(name) if name in suggested else None,
        )

    items: list[dict[str, Any]] = []
    if suggested:
        items.append(
            {
                "linkId": SUGGESTED_GROUP,
                "text": "What was read from the person's own words",
                "type": "group",
                "readOnly": True,
                "extension": [
                    {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": True}
                ],
                "item": [item(name) for name in suggested],
            }
        )
    checklists = 0
    for screen in [*screens, *([tuple(q.field for q in step.checklist)] if step.checklist else [])]:
        if isinstance(screen, tuple):
            checklists += 1
            items.append(
                {
                    "linkId": f"{CHECKLIST_PREFIX}{checklists}",
                    "text": CHECKLIST_QUESTION,
                    "type": "group",
                    "item": [item(name, checklist=True) for name in screen],
                }
            )
        else:
            items.append(item(screen))
    if step.question is not None:
        items.append(item(step.question.field))
    out: dict[str, Any] = {
        key: response[key] for key in ("id", "subject", "authored", "author", "source") if key in response
    }
    out.update({"resourceType": "QuestionnaireResponse", "questionnaire": f"#{ADAPTIVE_ID}", "status": "in-progress"})
    contained: list[dict[str, Any]] = []
    if step.done:
        facts, unconfirmed = settled(answers, skipped, suggested)
        assessment = assess(Episode.model_validate(facts), unconfirmed=unconfirmed, kb=kb)
        items.append(
            {
                "linkId": RESULT_ITEM,
                "type": "display",
                "text": f"{assessment.headline} {assessment.time_frame} {assessment.disclaimer}",
            }
        )
        results = result_resources(
            assessment,
            ref=lambda local: "#" if local == "response" else f"#{local}",
            response_id="response",
            subject=response.get("subject"),
            kb=kb,
            emergency_number=emergency_number(country),
        )
        for local, resource in results:
            contained.append({"id": local, **resource})
        out["status"] = "completed"
        out["extension"] = [{"url": EXTENSION_ASSESSMENT, "valueReference": {"reference": "#assessment"}}]
        out.setdefault("authored", now())
    adaptive = {
        "resourceType": "Questionnaire",
        "id": ADAPTIVE_ID,
        "extension": [{"url": SDC_ADAPTIVE, "valueBoolean": True}],
        "derivedFrom": [questionnaire_reference(kb)],
        "status": "active",
        "title": "My back just popped: is that fine, or do I need a doctor?",
        "item": items,
    }
    out["contained"] = [adaptive, *contained]
    if response.get("item"):
        out["item"] = response["item"]
    return validate(out, version)
