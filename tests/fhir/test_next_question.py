"""$next-question walks the same interview as /v1/interview/next: same questions, same order, same level."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from backpop.fhir.codes import DATA_ABSENT, QUESTIONNAIRE_URL
from backpop.fhir.questionnaire import answer_value
from backpop.fhir.results import disposition_of
from backpop.knowledge import knowledge
from tests.conftest import SHARED
from tests.fhir.conftest import assert_valid

OWN = yaml.safe_load((Path(__file__).parents[1] / "vignettes.yaml").read_text())
PUBLIC_PATH = SHARED / "vignettes/public.yaml"
PUBLIC = yaml.safe_load(PUBLIC_PATH.read_text()) if PUBLIC_PATH.is_file() else []
CASES = [(c["id"], c["episode"], c.get("narrative")) for c in PUBLIC + OWN]
MAX_STEPS = 60


def walk_v1(client, episode: dict[str, Any], suggested: dict[str, Any]) -> tuple[list, str, str]:
    """Answer /v1/interview/next truthfully from the episode; unknown facts are "don't know"."""
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    asked: list = []
    for _ in range(MAX_STEPS):
        body = client.post(
            "/v1/interview/next", json={"answers": answers, "skipped": skipped, "suggested": suggested}
        ).json()
        if body["status"] == "checklist":
            fields = tuple(item["field"] for item in body["checklist"]["items"])
        elif body["status"] == "question":
            fields = (body["question"]["field"],)
        else:
            return asked, body["assessment"]["disposition"], body["assessment"]
        asked.append(fields)
        for name in fields:
            if name in episode:
                answers[name] = episode[name]
            else:
                skipped.append(name)
    raise AssertionError("the interview did not end")


def start_response(suggested: dict[str, Any]) -> dict[str, Any]:
    """A new adaptive response; what was read from the person's words goes in a hidden group of initial values."""
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "status": "in-progress",
        "questionnaire": QUESTIONNAIRE_URL,
    }
    if suggested:
        kb = knowledge()
        response["contained"] = [
            {
                "resourceType": "Questionnaire",
                "id": "start",
                "status": "active",
                "item": [
                    {
                        "linkId": "suggested",
                        "type": "group",
                        "item": [
                            {"linkId": name, "type": "string", "initial": [answer_value(kb.question(name), value, kb)]}
                            for name, value in suggested.items()
                        ],
                    }
                ],
            }
        ]
        response["questionnaire"] = "#start"
    return response


def walk_fhir(
    client,
    episode: dict[str, Any],
    suggested: dict[str, Any],
    version: str = "R5",
) -> tuple[list, str, dict[str, Any]]:
    """Answer $next-question the way an SDC form filler would: a single question left blank is "don't know";
    in a checklist, an unknown sign carries data-absent-reason."""
    kb = knowledge()
    response = start_response(suggested)
    asked: list = []
    headers = {"accept": "application/fhir+json; fhirVersion=4.3"} if version == "R4B" else {}
    for _ in range(MAX_STEPS):
        reply = client.post("/fhir/Questionnaire/$next-question", json=response, headers=headers)
        assert reply.status_code == 200, reply.text
        response = reply.json()
        assert_valid(response, version)
        if response["status"] == "completed":
            risk = next(r for r in response["contained"] if r["resourceType"] == "RiskAssessment")
            return asked, disposition_of(risk), response
        latest = response["contained"][0]["item"][-1]
        items = response.setdefault("item", [])
        if latest["type"] == "group":
            fields = tuple(child["linkId"] for child in latest["item"])
            children = []
            for name in fields:
                if name in episode:
                    children.append({"linkId": name, "answer": [answer_value(kb.question(name), episode[name], kb)]})
                else:
                    children.append({"linkId": name, "extension": [{"url": DATA_ABSENT, "valueCode": "asked-unknown"}]})
            items.append({"linkId": latest["linkId"], "item": children})
        else:
            fields = (latest["linkId"],)
            if latest["linkId"] in episode:
                items.append(
                    {
                        "linkId": latest["linkId"],
                        "answer": [answer_value(kb.question(latest["linkId"]), episode[latest["linkId"]], kb)],
                    }
                )
        asked.append(fields)
        response = copy.deepcopy(response)
    raise AssertionError("the adaptive form did not end")


@pytest.mark.parametrize(("case_id", "episode", "narrative"), CASES, ids=[c[0] for c in CASES])
def test_next_question_asks_what_the_v1_interview_asks_and_ends_at_the_same_level(client, case_id, episode, narrative):
    v1_asked, v1_level, v1_result = walk_v1(client, episode, {})
    fhir_asked, fhir_level, fhir_response = walk_fhir(client, episode, {})
    assert fhir_asked == v1_asked
    assert fhir_level == v1_level
    risk = next(r for r in fhir_response["contained"] if r["resourceType"] == "RiskAssessment")
    assert (risk["status"] == "preliminary") == v1_result["provisional"]


