"""Small synthetic signals for the acoustics tests."""

from __future__ import annotations

import numpy as np


def pop_signal(
    sr: int,
    onsets_s: list[float],
    *,
    duration_s: float = 2.0,
    seed: int = 0,
    noise_dbfs: float = -70.0,
    level: float = 0.3,
) -> np.ndarray:
    """Background noise with a synthetic pop at each onset."""
    from backpop.acoustics.synth import pop

    rng = np.random.default_rng(seed)
    x = rng.standard_normal(int(duration_s * sr)) * 10 ** (noise_dbfs / 20)
    for t in onsets_s:
        w = pop(rng, sr) * level
        i = int(t * sr)
        x[i : i + w.size] += w[: x.size - i]
    return x
