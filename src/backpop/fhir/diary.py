"""The diary as a FHIR Bundle, and back, without losing anything backpop keeps.

A diary export document (`Diary.export`) becomes a `collection` Bundle:

- each episode: a QuestionnaireResponse (the facts as answers; `authored` = when it happened),
  identified by its diary id; the person's own words, when it was saved and when a clinician
  saw it are in the diary extension;
- each of its assessments: the RiskAssessment and red-flag Observations of `$assess`, with
  the assessment exactly as it was kept (an `application/json` attachment), because an old
  assessment stays what it was even after the knowledge changes;
- each recording: its events and the recording as Observations (see `recording.py`), with the
  hash, path and listen result kept in the diary extension;
- each self-crack: an Observation; each note: an Observation with the note as its string value.

Reading the Bundle back gives the same export document, which the diary imports as usual.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from backpop.assessment import Assessment
from backpop.diary.exchange import EXPORT_FORMAT, EXPORT_FORMAT_VERSION
from backpop.fhir.codes import CANONICAL, EXTENSION_ASSESSMENT, EXTENSION_DIARY, OTHER_CONCEPTS, coding
from backpop.fhir.operations import Refs, bundle
from backpop.fhir.outcome import FhirInputError
from backpop.fhir.questionnaire import episode_response, read_response, to_episode
from backpop.fhir.recording import recording_resources
from backpop.fhir.results import DEFAULT_SUBJECT, result_resources
from backpop.fhir.versions import DEFAULT, Version, read_resource

ID_SYSTEMS = {kind: f"{CANONICAL}/diary/{kind}" for kind in ("episode", "recording", "note")}


def _ext(**values: Any) -> dict[str, Any]:
    """The diary extension with one sub-extension per value that is not None."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            data = base64.b64encode(json.dumps(value, ensure_ascii=False).encode()).decode()
            parts.append({"url": key, "valueAttachment": {"contentType": "application/json", "data": data}})
        elif isinstance(value, int):
            parts.append({"url": key, "valueInteger": value})
        elif isinstance(value, float):
            parts.append({"url": key, "valueDecimal": value})
        else:
            parts.append({"url": key, "valueString": value})
    return {"url": EXTENSION_DIARY, "extension": parts}


def _read_ext(resource: Mapping[str, Any]) -> dict[str, Any]:
    for ext in resource.get("extension") or []:
        if ext.get("url") == EXTENSION_DIARY:
            out = {}
            for part in ext.get("extension") or []:
                value = next((v for k, v in part.items() if k.startswith("value")), None)
                if isinstance(value, Mapping) and "data" in value:
                    value = json.loads(base64.b64decode(value["data"]))
                out[part["url"]] = value
            return out
    return {}


def _attachment(value: Any) -> dict[str, Any]:
    data = base64.b64encode(json.dumps(value, ensure_ascii=False).encode()).decode()
    return {"contentType": "application/json", "data": data}


def _identifier(kind: str, value: int | None) -> list[dict[str, Any]]:
    return [] if value is None else [{"system": ID_SYSTEMS[kind], "value": str(value)}]


def _concept(code: str) -> dict[str, Any]:
    return {"coding": [coding(code, OTHER_CONCEPTS[code])], "text": OTHER_CONCEPTS[code]}


