"""No health data in logs: distinctive values sent to every kind of route appear in no log line."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import httpx

from .served import served
from .web_helpers import csrf

#: Values no log line would contain by chance.
SECRET_TEXT = "zanzibarquokka"
SECRET_AGE = 117
SECRET_WEEKS = 4321.5
MARKERS = (SECRET_TEXT, str(SECRET_AGE), "4321")


def _leaks(marker: str, text: str) -> bool:
    """The marker as a whole value, so a port like 41179, a time like 117.2ms or the milliseconds
    of a log timestamp (09:59:13,117) are not a leak."""
    return (
        re.search(rf"(?<![0-9.]){re.escape(marker)}(?![0-9])(?!\.[0-9]+ms)", re.sub(r"\d\d:\d\d:\d\d,\d{3}", "", text))
        is not None
    )


def exercise(client) -> None:
    client.post("/v1/assess", json={"age": SECRET_AGE, "weeks": SECRET_WEEKS, "sound": "pop"})
    client.post("/v1/assess", json={"age": SECRET_AGE, "sound": SECRET_TEXT})  # invalid: echoed only in the response
    client.post("/v1/assess/text", json={"text": f"my {SECRET_TEXT} back popped, I am {SECRET_AGE}"})
    client.post("/v1/interview/next", json={"answers": {"age": SECRET_AGE, "weeks": SECRET_WEEKS}})
    client.get(f"/?note={SECRET_TEXT}&age={SECRET_AGE}")
    page = client.get("/").text
    client.post("/understand", data={"csrf_token": csrf(page), "text": f"{SECRET_TEXT} age {SECRET_AGE}"})
    client.post(
        "/interview",
        data={
            "csrf_token": csrf(page),
            "field": "age",
            "answer": str(SECRET_AGE),
            "state": '{"answers": {"weeks": 4321.5}}',
        },
    )
    client.post(
        "/diary/save",
        data={"csrf_token": csrf(page), "state": f'{{"answers": {{"age": {SECRET_AGE}}}, "text": "{SECRET_TEXT}"}}'},
    )
    client.post("/v1/listen", files={"file": (f"{SECRET_TEXT}.wav", b"not audio " + SECRET_TEXT.encode(), "audio/wav")})


def test_in_process_logs_hold_no_health_data(client, caplog):
    caplog.set_level(logging.DEBUG)
    exercise(client)
    # httpx and httpcore log the test client's own requests (client side, not the service).
    lines = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any('"POST /v1/assess"' in line for line in lines), "the access log is written"
    for marker in MARKERS:
        assert not any(_leaks(marker, line) for line in lines), marker


def test_the_served_process_logs_no_health_data(tmp_path: Path):
    """The real `backpop serve` process: uvicorn's own logs and backpop's access log."""
    with served(tmp_path) as (base, log), httpx.Client(base_url=base, timeout=30) as client:
        exercise(client)
    text = log.read_text()
    assert "backpop is running at" in text
    assert '"POST /v1/assess" 200' in text and '"GET / " ' not in text
    for marker in MARKERS:
        assert not _leaks(marker, text), f"{marker} in server output:\n{text}"
