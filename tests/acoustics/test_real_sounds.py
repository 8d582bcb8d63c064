"""Real everyday sounds that are not joint sounds (typing, speech, drums, system sounds: the
Debian packages of scripts/real_sounds.yaml, fetched by `make corpus`) give no joint-sound
evidence: at most 5% of the files of the packages held out from training, and of the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backpop.acoustics import listen

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
MANIFEST = CORPUS / "manifest.json"
pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="the real-sound corpus is not fetched (make corpus)")


def _share_with_evidence(split: str) -> tuple[float, list[str]]:
    items = [m for m in json.loads(MANIFEST.read_text()) if m["split"] == split]
    called = [m["file"] for m in items if listen(CORPUS / m["file"]).summary.evidence]
    return len(called) / len(items), called


@pytest.mark.parametrize("split", ["heldout", "train"])
def test_real_non_joint_sounds_rarely_become_joint_sound_evidence(split):
    share, called = _share_with_evidence(split)
    assert share <= 0.05, called
