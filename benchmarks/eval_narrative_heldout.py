"""Held-out evaluation of the narrative reader against tests/narrative/heldout.yaml.

Usage: python benchmarks/eval_narrative_heldout.py [HELDOUT_YAML]

The held-out texts were written independently of the reader and its sentence set. For each
text the reader's facts (understand(text).episode.known()) are compared with the labelled
facts. Prints per-field precision/recall/F1, overall micro figures, red-flag recall,
disposition agreement (assess on the read episode vs. assess on the labelled episode, with
under- and over-triage counts) and every mismatch. A report, not a gate: always exits 0.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from backpop import Episode, assess
from backpop.episode import red_flag_fields
from backpop.knowledge import knowledge
from backpop.narrative import understand

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "tests" / "narrative" / "heldout.yaml"
WEEKS_TOLERANCE = 0.20
#: The warning signs that an urgent or emergency rule reads.
RED_FLAGS = tuple(f for f in red_flag_fields() if f in knowledge().urgent_rule_fields)


def same_value(name: str, got: Any, expected: Any) -> bool:
    if name == "weeks":
        try:
            return abs(float(got) - float(expected)) <= WEEKS_TOLERANCE * abs(float(expected))
        except (TypeError, ValueError):
            return False
    return got == expected


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    mismatches: list[tuple[str, str, Any, Any]] = []
    flags_total = flags_found = 0
    missed_flags: list[tuple[str, str, Any]] = []
    agree = under = over = 0
    triage_rows: list[tuple[str, str, str, str]] = []
    errors: list[tuple[str, str]] = []

    for case in cases:
        cid, text, truth = case["id"], case["text"], case.get("facts") or {}
        try:
            got = understand(text).episode.known()
        except Exception as exc:  # a report: record and carry on
            errors.append((cid, f"{type(exc).__name__}: {exc}"))
            got = {}
        for name in sorted(set(truth) | set(got)):
            e, g = truth.get(name), got.get(name)
            if e is not None and g is not None and same_value(name, g, e):
                tp[name] += 1
                continue
            if g is not None:
                fp[name] += 1
            if e is not None:
                fn[name] += 1
            mismatches.append((cid, name, e, g))
        for name in RED_FLAGS:
            if truth.get(name) is True:
                flags_total += 1
                if got.get(name) is True:
                    flags_found += 1
                else:
                    missed_flags.append((cid, name, got.get(name)))
        expected_disp = assess(Episode(**truth)).disposition
        try:
            got_disp = assess(Episode.model_validate(got)).disposition
        except Exception as exc:
            errors.append((cid, f"assess failed: {type(exc).__name__}: {exc}"))
            continue
        if got_disp == expected_disp:
            agree += 1
            continue
        kind = "UNDER" if got_disp.level < expected_disp.level else "over"
        if kind == "UNDER":
            under += 1
        else:
            over += 1
        triage_rows.append((cid, kind, expected_disp.value, got_disp.value))

    names = sorted(set(tp) | set(fp) | set(fn))
    print(f"held-out narrative evaluation: {len(cases)} texts ({path.name})\n")
    print(f"{'field':<24}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for name in names:
        p, r, f = prf(tp[name], fp[name], fn[name])
        print(f"{name:<24}{p:>7.3f}{r:>7.3f}{f:>7.3f}{tp[name]:>5}{fp[name]:>5}{fn[name]:>5}")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p, r, f = prf(T, F, N)
    print(f"{'overall (micro)':<24}{p:>7.3f}{r:>7.3f}{f:>7.3f}{T:>5}{F:>5}{N:>5}")
    rf = flags_found / flags_total if flags_total else 1.0
    print(f"\nred-flag recall: {rf:.3f} ({flags_found}/{flags_total})")
    n = len(cases)
    print(f"disposition agreement: {agree}/{n} ({agree / n:.1%}); under-triaged: {under}; over-triaged: {over}")
    if errors:
        print("\nerrors:")
        for cid, msg in errors:
            print(f"  {cid}: {msg}")
    print("\nred flags missed (id, field, got):")
    for cid, name, g in missed_flags or [("-", "none", "")]:
        print(f"  {cid}  {name}  {g!r}" if cid != "-" else "  none")
    print("\ndisposition mismatches (id, kind, expected, got):")
    for row in triage_rows or [("-", "", "", "")]:
        print(f"  {row[0]}  {row[1]:<5}  expected {row[2]:<9}  got {row[3]}" if row[0] != "-" else "  none")
    print("\nfact mismatches (id, field, expected, got):")
    for cid, name, e, g in mismatches:
        print(f"  {cid}  {name:<22}  expected {e!r:<22}  got {g!r}")
    return 0


if __name__ == "__main__":
    main(sys.argv)
    sys.exit(0)
