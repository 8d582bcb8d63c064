"""The safe front door, end to end over HTTP: a story, then the interview answered truthfully,
never ends at a lower level than the story's true facts; the one-shot reading is provisional."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from eval_flow import LEVELS, PUBLIC, load_cases, walk  # noqa: E402

from backpop import Episode, assess  # noqa: E402

HELDOUT = sorted((ROOT / "tests" / "narrative").glob("heldout*.yaml"))


@pytest.mark.parametrize("path", HELDOUT, ids=[p.stem for p in HELDOUT])
def test_the_whole_flow_never_ends_below_the_true_level(client, path):
    under = []
    for case in load_cases(path):
        expected = assess(Episode(**case["facts"])).disposition.value
        result = walk(client, case["text"], case["facts"])
        if LEVELS[result["flow"]] < LEVELS[expected]:
            under.append((case["id"], expected, result["flow"]))
    assert under == []


@pytest.mark.skipif(not PUBLIC.exists(), reason="the public vignettes (../shared/vignettes) are not beside this clone")
def test_public_vignette_stories_end_at_their_level_in_at_most_twelve_questions_as_a_median(client):
    screens, wrong = [], []
    for case in load_cases(PUBLIC):
        expected = assess(Episode(**case["facts"])).disposition.value
        result = walk(client, case["text"], case["facts"])
        screens.append(result["screens"])
        if result["flow"] != expected:
            wrong.append((case["id"], expected, result["flow"]))
    assert wrong == []
    assert statistics.median(screens) <= 12


def test_a_one_shot_story_is_provisional_with_one_next_step(client):
    body = client.post("/v1/assess/text", json={"text": "my back popped when I twisted, it doesn't hurt"}).json()
    assert body["provisional"] is True and body["still_to_answer"]
    assert "Nothing to worry about" not in body["time_frame"] + body["headline"]
    assert "short question" in body["headline"] and body["next_step"]


def test_after_the_interview_the_result_is_final(client):
    text = "my back popped when I twisted, it doesn't hurt"
    result = walk(client, text, {"sound": "pop", "activity": "twisting", "pain": "none"})
    assert result["provisional_first"] is True and result["provisional_final"] is False
    assert result["flow"] == "self_care"
