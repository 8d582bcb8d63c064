"""Which side is asked on the pages and through the API, kept with the diary entry and shown in the
report; and every assessment the API returns carries the emergency number of the service's country."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from backpop.episode import Episode
from backpop.fhir.questionnaire import episode_response
from backpop.interview import parse_answer
from backpop.knowledge import knowledge

from .test_pages import answer, run_benign_interview, tick
from .web_helpers import BENIGN_ANSWERS, asked_field, csrf, state


def _save(client, result: str) -> str:
    saved = client.post("/diary/save", data={"csrf_token": csrf(result), "state": state(result)})
    assert saved.status_code == 200
    return saved.url.path.rsplit("/", 1)[-1]


def test_a_person_who_never_names_a_side_is_asked_right_after_where_and_it_reaches_the_report(client):
    page = tick(client, client.get("/interview").text).text
    assert asked_field(page) == "region"
    page = answer(client, page, "lower_back").text
    assert asked_field(page) == "side"
    assert "Which side is it on?" in page and "does not change the advice" in page
    assert 'value="skip"' in page  # one "I don't know"
    result = run_benign_interview(client, answer(client, page, "right").text)
    ref = _save(client, result)
    assert "<li>Which side: Right</li>" in client.get(f"/diary/entry/{ref}").text
    assert client.get(f"/v1/diary/{ref}").json()["side"] == "right"
    assert "<dt>Which side</dt><dd>Right (as they answered)</dd>" in client.get("/diary/report").text


def test_a_side_read_from_the_story_is_pre_selected_and_can_be_corrected(client):
    start = client.get("/").text
    read = client.post(
        "/understand", data={"csrf_token": csrf(start), "text": "my back clicked and my left leg tingles"}
    ).text
    assert "Which side: Left" in read and 'value="change:side"' in read
    page = client.post("/interview", data={"csrf_token": csrf(read), "state": state(read), "action": "change:side"})
    assert asked_field(page.text) == "side"
    chosen = re.search(r'<button[^>]*value="(\w+)"[^>]*class="option suggested"', page.text)
    assert chosen and chosen.group(1) == "left"
    page = answer(client, page.text, "both").text
    assert json.loads(state(page))["details"] == {"side": "both"}
    page = run_benign_interview(client, page, never=frozenset({"side"}))  # asked once
    ref = _save(client, page)
    assert client.get(f"/v1/diary/{ref}").json()["side"] == "both"


def test_dont_know_to_the_side_leaves_it_unset_and_the_report_falls_back_to_the_words(client):
    start = client.get("/").text
    read = client.post("/understand", data={"csrf_token": csrf(start), "text": "my right hip popped"}).text
    page = client.post("/interview", data={"csrf_token": csrf(read), "state": state(read), "action": "continue"}).text
    page = run_benign_interview(client, page, answers={"side": None})  # "I don't know"
    ref = _save(client, page)
    assert client.get(f"/v1/diary/{ref}").json()["side"] is None
    assert "<dt>Which side</dt><dd>Right (from their own words)</dd>" in client.get("/diary/report").text


def _api_interview(client, details_answer):
    answers, details, skipped, asked = {}, {}, [], []
    for _ in range(40):
        body = client.post(
            "/v1/interview/next", json={"answers": answers, "details": details, "skipped": skipped}
        ).json()
        if body["status"] == "checklist":
            answers.update({item["field"]: False for item in body["checklist"]["items"]})
            continue
        if body["status"] != "question":
            return body, asked
        question = body["question"]
        asked.append(question["field"])
        if question["detail"]:
            if details_answer is None:
                skipped.append(question["field"])
            else:
                details[question["field"]] = details_answer
            continue
        name = question["field"]
        answers[name] = parse_answer(knowledge().question(name), BENIGN_ANSWERS[name])[1]
    raise AssertionError("the interview did not end")


def test_the_api_asks_the_side_once_and_the_diary_keeps_it(client):
    body, asked = _api_interview(client, "left")
    assert asked.count("side") == 1 and asked[asked.index("region") + 1] == "side"
    assert body["status"] == "done" and body["details"] == {"side": "left"}
    saved = client.post("/v1/diary", json={"episode": body["assessment"]["episode"], "details": body["details"]}).json()
    assert client.get(f"/v1/diary/{saved['id']}").json()["side"] == "left"
    assert "<dt>Which side</dt><dd>Left (as they answered)</dd>" in client.get("/diary/report").text


def test_a_side_read_from_words_is_offered_as_the_api_question_suggestion(client):
    read = client.post("/v1/assess/text", json={"text": "it popped on the right side of my neck"}).json()
    body = client.post(
        "/v1/interview/next",
        json={"answers": {"region": "neck"}, "skipped": [], "suggested_details": {"side": read["side"]["value"]}},
    ).json()
    while body["status"] == "checklist":
        answers = {item["field"]: False for item in body["checklist"]["items"]}
        body = client.post(
            "/v1/interview/next",
            json={"answers": {"region": "neck", **answers}, "suggested_details": {"side": "right"}},
        ).json()
    assert body["question"]["field"] == "side" and body["question"]["suggested"] == "right"
    assert body["details"] == {"side": None}  # read, not answered yet


def test_the_api_refuses_a_side_that_is_not_one_of_the_options(client):
    response = client.post("/v1/assess", json={"sound": "pop", "details": {"side": "up"}})
    assert response.status_code == 422 and "details.side" in response.json()["message"]
    response = client.post("/v1/interview/next", json={"details": {"side": "up"}})
    assert response.status_code == 422


def test_the_side_given_to_assess_comes_back_and_changes_nothing_else(client):
    facts = {"sound": "pop", "pain": "mild", "radiating_pain": True}
    plain = client.post("/v1/assess", json=facts).json()
    sided = client.post("/v1/assess", json={**facts, "details": {"side": "left"}}).json()
    assert sided.pop("details") == {"side": "left"} and plain.pop("details") == {"side": None}
    assert sided == plain


def test_the_openapi_schema_documents_the_side_and_the_emergency_number(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "left" in json.dumps(schemas["Details"]) and "side" in schemas["Details"]["properties"]
    for name in ("AssessReply", "TextAssessment", "InterviewReply", "RecordingAssessReply"):
        assert "112" in schemas[name]["properties"]["emergency_number"]["description"]
    assert "details" in schemas["InterviewRequest"]["properties"]
    assert "details" in schemas["AssessRequest"]["properties"]


EMERGENCY = {"bladder_bowel_change": True}


@pytest.mark.parametrize(("country", "number"), [("GB", "999"), (None, "112")])
def test_every_assessment_the_api_returns_carries_the_countrys_emergency_number(db_url, country, number):
    from backpop.web.app import create_app
    from backpop.web.cli import serve_settings

    settings = serve_settings(host="127.0.0.1", multi_user=False, db=db_url, country=country)
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/assess", json=EMERGENCY).json()["emergency_number"] == number
        text = client.post("/v1/assess/text", json={"text": "I cannot hold my bladder since my back popped"})
        assert text.json()["emergency_number"] == number
        stop = client.post("/v1/interview/next", json={"answers": EMERGENCY}).json()
        assert stop["status"] == "emergency_stop" and stop["emergency_number"] == number
        asking = client.post("/v1/interview/next", json={"answers": {}}).json()
        assert asking["status"] == "checklist" and asking["emergency_number"] is None  # no result yet
        recording = client.post("/v1/assess/recording", json={"episode": EMERGENCY, "evidence": {"sound": "pop"}})
        assert recording.json()["emergency_number"] == number
        bundle = client.post("/fhir/$assess", json=episode_response(Episode(**EMERGENCY))).json()
        risk = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment")
        carried = [x["valueString"] for x in risk["extension"] if x["url"].endswith("/emergency-number")]
        assert carried == [number]
        page = client.get("/").text
        assert f'href="tel:{number}"' in page  # the same number the pages show
