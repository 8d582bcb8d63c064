"""The FHIR face of the web app, under /fhir: thin routes that read FHIR, call backpop, and write FHIR.

Every error under /fhir is an OperationOutcome with a clear diagnostic and a 4xx status (never a
500 for bad input). The FHIR release is R5 unless the request asks for R4B, with the
`fhirVersion` parameter of its Accept or Content-Type (`application/fhir+json; fhirVersion=4.3`)
or the `_fhirVersion` query parameter.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from backpop.errors import BackpopError
from backpop.fhir.outcome import FhirInputError, operation_outcome
from backpop.fhir.versions import NUMBERS, Version, parse_version

router = APIRouter(prefix="/fhir", tags=["FHIR"])
MEDIA_TYPE = "application/fhir+json"
#: OperationOutcome issue codes for the statuses a FHIR route answers with.
_ISSUE_CODES = {
    404: "not-found",
    405: "not-supported",
    413: "too-costly",
    415: "not-supported",
    429: "throttled",
    503: "transient",
}


def requested_version(request: Request) -> Version:
    asked = request.query_params.get("_fhirVersion")
    for header in ("accept", "content-type"):
        for part in request.headers.get(header, "").split(";"):
            key, _, value = part.strip().partition("=")
            if key.strip().lower() == "fhirversion" and asked is None:
                asked = value.strip().strip('"')
    return parse_version(asked)


def fhir_response(resource: dict[str, Any], version: Version, status: int = 200) -> Response:
    body = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type=f"{MEDIA_TYPE}; fhirVersion={NUMBERS[version][:3]}")


#: The request body of the POST operations, for the OpenAPI document (the routes read it themselves, so that
#: every problem is an OperationOutcome).
_RESOURCE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            MEDIA_TYPE: {
                "schema": {"type": "object", "description": "A QuestionnaireResponse, or Parameters holding one."}
            },
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


def outcome_response(
    diagnostics: str, status: int, *, code: str = "invalid", expression: str | None = None
) -> Response:
    return JSONResponse(
        operation_outcome(diagnostics, code=code, expression=expression), status_code=status, media_type=MEDIA_TYPE
    )


def outcome_of(problem: Any) -> dict[str, Any]:
    """A WebError (raised by the app around the FHIR routes: too large, no token) as an OperationOutcome."""
    return operation_outcome(problem.message, code=_ISSUE_CODES.get(problem.status, "invalid"))


def _failure(exc: Exception) -> Response:
    from backpop.web.problems import WebError

    if isinstance(exc, FhirInputError):
        return JSONResponse(exc.outcome(), status_code=exc.status, media_type=MEDIA_TYPE)
    if isinstance(exc, WebError):
        return JSONResponse(outcome_of(exc), status_code=exc.status, media_type=MEDIA_TYPE, headers=exc.headers)
    return outcome_response(" ".join(str(exc).split()), 422)


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise FhirInputError("the request has no body: send a FHIR resource as JSON")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise FhirInputError(
            f"the body is not JSON{where}: send a FHIR resource as JSON (application/fhir+json)"
        ) from None


@router.get("/Questionnaire/backpop", summary="The interview as an SDC adaptive Questionnaire")
def get_questionnaire(request: Request) -> Response:
    from backpop.fhir.questionnaire import questionnaire

    try:
        version = requested_version(request)
        return fhir_response(questionnaire(version=version), version)
    except BackpopError as exc:
        return _failure(exc)


@router.get("/CodeSystem/backpop", summary="backpop's own codes")
def get_code_system(request: Request) -> Response:
    from backpop.fhir.codes import code_system
    from backpop.fhir.versions import validate

    try:
        version = requested_version(request)
        return fhir_response(validate(code_system(), version), version)
    except BackpopError as exc:
        return _failure(exc)


@router.get("/metadata", summary="What this FHIR endpoint offers (CapabilityStatement)")
def get_metadata(request: Request) -> Response:
    from backpop.fhir.capabilities import capability_statement

    try:
        version = requested_version(request)
        return fhir_response(capability_statement(version), version)
    except BackpopError as exc:
        return _failure(exc)


@router.get("/OperationDefinition/{code}", summary="The definition of one of backpop's operations")
def get_operation_definition(code: str, request: Request) -> Response:
    from backpop.fhir.capabilities import OPERATIONS, operation_definition

    try:
        version = requested_version(request)
        if code not in OPERATIONS:
            return outcome_response(
                f"no OperationDefinition {code!r}: backpop defines {', '.join(OPERATIONS)}", 404, code="not-found"
            )
        return fhir_response(operation_definition(code, version), version)
    except BackpopError as exc:
        return _failure(exc)


@router.post(
    "/Questionnaire/$next-question",
    summary="SDC adaptive form: the next question, or the result",
    openapi_extra=_RESOURCE_BODY,
)
async def post_next_question(request: Request) -> Response:
    """A QuestionnaireResponse (or Parameters holding one) in; the same response out, with the next
    question added to its contained Questionnaire, or completed with a contained RiskAssessment."""
    from backpop.fhir.operations import next_question

    try:
        version = requested_version(request)
        country = _country(request)
        return fhir_response(next_question(await _json_body(request), version=version, country=country), version)
    except BackpopError as exc:
        return _failure(exc)


def _country(request: Request) -> str | None:
    """The service's country (`serve --country`, BACKPOP_COUNTRY), for the emergency number."""
    from backpop.web.deps import web_context

    return web_context(request).settings.country


