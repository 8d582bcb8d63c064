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


# -- stateful: follow the links from a new entry to reading and deleting it, as one person ------


def _signed_in_multi_user_app():
    """A multi-user app with one account, and a bearer token for it."""
    from fastapi.testclient import TestClient

    from .web_helpers import PASSWORD, sign_up

    app = _app(multi_user=True)
    with TestClient(app) as c:
        sign_up(c, "fuzzer")
        token = c.post("/v1/tokens", json={"username": "fuzzer", "password": PASSWORD}).json()["token"]
    return app, token


stateful_app, stateful_token = _signed_in_multi_user_app()
stateful = schemathesis.openapi.from_asgi("/openapi.json", stateful_app)


class DiaryLinks(stateful.as_state_machine()):
    def get_call_kwargs(self, case):
        return {"headers": {"authorization": f"Bearer {stateful_token}"}}

    def validate_response(self, response, case, **kwargs):
        case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
        if case.operation.path == "/v1/diary/{ref}" and case.method.upper() == "DELETE" and response.status_code == 204:
            # Deleted means gone: the same id now reads as 404 for its owner.
            again = case.call(headers={"authorization": f"Bearer {stateful_token}"}, method="GET")
            assert again.status_code == 404, again.text


TestDiaryLinksInMultiUserMode = DiaryLinks.TestCase
TestDiaryLinksInMultiUserMode.settings = settings(
    max_examples=20, stateful_step_count=6, deadline=None, suppress_health_check=list(HealthCheck)
)


def test_the_stateful_run_follows_links_from_a_new_entry():
    links = stateful_app.openapi()["paths"]["/v1/diary"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == {"getDiaryEntry", "deleteDiaryEntry"}