@pytest.mark.parametrize(
    ("case_id", "episode", "narrative"), [c for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]]
)
def test_facts_read_from_words_are_asked_back_the_same_way(client, case_id, episode, narrative):
    from backpop.narrative import understand

    suggested = understand(narrative).episode.known()
    v1_asked, v1_level, v1_result = walk_v1(client, episode, suggested)
    fhir_asked, fhir_level, fhir_response = walk_fhir(client, episode, suggested)
    assert fhir_asked == v1_asked
    assert fhir_level == v1_level
    risk = next(r for r in fhir_response["contained"] if r["resourceType"] == "RiskAssessment")
    assert (risk["status"] == "preliminary") == v1_result["provisional"]


def test_the_public_vignettes_are_walked():
    if not PUBLIC:
        pytest.skip(f"{PUBLIC_PATH} is absent (it sits beside the repository only in the team's checkout and CI)")
    assert len(PUBLIC) >= 20


def test_a_suggested_fact_is_shown_as_the_initial_value(client):
    reply = client.post("/fhir/Questionnaire/$next-question", json=start_response({"numbness_tingling": True})).json()
    checklist = reply["contained"][0]["item"][-1]
    tingling = next(i for i in checklist["item"] if i["linkId"] == "numbness_tingling")
    assert tingling["initial"] == [{"valueBoolean": True}]
    others = [i for i in checklist["item"] if i["linkId"] != "numbness_tingling"]
    assert others and all("initial" not in i for i in others)


def test_a_suggested_emergency_sign_is_asked_back_on_its_own_with_the_value_read(client):
    reply = client.post(
        "/fhir/Questionnaire/$next-question", json=start_response({"saddle_numbness": True, "pain": "severe"})
    ).json()
    shown = reply["contained"][0]["item"][-1]
    assert shown["linkId"] == "saddle_numbness"
    assert shown["initial"] == [{"valueBoolean": True}]
    assert reply["status"] == "in-progress"


def test_the_checklist_is_one_group_of_yes_no_items_with_the_checklist_labels(client):
    reply = client.post("/fhir/Questionnaire/$next-question", json=start_response({})).json()
    group = reply["contained"][0]["item"][-1]
    kb = knowledge()
    assert group["type"] == "group"
    assert group["text"] == "Do you have any of these now?"
    assert len(group["item"]) >= 2
    for item in group["item"]:
        assert item["type"] == "boolean"
        assert item["text"] == kb.question(item["linkId"]).label


def test_an_unticked_checklist_box_counts_as_no(client):
    first = client.post("/fhir/Questionnaire/$next-question", json=start_response({})).json()
    group = first["contained"][0]["item"][-1]
    first["item"] = [{"linkId": group["linkId"], "item": []}]  # nothing ticked, nothing sent
    second = client.post("/fhir/Questionnaire/$next-question", json=first).json()
    answers = {name: False for name in (i["linkId"] for i in group["item"])}
    v1 = client.post("/v1/interview/next", json={"answers": answers}).json()
    latest = second["contained"][0]["item"][-1]
    shown = tuple(i["linkId"] for i in latest["item"]) if latest["type"] == "group" else (latest["linkId"],)
    expected = (
        tuple(i["field"] for i in v1["checklist"]["items"])
        if v1["status"] == "checklist"
        else (v1["question"]["field"],)
    )
    assert shown == expected


def test_an_emergency_sign_completes_the_response_at_once_with_the_result(client):
    first = client.post("/fhir/Questionnaire/$next-question", json=start_response({})).json()
    group = first["contained"][0]["item"][-1]
    first["item"] = [
        {"linkId": group["linkId"], "item": [{"linkId": "saddle_numbness", "answer": [{"valueBoolean": True}]}]}
    ]
    done = client.post("/fhir/Questionnaire/$next-question", json=first).json()
    assert done["status"] == "completed"
    risk = next(r for r in done["contained"] if r["resourceType"] == "RiskAssessment")
    assert disposition_of(risk) == "emergency"
    shown = done["contained"][0]["item"][-1]
    assert shown["type"] == "display" and "emergency" in shown["text"].lower()


def test_the_walk_is_the_same_in_r4b(client):
    episode = {"sound": "grinding", "pain": "mild", "age": 63, "weeks": 6, "region": "lower_back"}
    v1_asked, v1_level, _ = walk_v1(client, episode, {})
    fhir_asked, fhir_level, _ = walk_fhir(client, episode, {}, version="R4B")
    assert (fhir_asked, fhir_level) == (v1_asked, v1_level)
