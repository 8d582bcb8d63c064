"""Which FHIR release a resource is written in (R5 by default, R4B on request), and checking
a resource against it with `fhir.resources`."""

from __future__ import annotations

from typing import Any, Literal

from backpop.fhir.outcome import FhirInputError

Version = Literal["R5", "R4B"]
DEFAULT: Version = "R5"
#: The release names and numbers a caller may use to ask for each version.
NUMBERS: dict[Version, str] = {"R5": "5.0.0", "R4B": "4.3.0"}
_ALIASES: dict[str, Version] = {"r5": "R5", "5.0": "R5", "5.0.0": "R5", "r4b": "R4B", "4.3": "R4B", "4.3.0": "R4B"}


def parse_version(text: str | None) -> Version:
    """'R5', '5.0', 'R4B', '4.3' (any case) -> the version; None -> R5."""
    if text is None or not text.strip():
        return DEFAULT
    version = _ALIASES.get(text.strip().lower())
    if version is None:
        raise FhirInputError(
            f"fhirVersion {text!r} is not served: ask for 5.0 (R5, the default) or 4.3 (R4B)", code="not-supported"
        )
    return version


def model_class(resource_type: str, version: Version) -> Any:
    if version == "R4B":
        from fhir.resources.R4B import get_fhir_model_class
    else:
        from fhir.resources import get_fhir_model_class
    return get_fhir_model_class(resource_type)


def validate(resource: dict[str, Any], version: Version = DEFAULT) -> dict[str, Any]:
    """Check a resource against the FHIR release; returns it unchanged, or raises FhirInputError."""
    from pydantic import ValidationError

    try:
        model_class(resource["resourceType"], version).model_validate(resource)
    except ValidationError as exc:
        raise FhirInputError(
            f"not a valid FHIR {version} {resource['resourceType']}: {_first_error(exc)}", expression=_where(exc)
        ) from None
    return resource


def read_resource(data: Any, expected: tuple[str, ...], version: Version = DEFAULT) -> dict[str, Any]:
    """A parsed JSON value as one of the `expected` resource types, checked against `version`.

    A resource that is valid in the other release only is named as such, so that an R4B
    resource sent to an R5 endpoint (or the other way round) says what to do."""
    if not isinstance(data, dict):
        raise FhirInputError(f"expected a FHIR resource (a JSON object), got {_kind(data)}")
    kind = data.get("resourceType")
    wanted = " or ".join(expected)
    if not isinstance(kind, str) or not kind:
        raise FhirInputError(f"resourceType is missing: expected {wanted}", expression="resourceType")
    if kind not in expected:
        raise FhirInputError(f"resourceType is {kind!r}: expected {wanted}", expression="resourceType")
    try:
        return validate(data, version)
    except FhirInputError as exc:
        other: Version = "R4B" if version == "R5" else "R5"
        try:
            validate(data, other)
        except FhirInputError:
            raise exc from None
        raise FhirInputError(
            f"this {kind} is FHIR {other} ({NUMBERS[other][:3]}), not {version} ({NUMBERS[version][:3]}): "
            f"{exc.diagnostics.split(': ', 1)[-1]}; send it with fhirVersion={NUMBERS[other][:3]}",
            expression=exc.expression,
        ) from None


def _first_error(exc: Any) -> str:
    errors = exc.errors()
    first = errors[0]
    where = _dotted(first.get("loc", ()))
    message = " ".join(str(first.get("msg", "invalid")).split()).rstrip(".")
    if first.get("type") == "extra_forbidden":
        message = "not an element of this resource"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"{where}: {message}{more}" if where else message + more


def _where(exc: Any) -> str | None:
    errors = exc.errors()
    return _dotted(errors[0].get("loc", ())) or None if errors else None


def _dotted(loc: Any) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false"}.get(
        type(value), "null" if value is None else type(value).__name__
    )
