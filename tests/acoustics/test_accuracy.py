"""Accuracy on a synthetic corpus held out by seed from the model's training recordings.

The model is trained on seeds 1,000,000 and up (scripts/train_acoustic_model.py); this
corpus is seed 7 of ``write_corpus`` (recording seeds 700,021 and up).
"""

from __future__ import annotations

import json

import pytest

from backpop.acoustics import listen
from backpop.acoustics.synth import write_corpus

from .scoring import Score, score_file

HELD_OUT_SEED = 7
N_FILES = 60


@pytest.fixture(scope="module")
def corpus_score(tmp_path_factory) -> Score:
    d = tmp_path_factory.mktemp("corpus")
    truth = json.loads(write_corpus(d, n=N_FILES, seed=HELD_OUT_SEED).read_text())["files"]
    score = Score()
    for name, entry in truth.items():
        score_file(name, entry, listen(d / name).to_json_dict(), score)
    print(
        f"\nF1 {score.f1:.3f} (tp {score.tp}, fp {score.fp}, fn {score.fn}); kind accuracy "
        f"{score.kind_accuracy:.3f}; evidence {score.evidence_right}/{score.evidence_files}"
    )
    return score


def test_event_f1_at_least_0_95(corpus_score):
    assert corpus_score.f1 >= 0.95, corpus_score.failures


def test_kind_accuracy_at_least_0_95(corpus_score):
    assert corpus_score.kind_accuracy >= 0.95, corpus_score.failures


def test_file_evidence_right_in_90_percent_of_joint_sound_files(corpus_score):
    assert corpus_score.evidence_files >= N_FILES // 2
    assert corpus_score.evidence_accuracy >= 0.90, corpus_score.failures


def test_pop_and_click_onsets_within_5_ms(corpus_score):
    errors = corpus_score.onset_errors_ms
    assert errors and max(abs(e) for e in errors) <= 5.0
