"""The multi-user service: accounts, sessions, CSRF, sign-in limits, tokens, and each diary its own."""

from __future__ import annotations

from .web_helpers import PASSWORD, csrf, sign_in, sign_up, token_for


def save_episode(client, facts: dict) -> str:
    """Save through the page form, as a person would; returns the new entry id."""
    import json

    page = client.get("/").text
    state = json.dumps({"answers": facts})
    response = client.post("/diary/save", data={"csrf_token": csrf(page), "state": state})
    assert response.status_code == 200 and response.url.path.startswith("/diary/entry/"), response.text
    return response.url.path.rsplit("/", 1)[-1]


def test_sign_up_signs_in_and_opens_an_empty_diary(alice):
    page = alice.get("/diary")
    assert page.status_code == 200
    assert "Your diary is empty" in page.text
    assert "alice@example.org" in alice.get("/account").text


def test_the_session_cookie_is_signed_http_only_and_same_site_lax(new_client):
    c = new_client()
    response = sign_up(c, "carol")
    cookies = [h for h in response.history[0].headers.get_list("set-cookie") if h.startswith("backpop_session=")]
    assert cookies, "sign-up sets a new session cookie"
    assert "HttpOnly" in cookies[-1] and "SameSite=Lax" in cookies[-1] and "Max-Age=" in cookies[-1]


def test_signing_in_replaces_the_session_id(new_client):
    c = new_client()
    sign_up(c, "dave")
    c.post("/signout", data={"csrf_token": csrf(c.get("/").text)})
    before = c.cookies.get("backpop_session")
    sign_in(c, "dave")
    assert c.cookies.get("backpop_session") != before
    assert c.get("/diary").status_code == 200


