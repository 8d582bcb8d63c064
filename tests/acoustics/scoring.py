"""Scoring detected events against a corpus's ground truth (used by the accuracy tests)."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Pop and click onsets match within 10 ms (the issue's evaluation rule).
ONSET_TOLERANCE_S = 0.010
JOINT = ("pop", "click", "crepitus", "clunk")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    kind_right: int = 0
    evidence_right: int = 0
    evidence_files: int = 0
    onset_errors_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return 2 * self.tp / max(2 * self.tp + self.fp + self.fn, 1)

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / max(self.tp, 1)

    @property
    def evidence_accuracy(self) -> float:
        return self.evidence_right / max(self.evidence_files, 1)


def _matches(truth: dict, pred: dict) -> bool:
    if truth["kind"] in ("pop", "click"):
        return abs(pred["start_s"] - truth["start_s"]) <= ONSET_TOLERANCE_S
    return pred["start_s"] < truth["end_s"] and pred["end_s"] > truth["start_s"]


def score_file(name: str, truth: dict, result: dict, score: Score) -> None:
    """Add one file's matches to ``score``. ``result`` is the listen JSON dict."""
    t_events = [e for e in truth["events"] if e["kind"] in JOINT]
    p_events = [e for e in result["events"] if e["kind"] in JOINT]
    used: set[int] = set()
    for t in t_events:
        cands = [
            (abs(p["start_s"] - t["start_s"]), -int(p["kind"] == t["kind"]), j)
            for j, p in enumerate(p_events)
            if j not in used and _matches(t, p)
        ]
        if not cands:
            score.fn += 1
            score.failures.append(f"{name}: missed {t['kind']} at {t['start_s']:.3f}")
            continue
        _, _, j = min(cands)
        used.add(j)
        score.tp += 1
        p = p_events[j]
        if t["kind"] in ("pop", "click"):
            score.onset_errors_ms.append((p["start_s"] - t["start_s"]) * 1000.0)
        if p["kind"] == t["kind"]:
            score.kind_right += 1
        else:
            score.failures.append(f"{name}: {t['kind']} at {t['start_s']:.3f} called {p['kind']}")
    for j, p in enumerate(p_events):
        if j not in used:
            score.fp += 1
            score.failures.append(f"{name}: extra {p['kind']} at {p['start_s']:.3f}")
    if truth["evidence"]:
        score.evidence_files += 1
        if result["summary"]["evidence"] == truth["evidence"]:
            score.evidence_right += 1
        else:
            score.failures.append(f"{name}: evidence {result['summary']['evidence']} expected {truth['evidence']}")
