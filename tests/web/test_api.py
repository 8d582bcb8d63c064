"""The JSON API: assessment, interview, errors with stable codes that name the field."""

from __future__ import annotations

from .web_helpers import BENIGN_ANSWERS, NO_WARNING_SIGNS


def test_assess_returns_the_assessment_of_the_episode(client):
    response = client.post("/v1/assess", json={"sound": "pop", "pain": "none", "activity": "twisting"})
    assert response.status_code == 200
    body = response.json()
    assert body["disposition"] == "self_care"
    assert body["reasoning"][0]["rule_id"] == "S0"
    assert body["disclaimer"]


def test_assess_gives_the_same_result_as_the_library(client):
    from backpop import Episode, assess

    facts = {"sound": "grinding", "pain": "mild", "age": 63, "weeks": 8}
    response = client.post("/v1/assess", json=facts)
    body = response.json()
    assert body.pop("details") == {"side": None} and body.pop("emergency_number") == "112"
    assert body == assess(Episode(**facts)).model_dump(mode="json")


def test_an_emergency_episode_is_an_emergency(client):
    body = client.post("/v1/assess", json={"bladder_bowel_change": True}).json()
    assert body["disposition"] == "emergency"
    assert body["red_flags"][0]["rule_id"] == "E1"


def test_a_bad_value_is_invalid_input_naming_the_field_and_what_it_accepts(client):
    response = client.post("/v1/assess", json={"sound": "bang", "pain": "none"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["fields"][0]["field"] == "sound"
    assert "pop" in body["fields"][0]["message"]
    assert "'sound'" in body["message"]


def test_an_unknown_field_is_named(client):
    body = client.post("/v1/assess", json={"colour": "red"}).json()
    assert body["code"] == "invalid_input"
    assert body["fields"] == [{"field": "colour", "message": "unknown field 'colour'"}]


def test_an_age_out_of_range_is_named_with_its_limits(client):
    body = client.post("/v1/assess", json={"age": 300}).json()
    assert body["fields"][0]["field"] == "age"
    assert "0 to 120" in body["fields"][0]["message"]


def test_malformed_json_is_invalid_input(client):
    response = client.post("/v1/assess", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["fields"][0]["field"] == "body"


def test_a_json_list_is_not_an_episode(client):
    response = client.post("/v1/assess", json=["pop"])
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_unknown_paths_and_methods_are_json_errors_with_codes(client):
    missing = client.get("/v1/nothing")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = client.get("/v1/assess")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"


def test_a_body_over_the_limit_is_413_with_the_limit(client):
    response = client.post(
        "/v1/assess", content=b"{" + b" " * 70_000 + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "payload_too_large"
    assert body["limit_bytes"] == 64 * 1024


def test_a_streamed_body_over_the_limit_is_413_too(client):
    def chunks():
        for _ in range(100):
            yield b" " * 1024

    response = client.post("/v1/assess", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_the_first_interview_step_is_a_checklist_of_warning_signs(client):
    body = client.post("/v1/interview/next", json={"answers": {}, "skipped": []}).json()
    assert body["status"] == "checklist" and body["question"] is None
    fields = [item["field"] for item in body["checklist"]["items"]]
    assert fields[:2] == ["saddle_numbness", "bladder_bowel_change"]
    assert all(item["text"] and item["suggested"] is None for item in body["checklist"]["items"])
    assert body["progress"]["asked"] == 0 and body["progress"]["remaining"] > 0


def test_what_was_read_from_a_story_is_asked_back_pre_selected(client):
    warning = dict(NO_WARNING_SIGNS)
    body = client.post(
        "/v1/interview/next",
        json={
            "answers": {**warning, "activity": "twisting"},
            "suggested": {"pain": "mild", "region": "neck"},
            "details": {"side": "left"},
        },
    ).json()
    assert body["status"] == "question"
    assert body["question"]["field"] == "pain" and body["question"]["suggested"] == "mild"
    assert set(body["unconfirmed"]) == {"pain", "region"}


def test_an_emergency_answer_stops_the_interview_at_once(client):
    body = client.post("/v1/interview/next", json={"answers": {"saddle_numbness": True}}).json()
    assert body["status"] == "emergency_stop"
    assert body["question"] is None
    assert body["assessment"]["disposition"] == "emergency"


def test_enum_questions_list_their_options_in_order(client):
    answers = dict(NO_WARNING_SIGNS)
    body = client.post("/v1/interview/next", json={"answers": answers}).json()
    question = body["question"]
    assert question["field"] == "region" and question["kind"] == "enum"  # where comes early
    assert question["options"][0] == {"value": "neck", "label": "Neck"}


def test_the_interview_runs_to_a_benign_result(client):
    from backpop.interview import parse_answer
    from backpop.knowledge import knowledge

    answers: dict = {}
    details: dict = {}
    for _ in range(40):
        body = client.post("/v1/interview/next", json={"answers": answers, "skipped": [], "details": details}).json()
        if body["status"] == "checklist":
            answers.update({item["field"]: False for item in body["checklist"]["items"]})
            continue
        if body["status"] != "question":
            break
        field = body["question"]["field"]
        ok, value = parse_answer(knowledge().question(field), BENIGN_ANSWERS[field])
        assert ok
        (details if body["question"]["detail"] else answers)[field] = value
    assert body["status"] == "done"
    assert body["assessment"]["disposition"] == "self_care"
    assert body["details"] == {"side": "left"} and body["emergency_number"] == "112"


def test_skipped_questions_are_not_asked_again(client):
    body = client.post("/v1/interview/next", json={"answers": {}, "skipped": ["saddle_numbness"]}).json()
    assert body["checklist"]["items"][0]["field"] == "bladder_bowel_change"
    assert "saddle_numbness" not in [item["field"] for item in body["checklist"]["items"]]
    assert body["progress"]["asked"] == 1


def test_a_skipped_name_that_is_not_a_field_is_named(client):
    response = client.post("/v1/interview/next", json={"answers": {}, "skipped": ["shoe_size"]})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "skipped.0"


def test_a_bad_answer_is_named_with_its_path(client):
    response = client.post("/v1/interview/next", json={"answers": {"pain": "lots"}})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "answers.pain"


def test_free_text_is_assessed_with_what_was_understood(client):
    response = client.post("/v1/assess/text", json={"text": "I heard one pop when I twisted, no pain at all"})
    assert response.status_code == 200
    body = response.json()
    assert body["disposition"] in ("self_care", "monitor")
    assert isinstance(body["understood"], list) and body["understood"]
    assert {"field", "value", "span"} <= set(body["understood"][0])


def test_free_text_must_not_be_empty(client):
    response = client.post("/v1/assess/text", json={"text": ""})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "text"


def test_health_reports_the_mode(client):
    body = client.get("/v1/health").json()
    assert body["status"] == "ok" and body["mode"] == "single"


def test_the_openapi_document_lists_the_versioned_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/v1/assess", "/v1/assess/text", "/v1/interview/next", "/v1/listen", "/v1/diary", "/v1/diary/{ref}"):
        assert path in paths
    assert not any(p in paths for p in ("/", "/interview", "/signin"))
    assert client.get("/docs").status_code == 200


def test_api_responses_are_not_cached_and_not_sniffed(client):
    response = client.post("/v1/assess", json={})
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in response.headers


def test_a_foreign_host_header_is_refused_in_single_person_mode(client):
    response = client.get("/v1/diary", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_host"


def test_marking_an_urgent_episode_seen_clears_its_banner(client):
    urgent = {"sound": "pop", "activity": "heavy_lift", "pain": "severe", "pain_began_with_pop": True}
    ref = client.post("/v1/diary", json={"episode": urgent}).json()["id"]
    listed = client.get("/v1/diary").json()
    assert listed["awaiting_clinician"] == [ref]
    assert client.get("/v1/diary/trend").json()["unseen_urgent"][0]["id"] == ref
    app_header = {"x-requested-with": "app"}  # as a program's write to the one-person diary must
    seen = client.post(f"/v1/diary/{ref}/seen", headers=app_header)
    assert seen.status_code == 200 and seen.json()["seen_at"] and seen.json()["awaits_clinician"] is False
    assert client.get("/v1/diary").json()["awaiting_clinician"] == []
    assert client.get("/v1/diary/trend").json()["unseen_urgent"] == []
    assert client.post("/v1/diary/e999/seen", headers=app_header).status_code == 404
    crack = client.post("/v1/diary/cracks", headers=app_header).json()["id"]
    assert client.post(f"/v1/diary/{crack}/seen", headers=app_header).status_code == 422  # only episodes are seen
