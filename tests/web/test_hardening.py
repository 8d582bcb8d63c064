"""The service against an attacker: cross-site writes, network exposure, proxies, HTTPS."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from .served import served


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example", "content-type": "application/x-www-form-urlencoded"},
        {"sec-fetch-site": "cross-site", "content-type": "text/plain"},
        {"content-type": "application/x-www-form-urlencoded"},  # an old browser sends neither
        {"origin": "null", "content-type": "application/json"},
    ],
)
def test_another_site_cannot_write_to_the_one_person_diary(client, headers):
    crack = client.post("/v1/diary/cracks", content=b"a=1", headers=headers)
    saved = client.post("/v1/diary", content=b'{"episode": {}}', headers=headers)
    assert crack.status_code == saved.status_code == 403
    assert crack.json()["code"] == "cross_site"
    assert client.get("/v1/diary").json()["entries"] == []


def test_another_site_cannot_delete_from_the_one_person_diary(client):
    ref = client.post("/v1/diary/cracks", headers={"x-requested-with": "app"}).json()["id"]
    refused = client.delete(f"/v1/diary/{ref}", headers={"sec-fetch-site": "cross-site"})
    assert refused.status_code == 403
    assert [e["id"] for e in client.get("/v1/diary").json()["entries"]] == [ref]


def test_programs_and_the_site_itself_still_write(client):
    assert client.post("/v1/diary/cracks", headers={"x-requested-with": "my-app"}).status_code == 201
    assert client.post("/v1/diary", json={"episode": {"sound": "pop"}}).status_code == 201
    same_site = client.post(
        "/v1/diary", json={"episode": {}}, headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"}
    )
    assert same_site.status_code == 201
    assert client.post("/v1/assess", json={}).status_code == 200  # no diary, no header needed


def test_the_one_person_service_refuses_a_network_address(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from backpop.cli import main; sys.exit(main())",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"BACKPOP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"},
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--multi-user" in lines[0]


def test_hsts_is_sent_when_the_service_is_behind_https(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app(secure_cookies=True)) as c:
        assert c.get("/").headers["strict-transport-security"].startswith("max-age=")
    with TestClient(make_app()) as c:
        assert "strict-transport-security" not in c.get("/").headers


def _spray(base: str, forwarded: bool) -> list[int]:
    """Sign-in attempts on many account names, each claiming a new client address."""
    statuses = []
    with httpx.Client(base_url=base, timeout=30) as c:
        for i in range(24):
            headers = {"x-forwarded-for": f"192.0.2.{i + 1}"} if forwarded else {}
            statuses.append(
                c.post(
                    "/v1/tokens", json={"username": f"name{i}", "password": "a wrong password"}, headers=headers
                ).status_code
            )
    return statuses


def test_a_forged_forwarded_for_header_does_not_escape_the_per_address_limit(tmp_path):
    with served(tmp_path, "--multi-user", "--db", str(tmp_path / "d.sqlite3")) as (base, _):
        statuses = _spray(base, forwarded=True)
    assert statuses[:20] == [401] * 20 and 429 in statuses[20:]


def test_forwarded_for_is_believed_from_a_named_proxy(tmp_path):
    with served(
        tmp_path, "--multi-user", "--db", str(tmp_path / "d.sqlite3"), "--forwarded-allow-ips", "127.0.0.1"
    ) as (base, _):
        statuses = _spray(base, forwarded=True)
    assert statuses == [401] * 24


@pytest.mark.parametrize(
    "listen",
    [
        {"events": [{"kind": "pop"}, "not an event"], "duration_s": "long"},
        {"events": "none"},
        [1, 2, 3],
    ],
)
def test_an_imported_recording_with_a_malformed_listen_result_still_shows(client, db_url, listen):
    from backpop.diary import Diary

    with Diary(db_url) as diary:
        diary.import_(
            {
                "format": "backpop-diary",
                "format_version": 1,
                "recordings": [{"recorded_at": "2026-01-01T00:00:00", "listen": listen}],
            }
        )
    page = client.get("/diary/entry/r1")
    assert page.status_code == 200
    assert "not in a form backpop can show" in page.text
