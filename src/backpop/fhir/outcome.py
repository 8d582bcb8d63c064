"""Errors in FHIR input, reported the FHIR way: an OperationOutcome with a clear diagnostic."""

from __future__ import annotations

from typing import Any

from backpop.errors import InputError


class FhirInputError(InputError):
    """FHIR input that cannot be used. `status` is the HTTP status a server answers with:
    400 when the resource cannot be read as the FHIR asked for (not JSON, the wrong
    resourceType or FHIR version, a structure FHIR does not allow), 422 when it is valid FHIR
    that backpop cannot use (an unknown linkId, an answer of the wrong type)."""

    def __init__(
        self, diagnostics: str, *, status: int = 400, code: str = "invalid", expression: str | None = None
    ) -> None:
        super().__init__(diagnostics)
        self.diagnostics = diagnostics
        self.status = status
        self.code = code
        self.expression = expression

    def outcome(self) -> dict[str, Any]:
        return operation_outcome(self.diagnostics, code=self.code, expression=self.expression)


def operation_outcome(
    diagnostics: str, *, severity: str = "error", code: str = "invalid", expression: str | None = None
) -> dict[str, Any]:
    issue: dict[str, Any] = {"severity": severity, "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}
