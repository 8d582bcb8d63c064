"""Per-fact precision, recall and F1 of the narrative reader over its sentence set.

Usage: python benchmarks/eval_narrative.py [SENTENCES_YAML]

Prints one row per Episode field, the overall (micro-averaged) figures, red-flag recall and the
uncertainty marks, and exits with status 1 when a target is missed: red-flag recall must be 100%
(a red flag that is stated is never missed) and overall per-fact F1 at least 0.9.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from backpop.narrative import RED_FLAG_FIELDS, understand

DEFAULT_SENTENCES = Path(__file__).resolve().parents[1] / "tests" / "narrative" / "sentences.yaml"
RED_FLAG_RECALL_TARGET = 1.0
F1_TARGET = 0.9


def same_value(name: str, got: Any, expected: Any) -> bool:
    """Equal, with durations within 10% or 0.15 week (rounding of days and months)."""
    if name == "weeks" and got is not None and expected is not None:
        return abs(float(got) - float(expected)) <= max(0.15, 0.1 * float(expected))
    return got == expected


def is_red_flag(name: str, value: Any) -> bool:
    return (name in RED_FLAG_FIELDS and value is True) or (name == "activity" and value == "high_energy_trauma")


@dataclass
class Scores:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    red_flags: int = 0
    red_flags_found: int = 0
    uncertain_expected: int = 0
    uncertain_found: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, text: str, expected: dict[str, Any], uncertain: list[str]) -> None:
        understanding = understand(text)
        got = understanding.episode.known()
        for name in set(expected) | set(got):
            e, g = expected.get(name), got.get(name)
            if e is not None and g is not None and same_value(name, g, e):
                self.tp[name] += 1
                continue
            if g is not None:
                self.fp[name] += 1
            if e is not None:
                self.fn[name] += 1
            self.misses.append(f"{name}: got {g!r}, expected {e!r}  <- {text}")
        for name, value in expected.items():
            if is_red_flag(name, value):
                self.red_flags += 1
                self.red_flags_found += got.get(name) == value
        for name in uncertain:
            self.uncertain_expected += 1
            fact = understanding.fact(name)
            self.uncertain_found += bool(fact and fact.uncertain)

    def prf(self, names: list[str] | None = None) -> tuple[float, float, float]:
        keys = names if names is not None else list(set(self.tp) | set(self.fp) | set(self.fn))
        tp = sum(self.tp[k] for k in keys)
        fp = sum(self.fp[k] for k in keys)
        fn = sum(self.fn[k] for k in keys)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def red_flag_recall(self) -> float:
        return self.red_flags_found / self.red_flags if self.red_flags else 1.0


def evaluate(path: Path = DEFAULT_SENTENCES) -> Scores:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    scores = Scores()
    for case in cases:
        scores.add(case["text"], case.get("facts") or {}, case.get("uncertain") or [])
    return scores


def report(scores: Scores, sentences: int) -> str:
    lines = [f"{'fact':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>5}"]
    names = sorted(set(scores.tp) | set(scores.fp) | set(scores.fn))
    for name in names:
        p, r, f = scores.prf([name])
        n = scores.tp[name] + scores.fn[name]
        lines.append(f"{name:<24}{p:>10.3f}{r:>8.3f}{f:>7.3f}{n:>5}")
    p, r, f = scores.prf()
    lines.append(f"{'overall (micro)':<24}{p:>10.3f}{r:>8.3f}{f:>7.3f}")
    lines.append(
        f"sentences: {sentences}; red-flag recall: {scores.red_flag_recall:.3f} "
        f"({scores.red_flags_found}/{scores.red_flags}); hedges marked uncertain: "
        f"{scores.uncertain_found}/{scores.uncertain_expected}"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_SENTENCES
    scores = evaluate(path)
    sentences = len(yaml.safe_load(path.read_text(encoding="utf-8")))
    print(report(scores, sentences))
    if scores.misses:
        print("\nmismatches:")
        for line in scores.misses:
            print("  " + line)
    _, _, f1 = scores.prf()
    failed = []
    if scores.red_flag_recall < RED_FLAG_RECALL_TARGET:
        failed.append(f"red-flag recall {scores.red_flag_recall:.3f} < {RED_FLAG_RECALL_TARGET}")
    if f1 < F1_TARGET:
        failed.append(f"overall F1 {f1:.3f} < {F1_TARGET}")
    if failed:
        print("\nTARGETS MISSED: " + "; ".join(failed))
        return 1
    print(f"\ntargets met: red-flag recall = 1.0, overall F1 >= {F1_TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
