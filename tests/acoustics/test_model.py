"""The shipped classifier: small, plain JSON, matching this version's features."""

from __future__ import annotations

import json

import numpy as np

from backpop.acoustics.classify import MODEL_PATH, AcousticModel, load_model
from backpop.acoustics.features import FEATURE_NAMES
from backpop.acoustics.kinds import EVENT_KINDS as KINDS


def test_model_file_is_small_plain_json():
    text = MODEL_PATH.read_text()
    assert len(text) < 50_000
    data = json.loads(text)
    assert data["format"] == "backpop-acoustic-mlp/1"
    assert data["features"] == list(FEATURE_NAMES) and data["classes"] == list(KINDS)


def test_model_round_trips_through_json():
    model = load_model()
    again = AcousticModel.from_json_dict(json.loads(json.dumps(model.to_json_dict())))
    x = np.random.default_rng(0).normal(size=(5, len(FEATURE_NAMES))) * model.scale + model.mean
    assert np.allclose(model.predict_proba(x), again.predict_proba(x))
    assert np.allclose(model.predict_proba(x).sum(axis=1), 1.0)


def test_training_is_deterministic():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "train_acoustic_model", Path(__file__).parents[2] / "scripts" / "train_acoustic_model.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, len(FEATURE_NAMES)))
    y = rng.integers(0, len(KINDS), size=200)
    a = mod.train_mlp(x, y, hidden=4, steps=50, seed=0).to_json_dict()
    b = mod.train_mlp(x, y, hidden=4, steps=50, seed=0).to_json_dict()
    assert json.dumps(a) == json.dumps(b)
