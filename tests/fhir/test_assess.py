"""$assess: a QuestionnaireResponse in, a Bundle out whose RiskAssessment says what assess() says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from backpop import Episode, assess
from backpop.fhir.codes import EXTENSION_DISPOSITION, RULE_SYSTEM
from backpop.fhir.questionnaire import episode_response
from backpop.fhir.results import disposition_of
from backpop.knowledge import knowledge
from tests.conftest import SHARED
from tests.fhir.conftest import assert_valid

OWN = yaml.safe_load((Path(__file__).parents[1] / "vignettes.yaml").read_text())
PUBLIC_PATH = SHARED / "vignettes/public.yaml"
PUBLIC = yaml.safe_load(PUBLIC_PATH.read_text()) if PUBLIC_PATH.is_file() else []
CASES = [(c["id"], c["episode"]) for c in PUBLIC + OWN]
R4B = {"content-type": "application/fhir+json; fhirVersion=4.3"}


def _entries(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.mark.parametrize(("case_id", "facts"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_the_bundle_carries_what_assess_concludes(client, case_id, facts, version):
    episode = Episode.model_validate(facts)
    expected = assess(episode)
    reply = client.post(
        "/fhir/$assess", json=episode_response(episode, version=version), headers=R4B if version == "R4B" else {}
    )
    assert reply.status_code == 200, reply.text
    bundle = reply.json()
    assert_valid(bundle, version)
    (risk,) = _entries(bundle, "RiskAssessment")
    assert disposition_of(risk) == expected.disposition.value
    assert risk["mitigation"] == expected.time_frame
    assert risk["status"] == ("preliminary" if expected.provisional else "final")
    rules = [b for b in risk.get("basis", []) if "identifier" in b]
    assert [b["identifier"]["value"] for b in rules] == [r.rule_id for r in expected.reasoning]
    assert all(b["identifier"]["system"] == RULE_SYSTEM for b in rules)
    for basis, reason in zip(rules, expected.reasoning, strict=True):
        assert reason.source in basis["display"] and reason.summary in basis["display"]
    predictions = [
        (p["outcome"]["coding"][0]["code"], p["qualitativeRisk"]["coding"][0]["code"])
        for p in risk.get("prediction", [])
    ]
    assert predictions == [(f"source.{s.id}", f"band.{s.band.value}") for s in expected.likely_sources]
    notes = " ".join(n["text"] for n in risk["note"])
    for advice in expected.advice:
        assert advice.text in notes
    assert expected.disclaimer in notes
    flags = _entries(bundle, "Observation")
    found = {name for flag in expected.red_flags for name in flag.facts}
    assert {o["code"]["coding"][0]["code"] for o in flags} == found
    urls = {e["fullUrl"] for e in bundle["entry"]}
    refs = [b["reference"] for b in risk.get("basis", []) if "reference" in b]
    assert set(refs) <= urls and len(refs) == 1 + len(flags)


def test_a_red_flag_is_an_observation_named_in_plain_words_with_a_well_known_code_when_there_is_one(client):
    episode = Episode(sound="pop", pain="moderate", fever=True)
    bundle = client.post("/fhir/$assess", json=episode_response(episode)).json()
    (fever,) = [o for o in _entries(bundle, "Observation") if o["code"]["coding"][0]["code"] == "fever"]
    assert fever["valueBoolean"] is True
    assert fever["code"]["text"] == knowledge().question("fever").name
    assert {"system": "http://snomed.info/sct", "code": "386661006", "display": "Fever"} in fever["code"]["coding"]
    (response,) = _entries(bundle, "QuestionnaireResponse")
    response_url = next(
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"] is not None and e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    assert fever["derivedFrom"] == [{"reference": response_url}]
    assert response["item"]


def test_the_result_is_the_same_as_the_json_api(client):
    facts = {"sound": "clunk", "pain": "mild", "giving_way": True}
    v1 = client.post("/v1/assess", json=facts).json()
    bundle = client.post("/fhir/$assess", json=episode_response(Episode(**facts))).json()
    (risk,) = _entries(bundle, "RiskAssessment")
    assert disposition_of(risk) == v1["disposition"]
    assert risk["extension"][0]["url"] == EXTENSION_DISPOSITION


def test_a_parameters_resource_holding_the_response_is_accepted(client):
    response = episode_response(Episode(sound="pop", pain="none"))
    reply = client.post(
        "/fhir/$assess", json={"resourceType": "Parameters", "parameter": [{"name": "response", "resource": response}]}
    )
    assert reply.status_code == 200
    assert json.dumps(_entries(reply.json(), "QuestionnaireResponse")[0]) == json.dumps(response)
