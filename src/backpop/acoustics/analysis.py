"""Listening to one recording: decode, detect, describe, classify, summarise.

:func:`listen` streams the file block by block, so memory stays flat however long the
recording is; only the (few) detected impulses are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from backpop.acoustics.io import DEFAULT_BLOCK_FRAMES, LOCAL_LIMITS, Limits, iter_mono_blocks_with_sums, probe
from backpop.acoustics.kinds import EVENT_KINDS, EventKind
from backpop.errors import AudioError, InputError

_EMPTY = np.zeros(0, dtype=np.float32)


#: Shorter than this, a recording cannot hold even one floor-tracking chunk of the
#: detector (100 ms), so it is reported as too short rather than analysed.
MIN_DURATION_S = 0.1
#: Below this sample rate the 2-3 kHz band where many joint sounds peak (Widmalm et al.
#: 1996) is only partly recorded; the analysis runs but says so.
NARROW_BAND_RATE = 16_000
#: A mean sample value above this (about -40 dBFS) is a DC offset worth telling about;
#: it is filtered out before analysis either way.
DC_OFFSET_LIMIT = 0.01


class EventFeatures(BaseModel):
    model_config = ConfigDict(extra="forbid")
    duration_ms: float
    peak_dbfs: float
    centroid_hz: float


class Event(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start_s: float
    end_s: float
    kind: EventKind
    confidence: float = Field(ge=0.0, le=1.0)
    features: EventFeatures


class Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    counts: dict[str, int]
    evidence: dict[str, str]
    notes: list[str]


class ListenResult(BaseModel):
    """The result of listening to one recording (the JSON contract of ACOUSTICS.md)."""

    model_config = ConfigDict(extra="forbid")
    file: str
    sample_rate: int
    duration_s: float
    events: list[Event]
    summary: Summary

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


def describe_blocks(blocks: Iterable[np.ndarray], *, sample_rate: int):
    """Detect impulses in a stream of mono blocks and compute their features.

    Returns ``(impulses, detector)``; each impulse has ``features`` and ``context``.
    """
    from backpop.acoustics.detect import ImpulseDetector, absorb_tails
    from backpop.acoustics.features import context_features, impulse_features

    det = ImpulseDetector(sample_rate)
    impulses = []

    def keep(done) -> None:
        for imp in done:
            imp.features = impulse_features(imp, sample_rate)
            # Features taken: free the samples and the envelope, so memory grows only
            # by a few hundred bytes per event however long the recording is.
            imp.snippet = _EMPTY
            imp.envelope_db = _EMPTY
            impulses.append(imp)

    for block in blocks:
        keep(det.feed(block))
    keep(det.finish())
    impulses = absorb_tails(impulses, sample_rate=sample_rate)
    context_features(impulses, sample_rate)
    return impulses, det


def analyse_blocks(blocks: Iterable[np.ndarray], *, sample_rate: int):
    """Detect, describe and classify the sound events in a stream of mono blocks.

    Returns ``(events, impulses, detector)``; events are
    :class:`~backpop.acoustics.classify.SoundEvent` in time order.
    """
    from backpop.acoustics.classify import assemble_events, classify_impulses

    impulses, det = describe_blocks(blocks, sample_rate=sample_rate)
    proba = classify_impulses(impulses)
    events = assemble_events(impulses, proba, sample_rate=sample_rate)
    return events, impulses, det


def analyse_signal(signal: np.ndarray, *, sample_rate: int, block_frames: int = DEFAULT_BLOCK_FRAMES):
    """:func:`analyse_blocks` over an in-memory mono signal."""
    x = np.asarray(signal, dtype=np.float32)
    blocks = (x[i : i + block_frames] for i in range(0, x.size, block_frames))
    return analyse_blocks(blocks, sample_rate=sample_rate)


def listen(
    path: str | Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    block_frames: int = DEFAULT_BLOCK_FRAMES,
    tap: Callable[[np.ndarray], None] | None = None,
    limits: Limits = LOCAL_LIMITS,
) -> ListenResult:
    """Find and name the sound events in the recording at ``path``.

    ``progress``, if given, is called as ``progress(frames_done, frames_total)`` after
    each block; ``tap``, if given, is called with every mono block as it is decoded (to draw
    the recording without decoding it again). ``limits``: how much audio may be decoded (a
    local file: four hours; an upload: :data:`~backpop.acoustics.io.UPLOAD_LIMITS`). Raises
    :class:`~backpop.errors.AudioError` for a recording that cannot be used; a silent, very
    short or clipped one gives a result with a note instead.
    """
    from backpop.acoustics.evidence import TimedEvent, summarize_evidence

    if not isinstance(path, str | Path):
        raise AudioError(f"listen() takes the path of a recording, not {type(path).__name__}")
    if not isinstance(block_frames, int) or block_frames < 1:
        raise InputError(f"block_frames must be a whole number of 1 or more, not {block_frames!r}")
    info = probe(path, limits=limits)
    sr = info.sample_rate
    notes: list[str] = []
    stats = {"done": 0, "sum": 0.0}

    def blocks() -> Iterable[np.ndarray]:
        for b, total in iter_mono_blocks_with_sums(info, block_frames=block_frames):
            stats["done"] += b.size
            stats["sum"] += total
            if tap is not None:
                tap(b)
            yield b
            if progress is not None:
                progress(stats["done"], info.frames)

    if info.frames_known and info.frames / sr < MIN_DURATION_S:
        for _ in blocks():  # still decode, so a corrupt short file is reported as such
            pass
        events = []
        notes.append(
            f"The recording is too short to analyse ({info.frames} samples; at least {MIN_DURATION_S:g} s is needed)."
        )
        det = None
    else:
        events, _, det = analyse_blocks(blocks(), sample_rate=sr)
    n = max(stats["done"], 1)
    duration_s = stats["done"] / sr
    if det is not None and duration_s < MIN_DURATION_S:
        notes.append(
            f"The recording is too short to analyse ({stats['done']} samples; at least {MIN_DURATION_S:g} s is needed)."
        )
    if det is not None:
        if det.peak_abs == 0.0:
            notes.append("The recording is silent.")
        if det.clipped_samples:
            notes.append(
                f"{det.clipped_samples} samples are clipped (at full scale): loud "
                "events are distorted and their levels are underestimated."
            )
    if abs(stats["sum"] / n) > DC_OFFSET_LIMIT:
        notes.append(f"The recording has a DC offset ({stats['sum'] / n:+.3f}); it was filtered out.")
    if info.frames_known and 0 < stats["done"] < info.frames and info.decoder == "sndfile":
        notes.append(
            f"The file ends at {duration_s:.2f} s, before the "
            f"{info.duration_s:.2f} s its header announces: it may be truncated."
        )
    if sr < NARROW_BAND_RATE:
        notes.append(
            f"At {sr} Hz only sound below {sr // 2} Hz is recorded; joint sounds "
            "peak at 1-3 kHz, so record at 16 kHz or more if you can."
        )
    out_events = [
        Event(
            start_s=round(e.start / sr, 4),
            end_s=round(e.end / sr, 4),
            kind=e.kind,
            confidence=round(float(np.clip(e.confidence, 0.0, 1.0)), 2),
            features=EventFeatures(
                duration_ms=round((e.end - e.start) * 1000.0 / sr, 1),
                peak_dbfs=round(e.peak_dbfs, 1),
                centroid_hz=round(e.centroid_hz, 0),
            ),
        )
        for e in events
    ]
    evidence, ev_notes = summarize_evidence([TimedEvent(e.start_s, e.end_s, e.kind, e.confidence) for e in out_events])
    counts = {k: sum(1 for e in out_events if e.kind == k) for k in EVENT_KINDS}
    return ListenResult(
        file=str(path),
        sample_rate=sr,
        duration_s=round(duration_s, 3),
        events=out_events,
        summary=Summary(counts=counts, evidence=evidence, notes=ev_notes + notes),
    )
