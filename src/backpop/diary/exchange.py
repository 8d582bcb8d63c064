"""The export document's shape, checked before anything is imported.

Import is a boundary: the file may come from another machine, an older
version, or be something else altogether. Every problem becomes one
InputError line naming where in the document it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backpop.assessment import Assessment
from backpop.episode import Episode
from backpop.errors import InputError
from backpop.untrusted import check_values

EXPORT_FORMAT = "backpop-diary"
EXPORT_FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedAssessment(_Model):
    created_at: datetime
    knowledge_version: str
    assessment: dict[str, Any]

    @field_validator("assessment")
    @classmethod
    def _is_assessment(cls, value: dict[str, Any]) -> dict[str, Any]:
        Assessment.model_validate(value)
        return value


class ExportedEpisode(_Model):
    id: int
    occurred_at: datetime
    created_at: datetime
    facts: dict[str, Any]
    text: str | None = None
    seen_at: datetime | None = None
    side: str | None = Field(
        default=None, description="Which side, as the person answered (left, right, both, middle)."
    )
    assessments: list[ExportedAssessment] = Field(default_factory=list)

    @field_validator("facts")
    @classmethod
    def _is_episode(cls, value: dict[str, Any]) -> dict[str, Any]:
        return Episode.model_validate(value).known()

    @field_validator("side")
    @classmethod
    def _is_side(cls, value: str | None) -> str | None:
        from backpop.knowledge import knowledge

        sides = knowledge().question("side").options or {}
        if value is not None and value not in sides:
            raise ValueError(f"expected one of {', '.join(sides)}")
        return value


class ExportedRecording(_Model):
    id: int | None = None
    episode_id: int | None = None
    recorded_at: datetime
    sha256: str | None = None
    duration_s: float | None = None
    sample_rate: int | None = None
    path: str | None = None
    listen: Any = None


class ExportedSelfAdjustment(_Model):
    occurred_at: datetime


class ExportedNote(_Model):
    id: int | None = None
    episode_id: int | None = None
    created_at: datetime
    text: str


class ExportDocument(_Model):
    format: str
    format_version: int
    schema_revision: str | None = None
    exported_at: datetime | None = None
    episodes: list[ExportedEpisode] = Field(default_factory=list)
    recordings: list[ExportedRecording] = Field(default_factory=list)
    self_adjustments: list[ExportedSelfAdjustment] = Field(default_factory=list)
    notes: list[ExportedNote] = Field(default_factory=list)


def validate_export(document: Any) -> ExportDocument:
    """Check an export document (already parsed from JSON); InputError on any problem."""
    if not isinstance(document, dict):
        raise InputError("not a backpop diary export: expected a JSON object")
    check_values(document, "bad diary export at document")
    if document.get("format") != EXPORT_FORMAT:
        raise InputError(
            f"not a backpop diary export: 'format' is {document.get('format')!r}, expected {EXPORT_FORMAT!r}"
        )
    version = document.get("format_version")
    if version != EXPORT_FORMAT_VERSION:
        raise InputError(f"unsupported diary export version {version!r} (this backpop reads {EXPORT_FORMAT_VERSION})")
    try:
        doc = ExportDocument.model_validate(document)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "document"
        message = str(error["msg"]).splitlines()[0]
        more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
        raise InputError(f"bad diary export at {where}: {message}{more}") from None
    ids = [e.id for e in doc.episodes]
    if len(ids) != len(set(ids)):
        raise InputError("bad diary export: two episodes share an id")
    return doc
