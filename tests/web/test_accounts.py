"""Accounts: strong passwords, tokens that expire, and leaving with all one's data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backpop.diary import Diary
from backpop.web import security
from backpop.wording import day_text

from .test_multi_user import save_episode
from .web_helpers import PASSWORD, csrf, sign_in, sign_up, token_for


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaa", "password12", "1234567890", "qwertyuiop1", "carol-the-builder", "Carol2024!!"]
)
def test_weak_passwords_and_the_user_name_are_refused(new_client, password):
    response = sign_up(new_client(), "carol", password)
    assert response.status_code == 422
    assert response.url.path == "/signup"


def test_a_few_unrelated_words_make_a_password_that_is_accepted(new_client):
    response = sign_up(new_client(), "carol", "violet tractor sings loudly")
    assert response.status_code == 200 and response.url.path == "/diary"


def test_the_refusal_says_why_in_one_line(new_client):
    page = sign_up(new_client(), "carol", "password12").text
    assert "common password" in page.lower() or "easy to guess" in page.lower()


def test_an_api_token_stops_working_when_it_expires(alice, monkeypatch):
    made = alice.post("/v1/tokens", json={"username": "alice@example.org", "password": PASSWORD, "expires_in_days": 2})
    assert made.status_code == 201 and made.json()["expires_in_days"] == 2
    auth = {"authorization": f"Bearer {made.json()['token']}"}
    assert alice.get("/v1/diary", headers=auth).status_code == 200
    later = security._now() + timedelta(days=2, seconds=1)
    monkeypatch.setattr(security, "_now", lambda: later)
    assert alice.get("/v1/diary", headers=auth).status_code == 401


def test_tokens_expire_after_90_days_unless_asked_otherwise(alice, monkeypatch):
    auth = {"authorization": f"Bearer {token_for(alice, 'alice@example.org')}"}
    now = security._now()
    monkeypatch.setattr(security, "_now", lambda: now + timedelta(days=89))
    assert alice.get("/v1/diary", headers=auth).status_code == 200
    monkeypatch.setattr(security, "_now", lambda: now + timedelta(days=91))
    assert alice.get("/v1/diary", headers=auth).status_code == 401


def test_the_account_page_lists_each_token_with_its_expiry(alice):
    alice.post("/account/tokens", data={"csrf_token": csrf(alice.get("/account").text), "label": "phone", "days": "30"})
    page = alice.get("/account").text
    expected = day_text(security._now() + timedelta(days=30))  # "31 Dec 2026", as every page writes a day
    assert "phone" in page and f"works until {expected}" in page


def test_a_token_table_from_before_expiry_gets_the_column_and_a_lifetime(db_url):
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE web_tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, "
            "token_hash VARCHAR(64) NOT NULL UNIQUE, label VARCHAR(100) NOT NULL, "
            "created_at DATETIME NOT NULL)"
        )
        connection.exec_driver_sql("INSERT INTO web_tokens VALUES (1, 1, 'x', 'old', '2026-01-01 00:00:00')")
    security.Accounts(db_url).close()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT expires_at FROM web_tokens").scalar() is not None


def test_deleting_my_account_deletes_all_my_data_and_nobody_elses(alice, bob, multi_app):
    save_episode(alice, {"sound": "grinding", "pain": "mild"})
    kept = save_episode(bob, {"sound": "pop"})
    auth = {"authorization": f"Bearer {token_for(alice, 'alice@example.org')}"}
    alice.post("/v1/diary/cracks", headers=auth)
    page = alice.get("/account").text
    refused = alice.post(
        "/account/delete", data={"csrf_token": csrf(page), "password": "not my password", "confirm": "yes"}
    )
    assert refused.status_code == 401 and alice.get("/diary").status_code == 200
    left = alice.post("/account/delete", data={"csrf_token": csrf(page), "password": PASSWORD, "confirm": "yes"})
    assert left.status_code == 200 and "have been deleted" in left.text
    assert alice.get("/v1/diary", headers=auth).status_code == 401
    assert alice.get("/diary", follow_redirects=False).status_code == 303
    assert sign_in(alice, "alice@example.org").status_code == 401
    with Diary(multi_app.state.web.settings.db_url) as diary:
        owners = {
            o
            for (o,) in diary.engine.connect().exec_driver_sql(
                "SELECT owner FROM diary_episodes UNION SELECT owner FROM diary_self_adjustments"
            )
        }
    assert owners == {"user-2"}
    assert bob.get(f"/diary/entry/{kept}").status_code == 200


def test_a_program_lists_and_revokes_its_tokens_through_the_api(alice, bob):
    keep = token_for(alice, "alice@example.org")
    spare = alice.post(
        "/v1/tokens",
        json={"username": "alice@example.org", "password": PASSWORD, "label": "old phone", "expires_in_days": 7},
    ).json()["token"]
    auth = {"authorization": f"Bearer {keep}"}
    listed = alice.get("/v1/tokens", headers=auth).json()["tokens"]
    assert [t["label"] for t in listed] == ["API token", "old phone"]
    assert all(t["expires_at"] and not t["expired"] for t in listed)
    assert keep not in str(listed) and spare not in str(listed)
    old_phone = listed[1]["id"]
    bobs = {"authorization": f"Bearer {token_for(bob, 'bob')}"}
    assert bob.delete(f"/v1/tokens/{old_phone}", headers=bobs).status_code == 404  # not bob's
    assert alice.delete(f"/v1/tokens/{old_phone}", headers=auth).status_code == 204
    assert alice.get("/v1/diary", headers={"authorization": f"Bearer {spare}"}).status_code == 401
    assert alice.get("/v1/diary", headers=auth).status_code == 200
