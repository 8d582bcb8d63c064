"""`backpop serve --workers 2` on one PostgreSQL server: sign-in limits, sessions, diary writes and
the recording queue hold across the workers, because they are kept in the database."""

from __future__ import annotations

import re

import httpx
import pytest

from .served import served
from .web_helpers import csrf

PASSWORD = "correct horse battery"


def _fresh(base: str) -> httpx.Client:
    # A new connection per request, so that requests land on either worker.
    return httpx.Client(base_url=base, timeout=30, headers={"connection": "close"}, follow_redirects=True)


def test_two_workers_share_sessions_sign_in_limits_and_the_diary(tmp_path, pg_url):
    with served(tmp_path, "--multi-user", "--db", pg_url, "--workers", "2") as (base, log):
        with _fresh(base) as alice:
            page = alice.get("/signup").text
            signed_up = alice.post(
                "/signup",
                data={"csrf_token": csrf(page), "username": "alice", "password": PASSWORD, "password_again": PASSWORD},
            )
            assert signed_up.status_code == 200 and signed_up.url.path == "/diary"
            assert all(alice.get("/diary").status_code == 200 for _ in range(20))  # the session, on both
            token = alice.post("/v1/tokens", json={"username": "alice", "password": PASSWORD}).json()["token"]
            auth = {"authorization": f"Bearer {token}"}
            made = [alice.post("/v1/diary/cracks", headers=auth).status_code for _ in range(40)]
            assert made == [201] * 40
            entries = alice.get("/v1/diary", params={"limit": 1000}, headers=auth).json()["entries"]
            assert len(entries) == 40
        with _fresh(base) as attacker:
            statuses = [
                attacker.post("/v1/tokens", json={"username": "alice", "password": f"guess {i}"}).status_code
                for i in range(8)
            ]
        assert statuses[:6] == [401] * 6 and statuses[6:] == [429, 429]
        text = log.read_text()
    served_by = set(re.findall(r"\[(\d+)\] \S+ \"GET /diary\" 200", text))
    assert len(served_by) == 2, text[-2000:]  # both workers answered


def test_the_recording_queue_is_one_for_all_workers(pg_url):
    from backpop.diary import Diary
    from backpop.web.problems import WebError
    from backpop.web.uploads import SharedAnalysisPool

    with Diary(pg_url) as first, Diary(pg_url) as second:  # two workers' connections
        one = SharedAnalysisPool(1, 0, first.engine, wait_s=0.2)
        other = SharedAnalysisPool(1, 0, second.engine, wait_s=0.2)
        with one.slot():
            with pytest.raises(WebError) as busy, other.slot():
                pass
            assert busy.value.status == 503
        with other.slot():  # free again once the first is done
            pass


def test_several_workers_need_postgresql(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from backpop.cli import main; sys.exit(main())",
            "serve",
            "--multi-user",
            "--workers",
            "2",
            "--db",
            str(tmp_path / "d.sqlite3"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "postgresql" in done.stderr
