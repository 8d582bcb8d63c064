"""Property-based fuzzing of the API against its own OpenAPI document: no input gives a 500."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install schemathesis)")

from hypothesis import HealthCheck, settings  # noqa: E402

from backpop.web.app import WebSettings, create_app  # noqa: E402


def _app(multi_user: bool):
    import tempfile

    folder = tempfile.mkdtemp(prefix="backpop-fuzz-")
    return create_app(WebSettings(db_url=f"sqlite:///{folder}/diary.sqlite3", multi_user=multi_user))


single = schemathesis.openapi.from_asgi("/openapi.json", _app(multi_user=False))
multi = schemathesis.openapi.from_asgi("/openapi.json", _app(multi_user=True))

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


@single.parametrize()
@FUZZ
def test_no_input_makes_the_single_person_api_fail(case):
    response = case.call(headers={"host": "testserver"})
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
    if response.status_code >= 400 and response.content:  # a problem under /v1, an OperationOutcome under /fhir
        body = response.json()
        assert "code" in body or body.get("resourceType") == "OperationOutcome"


@multi.parametrize()
@FUZZ
def test_no_input_makes_the_multi_user_api_fail(case):
    response = case.call()
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
