"""Which side is read from the person's words and kept for the clinician, beside the Episode (whose
fields are exactly the policy's): never taken from 'right now' or 'I left', and never a triage fact."""

from __future__ import annotations

import pytest

from backpop.narrative import understand


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("My left leg tingles since the pop", "left"),
        ("pain down the right side of my lower back", "right"),
        ("It went pop on the left side", "left"),
        ("both legs feel numb after it cracked", "both"),
        ("my left hip and my right leg hurt", "both"),
        ("grinding in the middle of my back", "middle"),
        ("it clicks right now when I turn", None),
        ("I left work early because my back popped", None),
        ("all right, it popped right away", None),
    ],
)
def test_the_side_is_read_from_the_words(text, side):
    read = understand(text)
    assert (read.side.value if read.side else None) == side
    if side:
        assert text[read.side.start : read.side.end] == read.side.span
    assert "side" not in read.episode.known()  # not a triage fact


def test_the_side_is_kept_in_the_clinician_report(tmp_path):
    from backpop import Episode, assess
    from backpop.diary import Diary
    from backpop.diary.report import build_report

    with Diary(str(tmp_path / "d.sqlite3")) as diary:
        episode = Episode(radiating_pain=True, pain="moderate")
        diary.save_assessment(episode, assess(episode), text="the pain goes down my right leg")
        page = build_report(diary).html()
    assert "<dt>Which side</dt><dd>Right (from their own words)</dd>" in page


def test_the_api_and_the_page_show_the_side_read(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from backpop.web.app import WebSettings, create_app

    monkeypatch.setenv("BACKPOP_DATA_DIR", str(tmp_path))
    with TestClient(create_app(WebSettings(db_url=f"sqlite:///{tmp_path / 'd.sqlite3'}"))) as client:
        body = client.post("/v1/assess/text", json={"text": "my left leg tingles since my back popped"}).json()
        assert body["side"]["value"] == "left" and body["side"]["span"] == "left leg"