def test_signing_out_ends_the_session_on_the_server(new_client):
    c = new_client()
    sign_up(c, "erin")
    stolen = c.cookies.get("backpop_session")
    c.post("/signout", data={"csrf_token": csrf(c.get("/").text)})
    thief = new_client()
    thief.cookies.set("backpop_session", stolen)
    response = thief.get("/diary", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")


def test_the_diary_needs_sign_in(new_client):
    response = new_client().get("/diary", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/diary"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(alice, new_client):
    c = new_client()
    wrong = sign_in(c, "alice@example.org", "not the password")
    unknown = sign_in(c, "nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match" in wrong.text and "do not match" in unknown.text


def test_token_requests_share_the_sign_in_limit(alice, new_client):
    c = new_client()
    for i in range(6):
        assert c.post("/v1/tokens", json={"username": "alice@example.org", "password": f"x{i}" * 6}).status_code == 401
    response = c.post("/v1/tokens", json={"username": "alice@example.org", "password": f"x{i}" * 6})
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


def test_every_form_needs_its_csrf_token(alice):
    for path, data in [
        ("/signout", {}),
        ("/diary/crack", {}),
        ("/diary/save", {"state": "{}"}),
        ("/account/tokens", {"label": "x"}),
        ("/interview", {"action": "continue"}),
        ("/diary/entry/e1/delete", {"confirm": "yes"}),
    ]:
        response = alice.post(path, data=data)
        assert response.status_code == 403, path
    response = alice.post("/signup", data={"username": "mallory", "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 403


def test_a_weak_password_or_taken_name_is_explained(alice, new_client):
    c = new_client()
    assert sign_up(c, "frank", "short").status_code == 422
    taken = sign_up(c, "alice@example.org")
    assert taken.status_code == 409 and "taken" in taken.text


def test_passwords_are_stored_as_argon2id_hashes(alice, multi_app):
    import sqlalchemy as sa

    with multi_app.state.web.accounts.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT password_hash FROM web_users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_the_api_diary_needs_a_valid_token(new_client):
    c = new_client()
    assert c.get("/v1/diary").status_code == 401
    response = c.get("/v1/diary", headers={"authorization": "Bearer bp_madeup"})
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_token_reads_and_writes_its_owners_diary(alice):
    token = token_for(alice, "alice@example.org")
    auth = {"authorization": f"Bearer {token}"}
    saved = alice.post("/v1/diary", json={"episode": {"sound": "click", "pain": "none"}}, headers=auth)
    assert saved.status_code == 201
    ref = saved.json()["id"]
    listed = alice.get("/v1/diary", headers=auth).json()["entries"]
    assert [e["id"] for e in listed] == [ref]
    assert alice.get(f"/v1/diary/{ref}", headers=auth).json()["facts"] == {"sound": "click", "pain": "none"}
    assert ref in alice.get("/diary").text  # the same diary as the pages


def test_a_revoked_token_stops_working(alice):
    page = alice.get("/account").text
    made = alice.post("/account/tokens", data={"csrf_token": csrf(page), "label": "phone"})
    assert made.status_code == 201
    token = made.text.split('id="new-token">')[1].split("<")[0]
    auth = {"authorization": f"Bearer {token}"}
    assert alice.get("/v1/diary", headers=auth).status_code == 200
    token_id = made.text.split("/account/tokens/")[1].split("/")[0]
    alice.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf(page)})
    assert alice.get("/v1/diary", headers=auth).status_code == 401


# -- isolation: person B against person A's ids -------------------------------------------


def test_every_diary_page_of_person_a_is_404_for_person_b(alice, bob):
    ref = save_episode(alice, {"sound": "grinding", "pain": "mild", "age": 58})
    assert alice.get(f"/diary/entry/{ref}").status_code == 200
    assert bob.get(f"/diary/entry/{ref}").status_code == 404
    token = csrf(bob.get("/").text)
    assert bob.post(f"/diary/entry/{ref}/delete", data={"csrf_token": token, "confirm": "yes"}).status_code == 404
    link = f'/diary/entry/{ref}"'  # the ref alone can occur inside a random token
    assert link in alice.get("/diary").text
    assert link not in bob.get("/diary").text
    assert bob.get("/diary/export").json()["episodes"] == []
    assert "grinding" not in bob.get("/diary/trend").text
    assert alice.get(f"/diary/entry/{ref}").status_code == 200  # still there


def test_every_diary_endpoint_of_person_a_is_404_for_person_b(alice, bob):
    a_auth = {"authorization": f"Bearer {token_for(alice, 'alice@example.org')}"}
    b_auth = {"authorization": f"Bearer {token_for(bob, 'bob')}"}
    ref = alice.post(
        "/v1/diary", json={"episode": {"sound": "pop", "pain": "none"}, "text": "private words"}, headers=a_auth
    ).json()["id"]
    crack = alice.post("/v1/diary/cracks", headers=a_auth).json()["id"]
    for entry in (ref, crack):
        assert bob.get(f"/v1/diary/{entry}", headers=b_auth).status_code == 404
        assert bob.delete(f"/v1/diary/{entry}", headers=b_auth).status_code == 404
        assert alice.get(f"/v1/diary/{entry}", headers=a_auth).status_code == 200
    assert bob.get("/v1/diary", headers=b_auth).json()["entries"] == []
    export = bob.get("/v1/diary/export", headers=b_auth).json()
    assert export["episodes"] == [] and "private words" not in str(export)
    trend = bob.get("/v1/diary/trend", headers=b_auth).json()
    assert all(w["episodes"] == 0 and w["self_adjusting"] == 0 for w in trend["weeks"])
    assert alice.delete(f"/v1/diary/{ref}", headers=a_auth).status_code == 204
    assert alice.get(f"/v1/diary/{ref}", headers=a_auth).status_code == 404


def test_a_session_cookie_does_not_open_the_api(alice):
    assert alice.get("/v1/diary").status_code == 401


def test_an_open_redirect_after_sign_in_is_not_possible(alice, new_client):
    c = new_client()
    page = c.get("/signin?next=//evil.example/").text
    assert "//evil.example" not in page
    response = c.post(
        "/signin",
        data={
            "csrf_token": csrf(page),
            "username": "alice@example.org",
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/diary"


def test_every_diary_and_account_page_sends_a_stranger_to_sign_in_and_back(new_client):
    c = new_client()
    for path, back in [
        ("/diary", "/diary"),
        ("/diary/trend", "/diary/trend"),
        ("/diary/report", "/diary/report"),
        ("/diary/export", "/diary/export"),
        ("/diary/entry/e1", "/diary/entry/e1"),
        ("/account", "/account"),
    ]:
        response = c.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/signin?next={back}", path


def test_a_stranger_s_form_with_its_token_is_sent_to_sign_in_and_one_without_is_refused(new_client):
    c = new_client()
    token = csrf(c.get("/").text)
    for path, data, back in [
        ("/diary/crack", {}, "/diary/crack"),
        ("/diary/entry/e1/seen", {}, "/diary/entry/e1/seen"),
        ("/account/tokens", {"label": "x"}, "/account"),
        ("/account/tokens/1/revoke", {}, "/account"),
    ]:
        assert c.post(path, data=data, follow_redirects=False).status_code == 403, path
        response = c.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/signin?next={back}", path
