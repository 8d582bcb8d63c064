"""Naming impulses: a small neural network over hand-designed features, then grouping.

The model is plain JSON (weights, feature means and scales), loaded with numpy; no
pickle. It is rebuilt from the synthesizer with a fixed seed by
``python scripts/train_acoustic_model.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from backpop.acoustics.detect import Impulse
from backpop.acoustics.features import FEATURE_NAMES, feature_matrix
from backpop.acoustics.kinds import EVENT_KINDS

MODEL_PATH = Path(__file__).with_name("acoustic_model.json")
MODEL_FORMAT = "backpop-acoustic-mlp/1"

#: Impulses of grinding this close together (end to next onset) are one crepitus
#: event: one stick-slip period at the slowest rate Widmalm et al. 1996 report
#: (16 - 9 = 7 Hz, about 143 ms), rounded up.
CREPITUS_GAP_S = 0.15
#: Clunk fragments starting within this of the first are one clunk: a clunk lasts
#: 50-150 ms (ACOUSTICS.md assumption), and its low-frequency ripple can re-trigger the
#: detector inside it.
CLUNK_SPAN_S = 0.15
#: Fragments of non-joint sound this close together are reported as one "other"
#: event (the same 150 ms, so a pause between syllables does not split speech).
OTHER_GAP_S = 0.15


#: In a run of pop, click and crepitus impulses (each within CREPITUS_GAP_S of the
#: next), grinding is the whole run when at least this share of its impulses look like
#: grinding; otherwise the few that do are the run's pops or clicks. A crepitus segment
#: is many micro-events (Widmalm 1996) of which some may look like a pop on their own;
#: a thrust is 2-9 pops (Mourad 2019) of which one may look like grinding. One third
#: is a judgement between the two, checked on held-out synthetic corpora (seeds 7 and
#: 11 of ``synth.write_corpus``), not tuned.
CREPITUS_SHARE = 1.0 / 3.0


def _settle_groups(impulses: list[Impulse], kinds: list[str], *, gap: int, share: float) -> list[str]:
    kinds = list(kinds)
    chainable = ("pop", "click", "crepitus")
    i = 0
    while i < len(kinds):
        if kinds[i] not in chainable:
            i += 1
            continue
        j, end = i, impulses[i].end
        members = [i]
        while j + 1 < len(kinds) and impulses[j + 1].start - end <= gap:
            j += 1
            end = max(end, impulses[j].end)
            if kinds[j] in chainable:
                members.append(j)
        n_crep = sum(kinds[m] == "crepitus" for m in members)
        if n_crep and n_crep >= share * len(members):
            for m in members:
                kinds[m] = "crepitus"
        elif n_crep:
            rest = [kinds[m] for m in members if kinds[m] != "crepitus"]
            common = max(set(rest), key=rest.count)
            for m in members:
                if kinds[m] == "crepitus":
                    kinds[m] = common
        i = j + 1
    return kinds


@dataclass
class AcousticModel:
    features: tuple[str, ...]
    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]
    meta: dict = field(default_factory=dict)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        h = (x - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.tanh(h)
        h = h - h.max(axis=1, keepdims=True)
        e = np.exp(h)
        return e / e.sum(axis=1, keepdims=True)

    def to_json_dict(self) -> dict:
        def r(a: np.ndarray) -> list:
            return np.round(a.astype(np.float64), 6).tolist()

        return {
            "format": MODEL_FORMAT,
            "features": list(self.features),
            "classes": list(self.classes),
            "mean": r(self.mean),
            "scale": r(self.scale),
            "layers": [{"weights": r(w), "bias": r(b)} for w, b in self.layers],
            "meta": self.meta,
        }

    @classmethod
    def from_json_dict(cls, d: dict) -> AcousticModel:
        if d.get("format") != MODEL_FORMAT:
            raise ValueError(f"unknown acoustic model format {d.get('format')!r}")
        return cls(
            features=tuple(d["features"]),
            classes=tuple(d["classes"]),
            mean=np.asarray(d["mean"], dtype=np.float64),
            scale=np.asarray(d["scale"], dtype=np.float64),
            layers=[
                (np.asarray(layer["weights"], dtype=np.float64), np.asarray(layer["bias"], dtype=np.float64))
                for layer in d["layers"]
            ],
            meta=d.get("meta", {}),
        )


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> AcousticModel:
    """Load the shipped model (or the one at ``path``)."""
    p = Path(path) if path else MODEL_PATH
    model = AcousticModel.from_json_dict(json.loads(p.read_text()))
    if model.features != FEATURE_NAMES or model.classes != EVENT_KINDS:
        raise ValueError(
            f"{p}: model features or classes do not match this version; rebuild it with scripts/train_acoustic_model.py"
        )
    return model


@dataclass
class SoundEvent:
    """One reported event: one impulse, or a group of impulses (crepitus, other)."""

    start: int
    end: int
    kind: str
    confidence: float
    peak_dbfs: float
    centroid_hz: float
    members: int = 1


def classify_impulses(impulses: list[Impulse], *, model: AcousticModel | None = None) -> np.ndarray:
    """Class probabilities, one row per impulse, columns in :data:`EVENT_KINDS` order."""
    if not impulses:
        return np.zeros((0, len(EVENT_KINDS)))
    m = model or load_model()
    return m.predict_proba(feature_matrix(impulses))


def assemble_events(
    impulses: list[Impulse],
    proba: np.ndarray,
    *,
    sample_rate: int,
    crepitus_gap_s: float = CREPITUS_GAP_S,
    other_gap_s: float = OTHER_GAP_S,
    crepitus_share: float = CREPITUS_SHARE,
    clunk_span_s: float = CLUNK_SPAN_S,
) -> list[SoundEvent]:
    """Turn classified impulses into events: grinding and non-joint fragments are grouped.

    A crepitus event spans its whole grinding segment; impulses of another kind inside
    that span (a micro-impact taken for a click) belong to it, except a clunk.
    """
    kinds = [EVENT_KINDS[int(i)] for i in np.argmax(proba, axis=1)] if len(impulses) else []
    kinds = _settle_groups(impulses, kinds, gap=int(crepitus_gap_s * sample_rate), share=crepitus_share)
    sr = sample_rate
    # Crepitus spans.
    spans: list[list[int]] = []  # [start, end, first index, last index]
    for i, (imp, k) in enumerate(zip(impulses, kinds, strict=True)):
        if k != "crepitus":
            continue
        if spans and imp.start - spans[-1][1] <= crepitus_gap_s * sr:
            spans[-1][1] = max(spans[-1][1], imp.end)
            spans[-1][3] = i
        else:
            spans.append([imp.start, imp.end, i, i])
    inside = np.full(len(impulses), -1)
    for s, (_, _, i0, i1) in enumerate(spans):
        for i in range(i0, i1 + 1):
            if kinds[i] != "clunk":
                inside[i] = s
    events: list[SoundEvent] = []
    col = {k: j for j, k in enumerate(EVENT_KINDS)}

    def make(members: list[int], kind: str) -> SoundEvent:
        imps = [impulses[i] for i in members]
        weights = np.array([10 ** (im.peak_frame_db / 10.0) for im in imps])
        return SoundEvent(
            start=min(im.start for im in imps),
            end=max(im.end for im in imps),
            kind=kind,
            confidence=float(np.mean(proba[members, col[kind]])),
            peak_dbfs=float(max(im.features["peak_dbfs"] for im in imps)),
            centroid_hz=float(np.average([im.features["centroid_hz"] for im in imps], weights=weights)),
            members=len(members),
        )

    for s, (_, _, i0, i1) in enumerate(spans):
        events.append(make([i for i in range(i0, i1 + 1) if inside[i] == s], "crepitus"))
    group: list[int] = []
    clunk: list[int] = []
    for i, k in enumerate(kinds):
        if inside[i] >= 0:
            continue
        if k == "other":
            if group and impulses[i].start - max(impulses[j].end for j in group) > other_gap_s * sr:
                events.append(make(group, "other"))
                group = []
            group.append(i)
        elif k == "clunk":
            if clunk and impulses[i].start - impulses[clunk[0]].start > clunk_span_s * sr:
                events.append(make(clunk, "clunk"))
                clunk = []
            clunk.append(i)
        else:
            events.append(make([i], k))
    if group:
        events.append(make(group, "other"))
    if clunk:
        events.append(make(clunk, "clunk"))
    events.sort(key=lambda e: (e.start, e.end))
    return events
