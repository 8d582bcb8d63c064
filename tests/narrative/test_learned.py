"""The learned second reader: it adds what the lexicon left silent, marked uncertain, and never lowers."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from backpop import assess
from backpop.narrative import learned, understand

REPO = Path(__file__).resolve().parents[2]
TRAINER = REPO / "scripts" / "train_reader_model.py"


def _trainer():
    spec = importlib.util.spec_from_file_location("train_reader_model", TRAINER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def use_model(monkeypatch, tmp_path):
    """Swap in a model written for the test (weights chosen by hand); restored afterwards."""

    def write(targets: dict, threshold: float = 0.8) -> None:
        path = tmp_path / "model.json"
        path.write_text(json.dumps({"threshold": threshold, "targets": targets}), encoding="utf-8")
        monkeypatch.setattr(learned, "MODEL_PATH", path)
        learned.model.cache_clear()

    yield write
    learned.model.cache_clear()


def _fires_on(word: str, weight: float = 8.0) -> dict:
    return {"bias": -4.0, "weights": {word: weight}}


def test_a_sign_the_lexicon_did_not_read_is_added_uncertain_and_raises_the_level(use_model) -> None:
    text = "my back popped when I lifted the shopping and now the plumbing feels wrong"
    assert understand(text).episode.bladder_bowel_change is None
    use_model({"bladder_bowel_change": _fires_on("plumbing")})
    read = understand(text)
    assert read.episode.bladder_bowel_change is True
    fact = read.fact("bladder_bowel_change")
    assert fact.uncertain, "a learned fact is a suggestion to confirm, never the person's answer"
    assert fact.span == "plumbing", "the words it was read from are shown"
    assert assess(read.episode).disposition.value == "emergency"


def test_a_sign_the_lexicon_read_as_denied_is_kept_denied(use_model) -> None:
    use_model({"bladder_bowel_change": _fires_on("bladder")})
    read = understand("my back clicked; no problems with my bladder or bowels")
    assert read.episode.bladder_bowel_change is False


def test_below_the_threshold_nothing_is_added(use_model) -> None:
    use_model({"fever": _fires_on("toasty", weight=4.5)})  # probability 0.62 < 0.8
    assert understand("my neck popped and I feel toasty").episode.fever is None


def test_a_mechanism_only_ever_goes_up(use_model) -> None:
    use_model({"activity:heavy_lift": _fires_on("crate"), "activity:high_energy_trauma": _fires_on("motorway")})
    read = understand("twisted round to grab a crate and my back popped")
    assert read.episode.activity == "heavy_lift"
    assert read.fact("activity").uncertain
    # The lexicon's fall from a ladder is not lowered to a lift, whatever the model says.
    assert understand("fell off a ladder onto a crate and my back cracked").episode.activity in (
        "fall",
        "high_energy_trauma",
    )
    # Two mechanisms at once: the one of higher risk.
    assert understand("stretched on the motorway verge by a crate, back popped").episode.activity == (
        "high_energy_trauma"
    )


def test_an_absent_or_damaged_model_leaves_the_lexicon_alone(monkeypatch, tmp_path) -> None:
    text = "my lower back popped when I bent down, no pain"
    expected = understand(text).episode
    for content in (None, "{not json", '{"targets": 3}'):
        path = tmp_path / "model.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        monkeypatch.setattr(learned, "MODEL_PATH", path)
        learned.model.cache_clear()
        assert understand(text).episode == expected
    learned.model.cache_clear()


def test_the_shipped_model_is_built_from_every_story_set() -> None:
    """Adding or changing a story set means training again (`make reader-model`)."""
    trainer = _trainer()
    data = learned.model()
    paths = trainer.story_sets()
    assert data["sets"] == [p.name for p in paths], "run `make reader-model`: the story sets changed"
    assert data["built_from"] == trainer.digest(paths), "run `make reader-model`: a story set changed"
    assert set(data["targets"]) == set(trainer.targets())


def test_the_targets_come_from_the_rules() -> None:
    targets = _trainer().targets()
    assert {"saddle_numbness", "bladder_bowel_change", "progressive_weakness", "fever"} <= set(targets)
    mechanisms = {t.removeprefix(learned.ACTIVITY) for t in targets if t.startswith(learned.ACTIVITY)}
    assert mechanisms == {"heavy_lift", "fall", "high_energy_trauma"}
    assert "side" not in targets and "age" not in targets


def test_training_is_repeatable_byte_for_byte(tmp_path) -> None:
    outs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        subprocess.run(
            [sys.executable, str(TRAINER), "--up-to", "2", "--out", str(out)],
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["sets"] == ["heldout.yaml", "heldout2.yaml"]


def test_the_learned_reader_never_lowers_a_level(monkeypatch) -> None:
    """On a sample of every story set, the level with the learned reader is never below the lexicon's."""
    stories = [
        case["text"]
        for path in _trainer().story_sets()
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))[::9]
    ]
    with_model = [assess(understand(t).episode).disposition.level for t in stories]
    monkeypatch.setattr(learned, "MODEL_PATH", Path("/nonexistent/model.json"))
    learned.model.cache_clear()
    try:
        alone = [assess(understand(t).episode).disposition.level for t in stories]
    finally:
        learned.model.cache_clear()
    assert all(a >= b for a, b in zip(with_model, alone, strict=True))
    assert any(a > b for a, b in zip(with_model, alone, strict=True)), "the model adds nothing on any story"


def test_a_fact_the_lexicon_set_aside_is_not_added(use_model) -> None:
    """What the text says of someone else, or of the past, stays theirs whatever the model says."""
    use_model({"numbness_tingling": _fires_on("needles"), "activity:high_energy_trauma": _fires_on("roof")})
    text = "My sister gets pins and needles in her feet; I only get a click in my mid-back."
    assert understand(text).episode.numbness_tingling is None
    read = understand("My husband fell off the roof last year. My back popped when I bent down")
    assert read.episode.activity == "bending"


def test_every_private_term_says_what_it_can_become() -> None:
    from backpop.narrative import lexicon

    private = {field for field, _, _, _ in lexicon.T if field.startswith("_")}
    assert private <= set(lexicon.PRIVATE_FIELDS)


def test_a_learned_fact_is_shown_as_a_guess_to_check(use_model, tmp_path, monkeypatch) -> None:
    """The API marks it `learned`; the story page and the terminal say it is a guess from the whole story."""
    from fastapi.testclient import TestClient

    from backpop.web.app import WebSettings, create_app
    from tests.web.web_helpers import csrf

    use_model({"bladder_bowel_change": _fires_on("plumbing")})
    text = "my back popped when I lifted the shopping and now the plumbing feels wrong"
    monkeypatch.setenv("BACKPOP_DATA_DIR", str(tmp_path))
    with TestClient(create_app(WebSettings(db_url=f"sqlite:///{tmp_path / 'd.sqlite3'}"))) as client:
        body = client.post("/v1/assess/text", json={"text": text}).json()
        read = {f["field"]: f for f in body["understood"]}
        assert read["bladder_bowel_change"]["learned"] is True and read["bladder_bowel_change"]["uncertain"]
        assert read["sound"]["learned"] is False
        assert body["disposition"] == "emergency" and body["provisional"] is True
        start = client.get("/").text
        story = client.post("/understand", data={"csrf_token": csrf(start), "text": text})
    assert "a guess from your story as a whole" in story.text
    assert "plumbing" in story.text