def diary_bundle(document: Mapping[str, Any], *, version: Version = DEFAULT) -> dict[str, Any]:
    """A diary export document (`Diary.export()`) as a FHIR Bundle."""
    refs = Refs()
    entries: list[tuple[str, dict[str, Any]]] = []
    subject = DEFAULT_SUBJECT
    for e in document.get("episodes") or []:
        local = f"episode-{e['id']}"
        response = episode_response(to_episode(e["facts"]), version=version, details={"side": e.get("side")})
        # QuestionnaireResponse.identifier is a list in R5, a single Identifier in R4B
        ident = _identifier("episode", e["id"])
        response["identifier"] = ident if version == "R5" else ident[0]
        response["authored"] = e["occurred_at"]
        response["extension"] = [_ext(created_at=e["created_at"], seen_at=e.get("seen_at"), text=e.get("text"))]
        entries.append((local, response))
        for i, kept in enumerate(e.get("assessments") or []):
            assessment = Assessment.model_validate(kept["assessment"])
            prefix = f"{local}-assessment-{i}"
            results = result_resources(
                assessment,
                ref=lambda x, p=prefix, r=local: refs(r if x == r else f"{p}-{x}"),
                response_id=local,
                subject=subject,
                when=kept["created_at"],
            )
            risk = results[0][1]
            risk["extension"].append({"url": EXTENSION_ASSESSMENT, "valueAttachment": _attachment(kept["assessment"])})
            risk["extension"].append(_ext(knowledge_version=kept["knowledge_version"]))
            entries += [(f"{prefix}-{name}", resource) for name, resource in results]
    for i, r in enumerate(document.get("recordings") or []):
        prefix = f"recording-{i}"
        listen = r.get("listen")
        try:
            pairs = recording_resources(
                listen, ref=lambda x, p=prefix: refs(f"{p}-{x}"), subject=subject, when=r["recorded_at"]
            )
        except (KeyError, TypeError, ValueError, AttributeError):  # a listen result of another shape: kept as is
            pairs = [
                (
                    "recording",
                    {
                        "resourceType": "Observation",
                        "status": "final",
                        "code": _concept("recording"),
                        "subject": subject,
                        "effectiveDateTime": r["recorded_at"],
                    },
                )
            ]
        whole = pairs[-1][1]
        whole["identifier"] = _identifier("recording", r.get("id"))
        if not whole["identifier"]:
            del whole["identifier"]
        whole["extension"] = [
            _ext(
                sha256=r.get("sha256"),
                duration_s=r.get("duration_s"),
                sample_rate=r.get("sample_rate"),
                path=r.get("path"),
                listen=listen,
                listened=listen is not None,
            )
        ]
        if r.get("episode_id") is not None:
            whole["derivedFrom"] = [{"reference": refs(f"episode-{r['episode_id']}")}]
        entries += [(f"{prefix}-{name}", resource) for name, resource in pairs]
    for i, c in enumerate(document.get("self_adjustments") or []):
        entries.append(
            (
                f"crack-{i}",
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": _concept("self-crack"),
                    "subject": subject,
                    "effectiveDateTime": c["occurred_at"],
                },
            )
        )
    for i, n in enumerate(document.get("notes") or []):
        note: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "code": _concept("diary-note"),
            "subject": subject,
            "effectiveDateTime": n["created_at"],
            "valueString": n["text"],
        }
        if n.get("id") is not None:
            note["identifier"] = _identifier("note", n["id"])
        if n.get("episode_id") is not None:
            note["derivedFrom"] = [{"reference": refs(f"episode-{n['episode_id']}")}]
        entries.append((f"note-{i}", note))
    out = bundle(entries, refs, version=version)
    # A Bundle takes no extensions of its own; its meta does.
    out["meta"] = {
        "extension": [
            _ext(
                format=EXPORT_FORMAT,
                format_version=EXPORT_FORMAT_VERSION,
                schema_revision=document.get("schema_revision"),
            )
        ]
    }
    if document.get("exported_at"):
        out["timestamp"] = document["exported_at"]
    return read_resource(out, ("Bundle",), version)


def _code(resource: Mapping[str, Any]) -> str | None:
    codings = (resource.get("code") or {}).get("coding") or []
    return codings[0].get("code") if codings else None


def _id(resource: Mapping[str, Any], kind: str) -> int | None:
    for ident in (
        [resource["identifier"]]
        if isinstance(resource.get("identifier"), Mapping)
        else resource.get("identifier") or []
    ):
        if ident.get("system") == ID_SYSTEMS[kind]:
            return int(ident["value"])
    return None


