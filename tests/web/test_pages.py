"""The pages: start, one question at a time, back, emergency stop, result, save, diary."""

from __future__ import annotations

import json
import re

from .web_helpers import BENIGN_ANSWERS, asked_field, checklist_fields, csrf, state


def answer(client, page: str, value: str | None = None, action: str = "answer"):
    data = {"csrf_token": csrf(page), "state": state(page), "field": asked_field(page) or "", "action": action}
    if value is not None:
        data["answer"] = value
    return client.post("/interview", data=data)


def tick(client, page: str, ticked=(), action: str = "checklist"):
    """Send a checklist page with these warning signs ticked (the rest not)."""
    data = {
        "csrf_token": csrf(page),
        "state": state(page),
        "checklist": ",".join(checklist_fields(page)),
        "action": action,
        "ticked": list(ticked),
    }
    return client.post("/interview", data=data)


def run_benign_interview(client, page: str | None = None, answers=None, never: frozenset[str] = frozenset()):
    """Answer the rest of an interview as a person with nothing to report (`answers` overrides;
    None is "I don't know"); a field in `never` must not be asked."""
    page = page or client.get("/interview").text
    answers = {**BENIGN_ANSWERS, **(answers or {})}
    for _ in range(40):
        if checklist_fields(page):
            page = tick(client, page).text
            continue
        field = asked_field(page)
        if field is None:
            return page
        assert field not in never, f"{field} was asked again"
        if answers[field] is None:
            response = answer(client, page, action="skip")
        else:
            response = answer(client, page, answers[field])
        assert response.status_code == 200, response.text
        page = response.text
    raise AssertionError("the interview did not end")


def test_the_start_page_asks_what_happened_or_offers_questions(client):
    page = client.get("/").text
    assert "What happened?" in page
    assert 'name="text"' in page and '<label for="text"' in page
    assert 'href="/interview"' in page


def test_pages_send_a_strict_content_security_policy_and_a_session_cookie(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_interview_opens_with_a_checklist_of_warning_signs(client):
    page = client.get("/interview").text
    fields = checklist_fields(page)
    assert fields[:2] == ["saddle_numbness", "bladder_bowel_change"]
    assert "Question 1 of at most" in page
    assert page.count('type="checkbox"') == len(fields)
    assert "I'm not sure about these" in page


def test_the_next_page_shows_one_question_with_progress(client):
    page = tick(client, client.get("/interview").text).text
    assert asked_field(page) == "region"  # where comes early, right after the warning signs
    assert "Question 2 of at most" in page
    assert page.count('class="question-text"') == 1
    assert "I don't know" in page.replace("&#39;", "'")


def test_answers_travel_in_the_form_body_not_the_address(client):
    page = client.get("/interview").text
    response = tick(client, page, ["fever"])
    assert response.url.path == "/interview" and not response.url.query
    answers = json.loads(state(response.text))["answers"]
    assert answers["fever"] is True and answers["saddle_numbness"] is False


def test_back_asks_the_previous_question_again(client):
    first = tick(client, client.get("/interview").text).text
    second = answer(client, answer(client, first, "lower_back").text, "left").text
    assert asked_field(second) == "activity"
    again = answer(client, answer(client, second, action="back").text, action="back").text
    assert asked_field(again) == "region"
    assert "region" not in json.loads(state(again))["answers"]


def test_dont_know_moves_on_and_is_remembered_as_skipped(client):
    first = tick(client, client.get("/interview").text).text
    second = answer(client, answer(client, answer(client, first, "neck").text, "right").text, action="skip").text
    assert asked_field(second) == "pain"
    assert json.loads(state(second))["skipped"] == ["activity"]


def test_not_sure_about_the_checklist_leaves_every_sign_unanswered_and_the_result_provisional(client):
    page = tick(client, client.get("/interview").text, action="checklist_unsure").text
    skipped = json.loads(state(page))["skipped"]
    assert "saddle_numbness" in skipped and "fever" in skipped
    result = run_benign_interview(client, page)
    assert "Not final" in result


def test_an_emergency_answer_stops_at_once_with_a_full_screen_instruction(client):
    page = client.get("/interview").text
    response = tick(client, page, ["saddle_numbness"])
    assert response.status_code == 200
    assert 'class="emergency"' in response.text
    assert 'role="alert"' in response.text
    assert "emergency department" in response.text
    assert asked_field(response.text) is None


def test_an_unreadable_answer_asks_again_with_a_message(client):
    page = client.get("/interview").text
    response = client.post(
        "/interview", data={"csrf_token": csrf(page), "state": state(page), "field": "age", "answer": "250"}
    )
    assert response.status_code == 422
    assert asked_field(response.text) == "age"
    assert "whole number from 0 to 120" in response.text


def test_the_interview_ends_in_a_result_coloured_by_level(client):
    page = run_benign_interview(client)
    assert 'data-disposition="self_care"' in page
    assert "disp-self_care" in page
    assert "Why" in page and "Where the sound most likely comes from" in page
    assert "Save to my diary" in page
    assert "never diagnoses" in page or "not a diagnosis" in page.lower() or "diagnos" in page


def test_a_form_without_a_csrf_token_is_refused(client):
    page = client.get("/interview").text
    response = client.post("/interview", data={"state": state(page), "field": "saddle_numbness", "answer": "no"})
    assert response.status_code == 403
    assert 'data-code="csrf_failed"' in response.text


def test_a_csrf_token_from_another_browser_is_refused(make_app):
    from fastapi.testclient import TestClient

    app = make_app()
    with TestClient(app) as one, TestClient(app) as other:
        token = csrf(one.get("/").text)
        other.get("/")
        response = other.post("/interview", data={"csrf_token": token, "state": "", "action": "continue"})
        assert response.status_code == 403


def test_a_tampered_state_is_an_input_error_not_a_crash(client):
    page = client.get("/").text
    bad = json.dumps({"answers": {"age": 999}})
    response = client.post("/interview", data={"csrf_token": csrf(page), "state": bad, "action": "continue"})
    assert response.status_code == 422
    assert "age" in response.text
    response = client.post("/interview", data={"csrf_token": csrf(page), "state": "{nope", "action": "continue"})
    assert response.status_code == 400


def test_free_text_leads_to_questions_or_to_what_was_understood(client):
    page = client.get("/").text
    response = client.post("/understand", data={"csrf_token": csrf(page), "text": "I twisted and heard a pop"})
    assert response.status_code == 200
    assert "Is this what happened?" in response.text or asked_field(response.text) is not None


def test_saving_keeps_the_result_in_the_diary(client):
    result = run_benign_interview(client)
    saved = client.post("/diary/save", data={"csrf_token": csrf(result), "state": state(result)})
    assert saved.status_code == 200
    assert saved.url.path.startswith("/diary/entry/e")
    assert "Saved to your diary" in saved.text
    listing = client.get("/diary").text
    assert saved.url.path.rsplit("/", 1)[-1] in listing


def test_the_diary_shows_trends_export_and_deletes_on_confirmation(client):
    result = run_benign_interview(client)
    saved = client.post("/diary/save", data={"csrf_token": csrf(result), "state": state(result)})
    ref = saved.url.path.rsplit("/", 1)[-1]
    diary = client.get("/diary").text
    assert client.post("/diary/crack", data={"csrf_token": csrf(diary)}).status_code == 200
    trend = client.get("/diary/trend?weeks=4")
    assert trend.status_code == 200 and "<svg" in trend.text and "Week by week" in trend.text
    export = client.get("/diary/export")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert len(export.json()["episodes"]) == 1
    unconfirmed = client.post(f"/diary/entry/{ref}/delete", data={"csrf_token": csrf(diary)})
    assert unconfirmed.status_code == 422
    deleted = client.post(f"/diary/entry/{ref}/delete", data={"csrf_token": csrf(diary), "confirm": "yes"})
    assert deleted.status_code == 200 and "deleted" in deleted.text
    assert client.get(f"/diary/entry/{ref}").status_code == 404


def test_the_clinician_report_is_served_or_explained(client):
    response = client.get("/diary/report")
    assert response.status_code in (200, 503)
    if response.status_code == 200:
        assert "<html" in response.text.lower()


def test_accounts_pages_do_not_exist_for_one_person(client):
    assert client.get("/signin").status_code == 404
    assert client.get("/signup").status_code == 404


def test_an_unknown_page_is_an_html_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]


