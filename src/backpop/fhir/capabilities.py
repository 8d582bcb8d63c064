"""What the /fhir endpoint offers, for clients that ask first: a CapabilityStatement, and the
OperationDefinitions of backpop's own operations ($assess, $listen). $next-question is SDC's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import backpop
from backpop.fhir.codes import CANONICAL
from backpop.fhir.versions import NUMBERS, Version, validate
from backpop.knowledge import knowledge

SDC_NEXT_QUESTION = "http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question"
MEDIA_TYPE = "application/fhir+json"


def _parameter(name: str, use: str, kind: str, documentation: str) -> dict[str, Any]:
    return {"name": name, "use": use, "min": 1, "max": "1", "type": kind, "documentation": documentation}


OPERATIONS: dict[str, dict[str, Any]] = {
    "assess": {
        "title": "Assess a QuestionnaireResponse to backpop's Questionnaire",
        "description": "The answers in; a Bundle out: the response, a RiskAssessment (disposition, time frame, "
        "fired rules with their sources, likely sources with their bands, advice) and the red "
        "flags found as Observations. backpop informs and triages; it never diagnoses.",
        "parameter": [
            _parameter(
                "response",
                "in",
                "QuestionnaireResponse",
                "The answers (linkIds are the episode's "
                "field names). Send it as the body, or as this parameter of a Parameters resource.",
            ),
            _parameter("return", "out", "Bundle", "The result."),
        ],
    },
    "listen": {
        "title": "A recording's sound events as Observations",
        "description": "A recording of the sound (multipart/form-data, field 'file') in; a Bundle out with one "
        "Observation per sound event (onset, duration, kind, confidence) and one for the "
        "recording as a whole.",
        "parameter": [_parameter("return", "out", "Bundle", "The events.")],
    },
}


def operation_definition(code: str, version: Version) -> dict[str, Any]:
    spec = OPERATIONS[code]
    resource = {
        "resourceType": "OperationDefinition",
        "id": code,
        "url": f"{CANONICAL}/OperationDefinition/{code}",
        "version": knowledge().version,
        "name": code.capitalize(),
        "title": spec["title"],
        "status": "active",
        "kind": "operation",
        "description": spec["description"],
        "code": code,
        "system": True,
        "type": False,
        "instance": False,
        "parameter": spec["parameter"],
    }
    return validate(resource, version)


def capability_statement(version: Version) -> dict[str, Any]:
    resource = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "kind": "instance",
        "date": datetime.now(UTC).date().isoformat(),
        "name": "Backpop",
        "title": "backpop: my back just popped; is that fine, or do I need a doctor?",
        "software": {"name": "backpop", "version": backpop.__version__},
        "implementation": {"description": "backpop's interview and results as FHIR"},
        "fhirVersion": NUMBERS[version],
        "format": [MEDIA_TYPE, "json"],
        "rest": [
            {
                "mode": "server",
                "resource": [
                    {
                        "type": "Questionnaire",
                        "interaction": [{"code": "read"}],
                        "operation": [{"name": "next-question", "definition": SDC_NEXT_QUESTION}],
                    },
                    {"type": "CodeSystem", "interaction": [{"code": "read"}]},
                    {"type": "OperationDefinition", "interaction": [{"code": "read"}]},
                ],
                "operation": [
                    {"name": code, "definition": f"{CANONICAL}/OperationDefinition/{code}"} for code in OPERATIONS
                ],
            }
        ],
    }
    return validate(resource, version)
