"""Every public vignette's narrative leads to the same disposition as the episode recorded for it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backpop import Episode, assess
from backpop.narrative import understand

# The shared clinical material lives next to the repository, not inside it.
VIGNETTES = Path(__file__).resolve().parents[2] / ".." / "shared" / "vignettes" / "public.yaml"


def _cases() -> list[dict]:
    if not VIGNETTES.exists():
        return []
    return yaml.safe_load(VIGNETTES.read_text(encoding="utf-8"))


CASES = _cases()


@pytest.mark.skipif(not CASES, reason=f"public vignettes not found at {VIGNETTES}")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES] or None)
def test_the_narrative_gives_the_same_disposition_as_the_recorded_episode(case: dict) -> None:
    read = understand(case["narrative"]).episode
    recorded = Episode.model_validate(case["episode"])
    assert assess(read).disposition == assess(recorded).disposition


@pytest.mark.skipif(not CASES, reason=f"public vignettes not found at {VIGNETTES}")
def test_no_narrative_misses_a_red_flag_its_episode_records() -> None:
    for case in CASES:
        read = understand(case["narrative"]).episode.known()
        for name, value in case["episode"].items():
            if value is True:
                assert read.get(name) is True, (case["id"], name)
