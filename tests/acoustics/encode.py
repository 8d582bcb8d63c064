"""Encoding test recordings as phones and browsers do (AAC in M4A, MP3, Opus in WebM), with PyAV."""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: container format, codec, bit rate: a phone voice recorder at its usual quality, an MP3, and
#: what Chromium's MediaRecorder makes.
FORMATS = {
    ".m4a": ("mp4", "aac", 128_000),
    ".mp3": ("mp3", "libmp3lame", 128_000),
    ".webm": ("webm", "libopus", 96_000),
}


def encode(signal: np.ndarray, sr: int, out: Path, *, bit_rate: int | None = None) -> Path:
    """Write a mono float signal to `out`, encoded as its suffix says (at `bit_rate` if given)."""
    from backpop.acoustics.synth import encode as write_encoded

    container, codec, usual = FORMATS[out.suffix]
    write_encoded(signal, sr, str(out), container=container, codec=codec, bit_rate=bit_rate or usual)
    return out
