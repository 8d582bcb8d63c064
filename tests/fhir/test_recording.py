"""A recording's events as Observations: from the command line, the API, and inside $assess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backpop.cli import main
from backpop.fhir.questionnaire import episode_response
from tests.fhir.conftest import assert_valid


@pytest.fixture(scope="module")
def thrust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from backpop.acoustics import synth

    path = tmp_path_factory.mktemp("rec") / "thrust.wav"
    synth.write_recording(synth.render_recording("thrust", seed=3, sample_rate=16_000), path)
    return path


@pytest.fixture(scope="module")
def listened(thrust: Path) -> dict:
    from backpop.acoustics import listen

    return listen(thrust).to_json_dict()


def _component(observation: dict, code: str) -> dict:
    return next(c for c in observation["component"] if c["code"]["coding"][0]["code"] == code)


def _events(bundle: dict) -> list[dict]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "sound-event"
    ]


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_listen_fhir_prints_one_observation_per_event_with_onset_duration_kind_and_confidence(
    thrust, listened, capsys, version
):
    assert main(["listen", str(thrust), "--fhir", "--fhir-version", version]) == 0
    bundle = json.loads(capsys.readouterr().out)
    assert_valid(bundle, version)
    events = _events(bundle)
    assert len(events) == len(listened["events"]) > 0
    for observation, event in zip(events, listened["events"], strict=True):
        assert _component(observation, "sound-event-onset")["valueQuantity"] == {
            "value": event["start_s"],
            "unit": "s",
            "system": "http://unitsofmeasure.org",
            "code": "s",
        }
        duration = _component(observation, "sound-event-duration")["valueQuantity"]["value"]
        assert duration == pytest.approx(event["end_s"] - event["start_s"])
        kind = _component(observation, "sound-event-kind")["valueCodeableConcept"]["coding"][0]["code"]
        assert kind == f"event.{event['kind']}"
        assert _component(observation, "sound-event-confidence")["valueQuantity"]["value"] == event["confidence"]
    whole = bundle["entry"][-1]["resource"]
    assert whole["code"]["coding"][0]["code"] == "recording"
    assert [m["reference"] for m in whole["hasMember"]] == [e["fullUrl"] for e in bundle["entry"][:-1]]


def test_the_api_gives_the_same_observations(client, thrust, listened):
    with thrust.open("rb") as f:
        reply = client.post("/fhir/$listen", files={"file": ("thrust.wav", f, "audio/wav")})
    assert reply.status_code == 200, reply.text
    bundle = reply.json()
    assert_valid(bundle, "R5")
    kinds = [o["valueCodeableConcept"]["coding"][0]["code"] for o in _events(bundle)]
    assert kinds == [f"event.{e['kind']}" for e in listened["events"]]


def test_a_file_that_is_not_audio_is_an_operation_outcome(client):
    reply = client.post("/fhir/$listen", files={"file": ("notes.wav", b"this is not a recording", "audio/wav")})
    assert 400 <= reply.status_code < 500
    assert reply.json()["resourceType"] == "OperationOutcome"


def test_assess_with_a_recording_references_its_events_from_the_result(thrust, listened, tmp_path, capsys):
    from backpop import Episode

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(episode_response(Episode(pain="none", activity="self_adjusting"))))
    assert main(["assess", "--fhir", str(answers), "--recording", str(thrust)]) == 0
    bundle = json.loads(capsys.readouterr().out)
    assert_valid(bundle, "R5")
    risk = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment")
    event_urls = {e["fullUrl"] for e in bundle["entry"] if e["resource"] in _events(bundle)}
    basis = {b.get("reference") for b in risk["basis"]}
    assert event_urls and event_urls <= basis
    from backpop import assess

    expected = assess(
        Episode(pain="none", activity="self_adjusting"), recording_evidence=listened["summary"]["evidence"]
    )
    assert (
        risk["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == f"disposition.{expected.disposition.value}"
    )


def test_listen_needs_an_api_token_on_a_multi_user_service(tmp_path, thrust):
    from fastapi.testclient import TestClient

    from backpop.web.app import WebSettings, create_app

    app = create_app(WebSettings(db_url=f"sqlite:///{tmp_path / 'multi.db'}", multi_user=True))
    with TestClient(app) as multi, thrust.open("rb") as f:
        reply = multi.post("/fhir/$listen", files={"file": ("thrust.wav", f, "audio/wav")})
    assert reply.status_code == 401
    assert reply.json()["resourceType"] == "OperationOutcome"


def test_the_recording_says_what_it_showed_in_the_knowledge_bases_words(capsys, thrust, listened):
    from backpop.knowledge import knowledge

    assert main(["listen", str(thrust), "--fhir"]) == 0
    whole = json.loads(capsys.readouterr().out)["entry"][-1]["resource"]
    text = " ".join(n["text"] for n in whole.get("note", []))
    for field, value in listened["summary"]["evidence"].items():
        question = knowledge().question(field)
        assert f"{question.name}: {question.options[value]}" in text
    assert "_" not in text  # no field names or raw values such as not_for_a_while
