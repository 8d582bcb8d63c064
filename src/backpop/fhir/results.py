"""An Assessment as FHIR: a RiskAssessment, with the red flags found as Observations.

Why a RiskAssessment rather than a GuidanceResponse: what backpop concludes is an estimate of
what the sound most likely is (RiskAssessment.prediction, one per likely source, with its band
as the qualitative risk) and of how serious it could be, backed by the facts and rules it rests
on (RiskAssessment.basis). A GuidanceResponse would only say that a decision-support module ran
and point to requests it made; it has no place for predictions or their basis. What
RiskAssessment lacks, the disposition, is carried by one extension
(`.../StructureDefinition/disposition`, a code of backpop's CodeSystem); the time frame is its
`mitigation`, and the advice its notes.

Every value here comes from `assess()`; nothing is decided in this module.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from backpop.assessment import Assessment
from backpop.fhir.codes import (
    BAND_NAMES,
    DISPOSITION_NAMES,
    EXTENSION_DISPOSITION,
    EXTENSION_EMERGENCY_NUMBER,
    RULE_SYSTEM,
    UCUM,
    answer_coding,
    coding,
    disposition_concept,
    field_concept,
)
from backpop.knowledge import Knowledge, knowledge

SURVEY = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey"}
    ]
}
DEFAULT_SUBJECT = {"display": "The person who answered"}

Ref = Callable[[str], str]


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def fact_value(field: str, value: Any, kb: Knowledge) -> dict[str, Any]:
    """An Episode fact as an Observation value."""
    question = kb.question(field)
    kind = question.kind if question else "number"
    if kind == "bool":
        return {"valueBoolean": bool(value)}
    if kind == "enum":
        c = answer_coding(field, value, kb)
        return {"valueCodeableConcept": {"coding": [c], "text": c.get("display", str(value))}}
    if field == "age":
        return {"valueQuantity": {"value": value, "unit": "years", "system": UCUM, "code": "a"}}
    return {"valueQuantity": {"value": value, "unit": "weeks", "system": UCUM, "code": "wk"}}


def red_flag_observations(
    assessment: Assessment, *, subject: dict[str, Any], response_ref: str | None, when: str, kb: Knowledge | None = None
) -> list[dict[str, Any]]:
    """One Observation per fact behind a red flag that was found (present)."""
    kb = kb or knowledge()
    notes: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for flag in assessment.red_flags:
        for name, value in flag.facts.items():
            values.setdefault(name, value)
            line = f"{flag.found} To rule out: {flag.rule_out} (rule {flag.rule_id})."
            if line not in notes.setdefault(name, []):
                notes[name].append(line)
    out = []
    for name, value in values.items():
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "preliminary" if assessment.provisional else "final",
            "category": [SURVEY],
            "code": field_concept(name, kb),
            "subject": subject,
            "effectiveDateTime": when,
            **fact_value(name, value, kb),
            "note": [{"text": text} for text in notes[name]],
        }
        if response_ref:
            observation["derivedFrom"] = [{"reference": response_ref}]
        out.append(observation)
    return out


def risk_assessment(
    assessment: Assessment, *, subject: dict[str, Any], when: str, basis_refs: list[str], kb: Knowledge | None = None
) -> dict[str, Any]:
    kb = kb or knowledge()
    rules = [
        {
            "identifier": {"system": RULE_SYSTEM, "value": r.rule_id},
            "display": f"Rule {r.rule_id} ({DISPOSITION_NAMES[r.disposition]}): {r.summary} Source: {r.source}.",
        }
        for r in assessment.reasoning
    ]
    predictions = []
    for source in assessment.likely_sources:
        why = [source.explanation]
        if source.supporting:
            why.append("For: " + "; ".join(f.text for f in source.supporting) + ".")
        if source.against:
            why.append("Against: " + "; ".join(f.text for f in source.against) + ".")
        predictions.append(
            {
                "outcome": {"coding": [coding(f"source.{source.id}", source.name)], "text": source.name},
                "qualitativeRisk": {
                    "coding": [coding(f"band.{source.band.value}", BAND_NAMES[source.band])],
                    "text": BAND_NAMES[source.band],
                },
                "rationale": " ".join(why),
            }
        )
    notes = [{"text": assessment.headline}]
    if assessment.provisional and assessment.next_step:
        names = [(kb.question(f).name if kb.question(f) else f) for f in assessment.still_to_answer]
        notes.append({"text": f"Provisional: {assessment.next_step} Still to answer: {'; '.join(names)}."})
    if assessment.unscreened_red_flags:
        notes.append(
            {"text": "Warning signs not asked about: " + "; ".join(u.question for u in assessment.unscreened_red_flags)}
        )
    notes += [{"text": n} for n in assessment.notes]
    notes += [{"text": f"{a.title}: {a.text} (source: {a.source})"} for a in assessment.advice]
    notes.append({"text": assessment.disclaimer})
    div = (
        f'<div xmlns="http://www.w3.org/1999/xhtml"><p><b>{html.escape(assessment.headline)}</b></p>'
        f"<p>{html.escape(assessment.time_frame)}</p><p>{html.escape(assessment.disclaimer)}</p></div>"
    )
    resource: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "text": {"status": "generated", "div": div},
        "extension": [
            {"url": EXTENSION_DISPOSITION, "valueCodeableConcept": disposition_concept(assessment.disposition)}
        ],
        "status": "preliminary" if assessment.provisional else "final",
        "method": {
            "coding": [coding("triage")],
            "text": f"backpop triage rules, knowledge version {assessment.knowledge_version}",
        },
        "subject": subject,
        "occurrenceDateTime": when,
        "basis": [{"reference": ref} for ref in basis_refs] + rules,
        "prediction": predictions,
        "mitigation": assessment.time_frame,
        "note": notes,
    }
    if not resource["basis"]:
        del resource["basis"]
    if not predictions:
        del resource["prediction"]
    return resource


def result_resources(
    assessment: Assessment,
    *,
    ref: Ref,
    response_id: str | None,
    subject: dict[str, Any] | None = None,
    event_ids: list[str] = (),  # type: ignore[assignment]
    when: str | None = None,
    kb: Knowledge | None = None,
    emergency_number: str | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """(local id, resource) pairs: the RiskAssessment first, then the red-flag Observations.

    `ref(id)` turns a local id into a reference (a urn:uuid in a Bundle, #id when contained);
    `response_id` names the QuestionnaireResponse the answers came from; `event_ids` name the
    recording's event Observations, referenced as part of the basis; `emergency_number`, when
    given, is carried on the RiskAssessment (the emergency-number extension)."""
    kb = kb or knowledge()
    when = when or now()
    subject = subject or DEFAULT_SUBJECT
    response_ref = ref(response_id) if response_id is not None else None
    flags = red_flag_observations(assessment, subject=subject, response_ref=response_ref, when=when, kb=kb)
    ids = [f"flag-{i + 1}" for i in range(len(flags))]
    basis = ([response_ref] if response_ref else []) + [ref(i) for i in ids] + [ref(i) for i in event_ids]
    risk = risk_assessment(assessment, subject=subject, when=when, basis_refs=basis, kb=kb)
    if emergency_number is not None:
        risk["extension"].append({"url": EXTENSION_EMERGENCY_NUMBER, "valueString": emergency_number})
    return [("assessment", risk), *zip(ids, flags, strict=True)]


def disposition_of(risk: dict[str, Any]) -> str | None:
    """The disposition code a RiskAssessment built here carries ('urgent', ...)."""
    for ext in risk.get("extension") or []:
        if ext.get("url") == EXTENSION_DISPOSITION:
            return ext["valueCodeableConcept"]["coding"][0]["code"].split(".", 1)[1]
    return None
