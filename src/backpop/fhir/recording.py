"""A recording's sound events as FHIR Observations.

Each event is one Observation (code `sound-event`, its kind as the value) with components for
onset and duration (seconds, UCUM `s`), kind, confidence (UCUM `1`), peak level and spectral
centroid. One more Observation stands for the recording as a whole (its duration, sample rate
and what the pattern of events showed) and lists the events as its members.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from backpop.fhir.codes import EVENT_KINDS, OTHER_CONCEPTS, UCUM, coding
from backpop.fhir.results import DEFAULT_SUBJECT, now
from backpop.knowledge import knowledge

Ref = Callable[[str], str]


def _concept(code: str) -> dict[str, Any]:
    return {"coding": [coding(code, OTHER_CONCEPTS[code])], "text": OTHER_CONCEPTS[code]}


def _kind(kind: str) -> dict[str, Any]:
    return {"coding": [coding(f"event.{kind}", EVENT_KINDS[kind])], "text": EVENT_KINDS[kind]}


def _quantity(value: float, unit: str, code: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value, "unit": unit}
    if code is not None:
        out.update({"system": UCUM, "code": code})
    return out


def _fact_words(field: str, value: Any) -> str:
    """An Episode fact in the knowledge's words ("The sound: One clean pop or crack")."""
    question = knowledge().question(field)
    if question is None:
        return f"{field}: {value}"
    return f"{question.name or field}: {(question.options or {}).get(value, value)}"


def listen_json(result: Any) -> dict[str, Any]:
    """A listen result (ListenResult or its JSON) as JSON."""
    return result.to_json_dict() if hasattr(result, "to_json_dict") else dict(result)


def event_observation(event: Mapping[str, Any], *, subject: dict[str, Any], when: str) -> dict[str, Any]:
    features = event.get("features") or {}
    components = [
        {"code": _concept("sound-event-onset"), "valueQuantity": _quantity(event["start_s"], "s", "s")},
        {
            "code": _concept("sound-event-duration"),
            "valueQuantity": _quantity(round(event["end_s"] - event["start_s"], 6), "s", "s"),
        },
        {"code": _concept("sound-event-kind"), "valueCodeableConcept": _kind(event["kind"])},
        {"code": _concept("sound-event-confidence"), "valueQuantity": _quantity(event["confidence"], "1", "1")},
    ]
    if "peak_dbfs" in features:
        components.append(
            {"code": _concept("sound-event-peak"), "valueQuantity": _quantity(features["peak_dbfs"], "dBFS")}
        )
    if "centroid_hz" in features:
        components.append(
            {"code": _concept("sound-event-centroid"), "valueQuantity": _quantity(features["centroid_hz"], "Hz", "Hz")}
        )
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": _concept("sound-event"),
        "subject": subject,
        "effectiveDateTime": when,
        "valueCodeableConcept": _kind(event["kind"]),
        "component": components,
    }


def recording_resources(
    result: Any, *, ref: Ref, subject: dict[str, Any] | None = None, when: str | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(local id, Observation) pairs: every event, then the recording as a whole with the events as
    members. Local ids are `event-1`, ... and `recording`."""
    data = listen_json(result)
    subject = subject or DEFAULT_SUBJECT
    when = when or now()
    events = [
        (f"event-{i + 1}", event_observation(e, subject=subject, when=when))
        for i, e in enumerate(data.get("events") or [])
    ]
    summary = data.get("summary") or {}
    evidence = summary.get("evidence") or {}
    notes = list(summary.get("notes") or [])
    counts = summary.get("counts") or {}
    if counts:
        notes.insert(0, "Events: " + ", ".join(f"{EVENT_KINDS.get(k, k)}: {n}" for k, n in counts.items()))
    if evidence:
        notes.insert(0, "What the pattern showed: " + "; ".join(_fact_words(k, v) for k, v in evidence.items()))
    whole: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": _concept("recording"),
        "subject": subject,
        "effectiveDateTime": when,
        "component": [
            {"code": _concept("recording-duration"), "valueQuantity": _quantity(data["duration_s"], "s", "s")},
            {"code": _concept("recording-sample-rate"), "valueQuantity": _quantity(data["sample_rate"], "Hz", "Hz")},
        ],
    }
    if events:
        whole["hasMember"] = [{"reference": ref(local)} for local, _ in events]
    if notes:
        whole["note"] = [{"text": n} for n in notes]
    return [*events, ("recording", whole)]