def is_diary_bundle(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("resourceType") == "Bundle"


def diary_document(data: Any, *, version: Version | None = None) -> dict[str, Any]:
    """A Bundle written by `diary_bundle` as the diary's export document (checked by the diary on import).

    With no version given, R5 and R4B are both read."""
    if version is None:
        try:
            read_resource(data, ("Bundle",), "R5")
        except FhirInputError as exc:
            try:
                read_resource(data, ("Bundle",), "R4B")
            except FhirInputError:
                raise exc from None
    else:
        read_resource(data, ("Bundle",), version)
    head = _read_ext(data.get("meta") or {})
    if head.get("format") != EXPORT_FORMAT:
        raise FhirInputError("this Bundle is not a backpop diary (it has no backpop diary extension)", status=422)
    resources = {e.get("fullUrl"): e["resource"] for e in data.get("entry") or []}
    episode_ids = {
        url: _id(r, "episode") for url, r in resources.items() if r["resourceType"] == "QuestionnaireResponse"
    }
    episodes: dict[str, dict[str, Any]] = {}
    recordings, cracks, notes = [], [], []
    for url, r in resources.items():
        kind = r["resourceType"]
        if kind == "QuestionnaireResponse":
            ext = _read_ext(r)
            answered = read_response(r)
            episodes[url] = {
                "id": episode_ids[url],
                "occurred_at": r.get("authored"),
                "created_at": ext.get("created_at"),
                "facts": answered.episode().known(),
                "text": ext.get("text"),
                "seen_at": ext.get("seen_at"),
                "side": answered.details.get("side"),
                "assessments": [],
            }
        elif kind == "RiskAssessment":
            kept = next(
                (x["valueAttachment"] for x in r.get("extension") or [] if x.get("url") == EXTENSION_ASSESSMENT), None
            )
            if kept is None:
                raise FhirInputError(
                    f"{url}: this RiskAssessment does not carry the assessment backpop kept", status=422
                )
            basis = [b.get("reference") for b in r.get("basis") or [] if b.get("reference") in episode_ids]
            if len(basis) != 1:
                raise FhirInputError(f"{url}: this RiskAssessment names no episode of the Bundle", status=422)
            episodes.setdefault(basis[0], {"assessments": []})["assessments"].append(
                {
                    "created_at": r.get("occurrenceDateTime"),
                    "knowledge_version": _read_ext(r).get("knowledge_version"),
                    "assessment": json.loads(base64.b64decode(kept["data"])),
                }
            )
        elif kind == "Observation" and _code(r) == "recording":
            ext = _read_ext(r)
            derived = [d.get("reference") for d in r.get("derivedFrom") or []]
            recordings.append(
                {
                    "id": _id(r, "recording"),
                    "episode_id": episode_ids.get(derived[0]) if derived else None,
                    "recorded_at": r.get("effectiveDateTime"),
                    "sha256": ext.get("sha256"),
                    "duration_s": ext.get("duration_s"),
                    "sample_rate": ext.get("sample_rate"),
                    "path": ext.get("path"),
                    "listen": ext.get("listen"),
                }
            )
        elif kind == "Observation" and _code(r) == "self-crack":
            cracks.append({"occurred_at": r.get("effectiveDateTime")})
        elif kind == "Observation" and _code(r) == "diary-note":
            derived = [d.get("reference") for d in r.get("derivedFrom") or []]
            notes.append(
                {
                    "id": _id(r, "note"),
                    "episode_id": episode_ids.get(derived[0]) if derived else None,
                    "created_at": r.get("effectiveDateTime"),
                    "text": r.get("valueString"),
                }
            )
    document = {
        "format": EXPORT_FORMAT,
        "format_version": head.get("format_version"),
        "schema_revision": head.get("schema_revision"),
        "exported_at": data.get("timestamp"),
        "episodes": list(episodes.values()),
        "recordings": recordings,
        "self_adjustments": cracks,
        "notes": notes,
    }
    return document