@router.post("/$assess", summary="Assess a QuestionnaireResponse", openapi_extra=_RESOURCE_BODY)
async def post_assess(request: Request) -> Response:
    """A QuestionnaireResponse to the backpop Questionnaire in; a Bundle out: the response, a
    RiskAssessment and the red flags found as Observations."""
    from backpop.fhir.operations import assess_response

    try:
        version = requested_version(request)
        country = _country(request)
        return fhir_response(assess_response(await _json_body(request), version=version, country=country), version)
    except BackpopError as exc:
        return _failure(exc)


@router.post(
    "/$listen",
    summary="A recording's sound events as Observations",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            }
        }
    },
)
async def post_listen(request: Request) -> Response:
    """A recording (multipart field `file`: WAV, FLAC, OGG, M4A/AAC, MP3 or WebM/Opus) in; a Bundle of
    Observations out, one per sound event and one for the recording as a whole."""
    from starlette.datastructures import UploadFile

    from backpop.fhir.operations import Refs, bundle
    from backpop.fhir.recording import recording_resources
    from backpop.web.problems import WebError
    from backpop.web.uploads import analyse_upload

    try:
        version = requested_version(request)
        from backpop.web.deps import api_owner

        api_owner(request, request.headers.get("authorization"))  # multi-user: an API token, as /v1/listen
        try:
            form = await request.form()
        except Exception:  # a body that is not multipart form data at all
            raise FhirInputError("send the recording as multipart/form-data in the field 'file'") from None
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise FhirInputError("send the recording as multipart/form-data in the field 'file'", expression="file")
        listened, _ = await analyse_upload(request, request.app.state.web.analysis, upload.file)
        refs = Refs()
        return fhir_response(bundle(recording_resources(listened, ref=refs), refs, version=version), version)
    except (BackpopError, WebError) as exc:
        return _failure(exc)


@router.api_route(
    "/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], include_in_schema=False
)
def not_here(rest: str, request: Request) -> Response:
    return outcome_response(
        f"{request.method} /fhir/{rest} is not served: backpop serves GET metadata, "
        "GET Questionnaire/backpop, GET CodeSystem/backpop, GET OperationDefinition/assess and "
        "/listen, POST Questionnaire/$next-question, POST $assess and POST $listen",
        404,
        code="not-supported",
    )
