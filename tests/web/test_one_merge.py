"""One way to merge a recording: the same episode and recording give the same Assessment through
the command line, the HTTP API and the web page, and the diary keeps the merged facts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .web_helpers import NO_WARNING_SIGNS, csrf, state_json

#: Everything a person would answer, with the sound left for the recording to tell.
EPISODE = {
    "region": "lower_back",
    "activity": "twisting",
    "pain": "none",
    **NO_WARNING_SIGNS,
    "age": 34,
    "giving_way": False,
    "self_adjusting": "never",
    "frequency": "occasionally",
    "pain_with_sound": "never",
}


@pytest.fixture(scope="module")
def recording(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rec") / "thrust.wav"
    subprocess.run(
        [sys.executable, "-m", "backpop.cli", "synth", "thrust", "--out", str(path), "--seed", "3"],
        check=True,
        capture_output=True,
    )
    return path


def _same(a: dict, b: dict) -> None:
    for key in ("disposition", "headline", "notes", "episode", "provisional", "red_flags"):
        assert a[key] == b[key], key
    assert [s["id"] for s in a["likely_sources"]] == [s["id"] for s in b["likely_sources"]]


def test_the_cli_the_api_and_the_web_page_give_one_assessment_for_a_recording(client, recording, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "backpop.cli", "assess", "-", "--recording", str(recording), "--json"],
        input=json.dumps(EPISODE),
        capture_output=True,
        text=True,
        check=True,
    )
    cli = json.loads(done.stdout)
    assert cli["episode"]["sound"] == "pop" and any("recording" in n for n in cli["notes"])

    listened = client.post("/v1/listen", files={"file": ("thrust.wav", recording.read_bytes(), "audio/wav")}).json()
    api = client.post(
        "/v1/assess/recording", json={"episode": EPISODE, "evidence": listened["summary"]["evidence"]}
    ).json()
    _same(cli, api)

    page = client.get("/recording").text
    heard = client.post(
        "/recording",
        data={"csrf_token": csrf(page)},
        files={"file": ("thrust.wav", recording.read_bytes(), "audio/wav")},
    ).text
    state = state_json(heard)
    state["answers"] = EPISODE
    state["details"] = {"side": "middle"}
    result = client.post(
        "/interview", data={"csrf_token": csrf(heard), "state": json.dumps(state), "action": "continue"}
    ).text
    assert 'data-disposition="' + cli["disposition"] + '"' in result
    for note in cli["notes"]:
        assert note.replace("'", "&#39;") in result


def test_saving_a_recorded_episode_keeps_what_the_recording_added(recording, tmp_path):
    db = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    subprocess.run(
        [sys.executable, "-m", "backpop.cli", "assess", "-", "--recording", str(recording), "--save", "--db", db],
        input=json.dumps(EPISODE),
        capture_output=True,
        text=True,
        check=True,
    )
    from backpop.diary import Diary

    with Diary(db) as diary:
        saved = diary.get(diary.list(limit=5)[0].ref)
    assert "sound" not in EPISODE
    assert saved["facts"]["sound"] == "pop" and saved["facts"]["repeat"] == "not_for_a_while"
    assert saved["facts"]["activity"] == "twisting"