def test_what_was_read_is_shown_in_plain_words_not_field_names(client):
    page = client.get("/").text
    response = client.post(
        "/understand",
        data={"csrf_token": csrf(page), "text": "I'm 45, my back popped lifting a box and my left foot tingles"},
    )
    import html
    import re

    visible = html.unescape(re.sub(r"<[^>]*>", " ", response.text))  # the words on the page, not the form's
    assert "Numbness or pins and needles in an arm or leg: Yes" in visible
    assert "What you were doing: Lifting something heavy" in visible
    for raw in ("numbness_tingling", "numbness tingling", "activity:", "heavy_lift"):
        assert raw not in visible


def test_every_question_offers_i_dont_know_exactly_once(client):
    from backpop.knowledge import knowledge

    page = client.get("/interview").text
    for question in knowledge().questions:
        shown = client.post(
            "/interview", data={"csrf_token": csrf(page), "state": state(page), "action": f"change:{question.field}"}
        ).text
        assert asked_field(shown) == question.field
        assert shown.count("I don&#39;t know") + shown.count("I don't know") == 1, question.field


def test_the_emergency_page_calls_the_configured_countrys_number(make_app):
    from fastapi.testclient import TestClient

    for country, number in (("US", "911"), ("GB", "999"), (None, "112")):
        with TestClient(make_app(country=country)) as c:
            page = tick(c, c.get("/interview").text, ["saddle_numbness"]).text
            assert f'href="tel:{number}"' in page and f"Call {number}" in page, country
            assert page.count("Do not drive yourself") == 1


def test_an_urgent_entry_is_marked_seen_on_the_web_and_its_banner_clears(client):
    urgent = {"sound": "pop", "activity": "heavy_lift", "pain": "severe", "pain_began_with_pop": True}
    ref = client.post("/v1/diary", json={"episode": urgent}).json()["id"]
    page = client.get("/diary").text
    assert "Not yet seen by a clinician" in page
    done = client.post(f"/diary/entry/{ref}/seen", data={"csrf_token": csrf(page)})
    assert done.status_code == 200 and "Marked as seen by a clinician" in done.text
    assert "Not yet seen by a clinician" not in client.get("/diary").text
    assert client.post(f"/diary/entry/{ref}/seen", data={"csrf_token": "forged"}).status_code == 403


def test_a_section_headed_what_to_do_always_says_what_to_do(client):
    # A self-care result has nothing to do but watch for changes: its section is headed by what
    # it holds, not "What to do" over only "what would change this advice".
    page = run_benign_interview(client)
    sections = re.findall(r"<section[^>]*>\s*<h2[^>]*>([^<]*)</h2>(.*?)</section>", page, re.S)
    for title, body in sections:
        if title.strip() == "What to do":
            assert "advice-action" in body, "a 'What to do' section with no action in it"
    assert any(title.strip() == "What would change this advice" for title, _ in sections)
