"""The sentence-set benchmark meets its targets: every red flag found, per-fact F1 at least 0.9."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "eval_narrative.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("eval_narrative", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_red_flag_recall_is_complete_and_per_fact_f1_meets_the_target() -> None:
    bench = _benchmark()
    scores = bench.evaluate()
    assert scores.red_flag_recall == 1.0
    assert scores.prf()[2] >= bench.F1_TARGET
