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
    import av

    fmt, codec, usual = FORMATS[out.suffix]
    bit_rate = bit_rate or usual
    x = np.asarray(signal, dtype=np.float32)
    with av.open(str(out), "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=sr)
        stream.layout = "mono"
        stream.bit_rate = bit_rate
        for i in range(0, x.size, 1024):
            frame = av.AudioFrame.from_ndarray(x[i : i + 1024].reshape(1, -1), format="fltp", layout="mono")
            frame.sample_rate = sr
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out
