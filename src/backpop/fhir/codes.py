"""The codes backpop's FHIR resources use: its own CodeSystem, and the few well-known codes.

Where a well-known code names the same thing as a backpop fact, it is added beside backpop's
own code (never instead of it): SNOMED CT for fever (386661006 |Fever|) and osteoporosis
(64859006 |Osteoporosis|), LOINC for age (30525-0 |Age|). Everything else (the questions'
answers, the dispositions, the rules, the likely sources, the bands, the kinds of sound
event) has no well-known code that means exactly the same, so it is coded in backpop's own
CodeSystem, published at ``/fhir/CodeSystem/backpop``. No code is ever made up in another
system's namespace.
"""

from __future__ import annotations

from typing import Any

from backpop.assessment import Band, Disposition
from backpop.knowledge import Knowledge, knowledge
from backpop.wording import level_label

#: backpop's canonical base: the address its own definitions are named by, on every server.
CANONICAL = "http://backpop.local/fhir"
SYSTEM = f"{CANONICAL}/CodeSystem/backpop"
QUESTIONNAIRE_URL = f"{CANONICAL}/Questionnaire/backpop"
RULE_SYSTEM = f"{CANONICAL}/rule"
EXTENSION_DISPOSITION = f"{CANONICAL}/StructureDefinition/disposition"
EXTENSION_ASSESSMENT = f"{CANONICAL}/StructureDefinition/assessment"
EXTENSION_DIARY = f"{CANONICAL}/StructureDefinition/diary"
#: On a RiskAssessment: the emergency number of the service's country (valueString), to call now for
#: an emergency result; the same number every page and the terminal show.
EXTENSION_EMERGENCY_NUMBER = f"{CANONICAL}/StructureDefinition/emergency-number"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SDC_ADAPTIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"
HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

#: Well-known codes for the same fact (see the module docstring).
WELL_KNOWN: dict[str, dict[str, str]] = {
    "fever": {"system": SNOMED, "code": "386661006", "display": "Fever"},
    "osteoporosis": {"system": SNOMED, "code": "64859006", "display": "Osteoporosis"},
    "age": {"system": LOINC, "code": "30525-0", "display": "Age"},
}

#: Disposition names for codes: the labels every face shows, from the knowledge base.
DISPOSITION_NAMES = {disposition: level_label(disposition) for disposition in Disposition}
BAND_NAMES = {Band.LIKELY: "Likely", Band.POSSIBLE: "Possible"}
EVENT_KINDS = {
    "pop": "A pop",
    "click": "A click",
    "crepitus": "Grinding (crepitus)",
    "clunk": "A clunk",
    "other": "Another sound, not a joint sound",
}
#: Concepts that are not facts or values: what an Observation or a component is about.
OTHER_CONCEPTS = {
    "sound-event": "A sound event found in a recording",
    "sound-event-onset": "When the event starts, from the start of the recording",
    "sound-event-duration": "How long the event lasts",
    "sound-event-kind": "What kind of sound the event is",
    "sound-event-confidence": "How sure the classifier is of the kind (0 to 1)",
    "sound-event-peak": "The event's peak level",
    "sound-event-centroid": "The event's spectral centroid",
    "recording": "A recording of the sound, listened to",
    "recording-duration": "How long the recording is",
    "recording-sample-rate": "The recording's sample rate",
    "triage": "backpop's triage of a back pop, click, grinding or clunk",
    "self-crack": "The person cracked their own back on purpose",
    "diary-note": "A note the person wrote in their diary",
}


def value_code(field: str, value: Any) -> str:
    """The code of one answer value: the field and the value, so codes stay unique."""
    return f"{field}.{value}"


def coding(code: str, display: str | None = None, system: str = SYSTEM) -> dict[str, Any]:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def field_concept(field: str, kb: Knowledge | None = None) -> dict[str, Any]:
    """A CodeableConcept for one Episode fact: backpop's code, and a well-known one if any."""
    question = (kb or knowledge()).question(field)
    name = question.name if question and question.name else field
    codings = [coding(field, name)]
    if field in WELL_KNOWN:
        codings.append(dict(WELL_KNOWN[field]))
    return {"coding": codings, "text": name}


def answer_coding(field: str, value: Any, kb: Knowledge | None = None) -> dict[str, Any]:
    question = (kb or knowledge()).question(field)
    label = (question.options or {}).get(value) if question else None
    return coding(value_code(field, value), label or str(value))


def disposition_concept(disposition: Disposition) -> dict[str, Any]:
    name = DISPOSITION_NAMES[disposition]
    return {"coding": [coding(f"disposition.{disposition.value}", name)], "text": name}


def code_system(kb: Knowledge | None = None) -> dict[str, Any]:
    """backpop's CodeSystem, versioned with the knowledge, generated from it."""
    kb = kb or knowledge()
    concepts: list[dict[str, Any]] = []
    for q in kb.questions + kb.details:
        concept: dict[str, Any] = {"code": q.field, "display": q.name or q.field, "definition": q.text}
        if q.options:
            concept["concept"] = [
                {"code": value_code(q.field, value), "display": label} for value, label in q.options.items()
            ]
        concepts.append(concept)
    concepts.append(
        {
            "code": "disposition",
            "display": "What to do, and how soon",
            "concept": [
                {
                    "code": f"disposition.{d.value}",
                    "display": DISPOSITION_NAMES[d],
                    "definition": kb.dispositions[d]["time_frame"],
                }
                for d in Disposition
            ],
        }
    )
    concepts.append(
        {
            "code": "source",
            "display": "Where the sound most likely comes from",
            "concept": [{"code": f"source.{s.id}", "display": s.name, "definition": s.explanation} for s in kb.sources],
        }
    )
    concepts.append(
        {
            "code": "band",
            "display": "How likely a source is",
            "concept": [{"code": f"band.{b.value}", "display": BAND_NAMES[b]} for b in Band],
        }
    )
    concepts.append(
        {
            "code": "rule",
            "display": "A triage rule",
            "concept": [
                {"code": f"rule.{r.id}", "display": f"Rule {r.id}", "definition": f"{r.summary} (source: {r.source})"}
                for r in kb.rules.rules
            ],
        }
    )
    concepts.append(
        {
            "code": "sound-event-kinds",
            "display": "Kinds of sound event",
            "concept": [{"code": f"event.{k}", "display": v} for k, v in EVENT_KINDS.items()],
        }
    )
    concepts.extend({"code": k, "display": v} for k, v in OTHER_CONCEPTS.items())
    return {
        "resourceType": "CodeSystem",
        "id": "backpop",
        "url": SYSTEM,
        "version": kb.version,
        "name": "Backpop",
        "title": "backpop: facts, answers, dispositions, rules and likely sources",
        "status": "active",
        "experimental": False,
        "publisher": "backpop",
        "description": "The codes of backpop's interview and results, generated from its knowledge base. "
        "backpop informs and triages; it never diagnoses.",
        "caseSensitive": True,
        "hierarchyMeaning": "grouped-by",
        "content": "complete",
        "concept": concepts,
    }
