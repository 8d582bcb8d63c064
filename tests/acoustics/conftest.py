"""Shared helpers for the acoustics tests: writing small recordings to temporary files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


@pytest.fixture
def write_wav(tmp_path: Path):
    """Write a float array as a recording and return its path."""
    import soundfile as sf

    def _write(signal: np.ndarray, sr: int = 48_000, *, name: str = "x.wav", subtype: str | None = "PCM_16") -> Path:
        p = tmp_path / name
        sf.write(str(p), np.asarray(signal), sr, subtype=subtype)
        return p

    return _write
