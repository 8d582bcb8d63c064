"""Bad FHIR input is an OperationOutcome with a clear diagnostic and a 4xx status, never a 500."""

from __future__ import annotations

import copy

import pytest

from backpop import Episode
from backpop.fhir.questionnaire import episode_response
from tests.fhir.conftest import assert_valid

GOOD = episode_response(Episode(sound="pop", pain="mild", radiating_pain=True, age=40))


def _with(change) -> dict:
    response = copy.deepcopy(GOOD)
    change(response)
    return response


def _outcome(reply, status: int) -> str:
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/fhir+json")
    body = reply.json()
    assert_valid(body, "R5")
    assert body["resourceType"] == "OperationOutcome"
    (issue,) = body["issue"]
    assert issue["severity"] == "error"
    return issue["diagnostics"]


def _item(response: dict, link: str) -> dict:
    return next(i for i in response["item"] if i["linkId"] == link)


ROUTES = ["/fhir/$assess", "/fhir/Questionnaire/$next-question"]


@pytest.mark.parametrize("route", ROUTES)
def test_a_wrong_resource_type_is_named(client, route):
    message = _outcome(client.post(route, json={"resourceType": "Patient", "id": "p1"}), 400)
    assert "'Patient'" in message and "QuestionnaireResponse" in message


@pytest.mark.parametrize("route", ROUTES)
def test_an_unknown_link_id_is_named_with_the_known_ones(client, route):
    bad = _with(lambda r: _item(r, "age").update(linkId="shoe_size"))
    message = _outcome(client.post(route, json=bad), 422)
    assert "unknown linkId 'shoe_size'" in message and "saddle_numbness" in message


@pytest.mark.parametrize("route", ROUTES)
def test_an_answer_of_the_wrong_type_names_the_item_and_the_type_it_takes(client, route):
    bad = _with(lambda r: _item(r, "radiating_pain").update(answer=[{"valueString": "yes"}]))
    message = _outcome(client.post(route, json=bad), 422)
    assert "radiating_pain" in message and "valueBoolean" in message


def test_a_coded_answer_that_is_not_an_option_lists_the_options(client):
    bad = _with(lambda r: _item(r, "pain").update(answer=[{"valueCoding": {"code": "pain.unbearable"}}]))
    message = _outcome(client.post("/fhir/$assess", json=bad), 422)
    assert "pain.unbearable" in message and "pain.severe" in message


def test_a_value_out_of_range_is_named(client):
    bad = _with(lambda r: _item(r, "age").update(answer=[{"valueInteger": 300}]))
    message = _outcome(client.post("/fhir/$assess", json=bad), 422)
    assert "age" in message and "0 to 120" in message


def test_a_string_where_a_boolean_belongs_is_not_read_as_yes(client):
    bad = _with(lambda r: _item(r, "radiating_pain").update(answer=[{"valueBoolean": "yes"}]))
    reply = client.post("/fhir/$assess", json=bad)
    assert 400 <= reply.status_code < 500
    assert reply.json()["resourceType"] == "OperationOutcome"


def test_an_r4b_response_sent_as_r5_says_which_version_it_is(client):
    r4b = _with(lambda r: r.pop("questionnaire"))  # optional in R4B, required in R5
    message = _outcome(client.post("/fhir/$assess", json=r4b), 400)
    assert "R4B" in message and "fhirVersion=4.3" in message
    ok = client.post("/fhir/$assess", json=r4b, headers={"content-type": "application/fhir+json; fhirVersion=4.3"})
    assert ok.status_code == 200


def test_an_r5_only_element_sent_as_r4b_says_which_version_it_is(client):
    from backpop.fhir.questionnaire import questionnaire

    form = questionnaire(version="R5")  # its coded items carry answerConstraint, new in R5
    response = {**GOOD, "contained": [form], "questionnaire": "#backpop"}
    message = _outcome(client.post("/fhir/Questionnaire/$next-question?_fhirVersion=4.3", json=response), 400)
    assert "R5" in message and "fhirVersion=5.0" in message
    assert client.post("/fhir/Questionnaire/$next-question", json=response).status_code == 200


def test_an_unserved_fhir_version_is_refused(client):
    message = _outcome(client.get("/fhir/Questionnaire/backpop?_fhirVersion=3.0"), 400)
    assert "5.0" in message and "4.3" in message


@pytest.mark.parametrize("body", [b"", b"{not json", b"[1, 2]", b'"QuestionnaireResponse"'])
def test_a_body_that_is_not_a_resource_is_refused(client, body):
    message = _outcome(client.post("/fhir/$assess", content=body), 400)
    assert "JSON" in message or "FHIR resource" in message


def test_a_response_to_another_questionnaire_is_refused(client):
    other = _with(lambda r: r.update(questionnaire="http://example.org/Questionnaire/phq9"))
    message = _outcome(client.post("/fhir/$assess", json=other), 422)
    assert "phq9" in message


def test_a_field_answered_twice_is_refused(client):
    twice = _with(lambda r: r["item"].append(copy.deepcopy(_item(r, "age"))))
    assert "answered twice" in _outcome(client.post("/fhir/$assess", json=twice), 422)


def test_an_unknown_address_or_method_is_an_operation_outcome(client):
    assert "not served" in _outcome(client.get("/fhir/Patient/1"), 404)
    assert "not served" in _outcome(client.delete("/fhir/Questionnaire/backpop"), 404)


def test_listen_without_a_file_is_an_operation_outcome(client):
    assert "file" in _outcome(client.post("/fhir/$listen", json={"resourceType": "Binary"}), 400)


def test_a_body_over_the_limit_is_an_operation_outcome(client):
    limit = client.app.state.web.settings.max_body_bytes
    reply = client.post("/fhir/$assess", content=b" " * (limit + 1))
    assert reply.status_code == 413
    body = reply.json()  # sent before any route runs, as plain application/json
    assert_valid(body, "R5")
    assert body["resourceType"] == "OperationOutcome" and "limit" in body["issue"][0]["diagnostics"]
