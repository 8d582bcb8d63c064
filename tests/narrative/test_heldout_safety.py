"""Safety floor on the held-out sets: once a set's warning signs are all read, a change to the
reader may not lose one again, nor send anyone to a lower level than their labelled facts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backpop import Episode, assess
from backpop.episode import red_flag_fields
from backpop.knowledge import knowledge
from backpop.narrative import understand

HERE = Path(__file__).parent
#: The warning signs that an urgent or emergency rule reads.
RED_FLAGS = tuple(f for f in red_flag_fields() if f in knowledge().urgent_rule_fields)
SETS = sorted(HERE.glob("heldout*.yaml"))


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_no_warning_sign_is_missed_and_nobody_is_under_triaged(path):
    missed, under = [], []
    for case in yaml.safe_load(path.read_text()):
        read = understand(case["text"]).episode
        got = read.known()
        for name in RED_FLAGS:
            if case["facts"].get(name) is True and got.get(name) is not True:
                missed.append((case["id"], name))
        expected = assess(Episode(**case["facts"])).disposition.level
        if assess(read).disposition.level < expected:
            under.append(case["id"])
    assert missed == [] and under == []
