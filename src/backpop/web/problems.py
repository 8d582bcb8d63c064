"""Errors the web face reports: a stable machine-readable `code`, a `message`, a status.

JSON routes answer ``{"code": ..., "message": ..., "fields": [...]}``; pages
show the message on an error page. Messages never echo health data back from
the request except inside the response itself (never in logs).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class WebError(Exception):
    """A request that cannot be served, with the HTTP status and a stable code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            out["fields"] = self.fields
        out.update(self.extra)
        return out


class FieldProblem(BaseModel):
    field: str = Field(description="The field, as a dotted path into the request (e.g. answers.age).")
    message: str


class Problem(BaseModel):
    """Every error response of the API."""

    code: str = Field(description="Stable, machine-readable: invalid_input, not_found, payload_too_large, ...")
    message: str = Field(description="What went wrong, in plain words; names the field when one is at fault.")
    fields: list[FieldProblem] | None = None


#: Codes by status for errors raised by the framework itself (routing, methods).
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting the error body for these statuses."""
    return {s: {"model": Problem, "description": STATUS_CODES.get(s, "error")} for s in statuses}


def describe_validation(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """Pydantic/FastAPI validation errors as one message and a list naming each field."""
    from backpop.episode import Episode, allowed_text

    fields: list[dict[str, str]] = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        path = ".".join(loc) or "body"
        name = loc[-1] if loc else ""
        kind = err.get("type", "")
        if kind == "json_invalid":
            path = "body"
            message = f"malformed JSON ({(err.get('ctx') or {}).get('error', 'cannot be parsed')})"
        elif kind == "extra_forbidden":
            message = f"unknown field '{name}'"
        elif kind == "missing":
            message = "this field is required"
        elif name in Episode.model_fields and kind not in ("model_attributes_type", "dict_type"):
            message = f"got {_short(err.get('input'))}; allowed: {allowed_text(name)}"
        else:
            message = str(err.get("msg", "invalid value"))
        fields.append({"field": path, "message": message})
    unique = list({(f["field"], f["message"]): f for f in fields}.values())
    text = "; ".join(f"'{f['field']}': {f['message']}" for f in unique) or "invalid input"
    return text, unique


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def undecodable(raw: bytes) -> bool:
    """Whether percent-encoded bytes (a query string, a path, a form body) are not UTF-8."""
    from urllib.parse import unquote_to_bytes

    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
