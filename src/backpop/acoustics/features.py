"""Describing impulses: hand-designed features of each impulse and of its neighbours.

Spectral features are computed over 20 Hz to 8 kHz (or the Nyquist frequency, if
lower), so a recording at 8 kHz and one at 192 kHz describe the same sound alike;
joint sounds have their energy below 3 kHz (Widmalm et al. 1996).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from backpop.acoustics.detect import Impulse

#: Band over which spectral features are measured (see the module docstring).
BAND_LOW_HZ = 20.0
BAND_HIGH_HZ = 8_000.0
#: Energy below this is "low frequency": the clunk's band (ACOUSTICS.md: below about
#: 300 Hz).
LOW_SPLIT_HZ = 300.0
#: Energy above this is "high frequency": many joint sounds peak at 2-3 kHz
#: (Widmalm 1996).
HIGH_SPLIT_HZ = 2_000.0
#: The spectrum and periodicity of an impulse are measured over at most this much of
#: it: ten pop durations (5.66 ms, Dunning 2013), and over two periods of the lowest
#: clunk body (40 Hz, ACOUSTICS.md assumption). Longer costs time for nothing (the
#: feature step is a third of the run time in benchmarks/bench_listen.py).
ANALYSIS_MS = 60.0
#: Periodicity is searched over lags of 0.25-12.5 ms, i.e. 80 Hz-4 kHz: mains hum
#: harmonics, voiced speech (f0 above 80 Hz) and tones.
MIN_LAG_MS = 0.25
MAX_LAG_MS = 12.5
#: Neighbours are impulses whose onsets are within this of the impulse's onset: two
#: stick-slip cycles at 16 Hz (Widmalm 1996), and longer than a 9-pop thrust's
#: 26 ms spacing times 8 (Dunning 2013; Mourad 2019).
CONTEXT_S = 0.25
#: Signal-to-noise ratios above this are all alike (the synthetic training corpus spans
#: 25-65 dB peak SNR; digital silence would otherwise give 100 dB or more).
MAX_SNR_DB = 60.0
#: Fine envelope for the shape of the main peak: RMS over 0.5 ms, a tenth of a pop
#: (5.66 ms, Dunning 2013) and about one crepitus micro-impact.
FINE_ENVELOPE_MS = 0.5
#: A wider neighbourhood: a crepitus segment lasts up to a second or more (Widmalm 1996:
#: 20-300 ms spread in the jaw), while a whole thrust lasts 97-139 ms (Dunning 2013;
#: Mourad 2019).
WIDE_CONTEXT_S = 0.5
#: A new peak inside an impulse counts as a sub-event when it rises this far above the
#: lowest of the three frames before it (below the detector's 8 dB split threshold, so
#: it counts the structure inside one impulse).
SUB_EVENT_DB = 6.0

IMPULSE_FEATURES = (
    "log_duration_ms",
    "log_dur20_ms",
    "snr_db",
    "log_rise_ms",
    "log_sub_events",
    "decay_db_per_ms",
    "log_centroid_hz",
    "log_spread_hz",
    "low_ratio",
    "high_ratio",
    "flatness",
    "periodicity",
    "crest_db",
    "log_kurtosis",
    "env_std_db",
    "log_first_decay_ms",
    "log_peak_width_ms",
    "log_attack_ms",
)
CONTEXT_FEATURES = (
    "log_n_near",
    "log_nearest_ms",
    "level_vs_near_db",
    "busy_fraction",
    "log_near_duration_ms",
    "ioi_cv_near",
    "log_n_wide",
)
FEATURE_NAMES = IMPULSE_FEATURES + CONTEXT_FEATURES


def _segment(imp: Impulse, sr: int) -> np.ndarray:
    a = max(imp.start - imp.snippet_start - int(0.001 * sr), 0)
    n = int(ANALYSIS_MS * sr / 1000.0)
    b = min(imp.sustain_end - imp.snippet_start + int(0.002 * sr), a + n, imp.snippet.size)
    seg = imp.snippet[a:b].astype(np.float64)
    if seg.size < 4:
        seg = imp.snippet.astype(np.float64)
    return seg - seg.mean() if seg.size else seg


def _spectral(seg: np.ndarray, sr: int) -> dict[str, float]:
    nfft = 1 << max(int(np.ceil(np.log2(max(seg.size, 256)))), 8)
    spec = np.abs(np.fft.rfft(seg * np.hanning(seg.size), nfft)) ** 2
    freqs = np.fft.rfftfreq(nfft, 1.0 / sr)
    band = (freqs >= BAND_LOW_HZ) & (freqs <= min(BAND_HIGH_HZ, sr / 2.0))
    p, f = spec[band] + 1e-20, freqs[band]
    total = float(p.sum())
    centroid = float((p * f).sum() / total)
    spread = float(np.sqrt((p * (f - centroid) ** 2).sum() / total))
    flatness = float(np.exp(np.mean(np.log(p))) / np.mean(p))
    return {
        "centroid_hz": centroid,
        "log_centroid_hz": float(np.log(centroid + 1.0)),
        "log_spread_hz": float(np.log(spread + 1.0)),
        "low_ratio": float(p[f < LOW_SPLIT_HZ].sum() / total),
        "high_ratio": float(p[f > HIGH_SPLIT_HZ].sum() / total),
        "flatness": flatness,
    }


def _periodicity(seg: np.ndarray, sr: int) -> float:
    n = seg.size
    lo = max(int(MIN_LAG_MS * sr / 1000.0), 1)
    hi = min(int(MAX_LAG_MS * sr / 1000.0), n // 2)
    if hi <= lo:
        return 0.0
    x = seg - seg.mean()
    nfft = 1 << int(np.ceil(np.log2(2 * n)))
    f = np.fft.rfft(x, nfft)
    ac = np.fft.irfft(f * np.conj(f), nfft)[:n]
    if ac[0] <= 0:
        return 0.0
    # Unbiased normalisation so long lags are not penalised for having fewer products.
    r = ac[lo : hi + 1] / ac[0] * n / (n - np.arange(lo, hi + 1))
    # Skip the main lobe: start after the autocorrelation first goes negative.
    neg = np.flatnonzero(ac[1 : hi + 1] < 0)
    start = max(int(neg[0]) + 1, lo) if neg.size else hi
    if start > hi:
        return 0.0
    return float(np.clip(np.max(r[start - lo :]), -1.0, 1.5))


def _peak_shape(seg: np.ndarray, sr: int) -> tuple[float, float, float]:
    """Time from the loudest point to the first lasting drop 20 dB below it (the measure
    of the 5.66 ms pop duration, Dunning 2013), the width above half power, and the attack
    (10% to 90% of peak power, going back from the peak), all in ms. A cavitation rises
    abruptly (Kawchuk et al. 2015); a soft-tissue click is assumed to build up over 1-3 ms
    (see ``synth.click``)."""
    w = max(int(FINE_ENVELOPE_MS * sr / 1000.0), 1)
    c = np.concatenate([[0.0], np.cumsum(seg**2)])
    half = w // 2
    idx = np.arange(seg.size)
    env = (c[np.minimum(idx + w - half, seg.size)] - c[np.maximum(idx - half, 0)]) / w
    k = int(np.argmax(env))
    peak = env[k]
    if peak <= 0:
        return 0.0, 0.0, 0.0
    # The first drop that lasts a whole envelope window: a noise burst's envelope dips
    # briefly, a finished tick stays down.
    below = (env[k:] < 0.01 * peak).astype(np.int32)
    run = np.convolve(below, np.ones(w, dtype=np.int32), mode="valid")
    after = np.flatnonzero(run == w)
    decay = (after[0] if after.size else env.size - k) * 1000.0 / sr
    half = env >= 0.5 * peak
    lo = k
    while lo > 0 and half[lo - 1]:
        lo -= 1
    hi = k
    while hi + 1 < env.size and half[hi + 1]:
        hi += 1
    before = env[: k + 1][::-1]
    below90 = np.flatnonzero(before < 0.9 * peak)
    below10 = np.flatnonzero(before < 0.1 * peak)
    i90 = below90[0] if below90.size else before.size
    i10 = below10[0] if below10.size else before.size
    attack = max(i10 - i90, 0) * 1000.0 / sr
    return float(decay), float((hi - lo + 1) * 1000.0 / sr), float(attack)


def impulse_features(imp: Impulse, sample_rate: int) -> dict[str, float]:
    """Features of one impulse alone (see :data:`IMPULSE_FEATURES`)."""
    sr = sample_rate
    env = imp.envelope_db.astype(np.float64)
    if env.size == 0:
        env = np.array([imp.peak_frame_db])
    peak_i = int(np.argmax(env))
    peak = float(env[peak_i])
    dur_ms = max((imp.sustain_end - imp.start) * 1000.0 / sr, 1.0)
    dur20 = int(np.count_nonzero(env >= peak - 20.0))
    subs = 0
    if env.size > 3:
        prior_min = np.lib.stride_tricks.sliding_window_view(env[:-1], 3).min(axis=1)
        cur = env[3:]
        nxt = np.append(env[4:], -np.inf)
        subs = int(np.count_nonzero((cur - prior_min >= SUB_EVENT_DB) & (cur >= env[2:-1])
                                    & (cur >= nxt)))
    tail = env[peak_i : peak_i + 11]
    decay = 0.0
    if tail.size >= 3:  # least-squares slope, dB per frame
        t = np.arange(tail.size) - (tail.size - 1) / 2.0
        decay = float(np.dot(t, tail - tail.mean()) / np.dot(t, t))
    seg = _segment(imp, sr)
    rms = float(np.sqrt(np.mean(seg**2))) + 1e-12
    amax = float(np.max(np.abs(seg))) + 1e-12
    m2 = float(np.mean((seg - seg.mean()) ** 2)) + 1e-20
    kurt = float(np.mean((seg - seg.mean()) ** 4) / m2**2)
    spec = _spectral(seg, sr)
    first_decay_ms, peak_width_ms, attack_ms = _peak_shape(seg, sr)
    ev_a = max(imp.start - imp.snippet_start, 0)
    ev_b = max(min(imp.end - imp.snippet_start, imp.snippet.size), ev_a + 1)
    ev = imp.snippet[ev_a:ev_b].astype(np.float64)
    sample_peak = float(np.max(np.abs(ev - ev.mean()))) if ev.size else 0.0
    return {
        "log_duration_ms": float(np.log(dur_ms)),
        "log_dur20_ms": float(np.log(max(dur20, 1))),
        "snr_db": float(min(imp.peak_frame_db - imp.floor_db, MAX_SNR_DB)),
        "log_rise_ms": float(np.log1p(peak_i)),
        "log_sub_events": float(np.log1p(subs)),
        "decay_db_per_ms": float(np.clip(decay, -30.0, 5.0)),
        "log_centroid_hz": spec["log_centroid_hz"],
        "log_spread_hz": spec["log_spread_hz"],
        "low_ratio": spec["low_ratio"],
        "high_ratio": spec["high_ratio"],
        "flatness": spec["flatness"],
        "periodicity": _periodicity(seg, sr),
        "crest_db": float(20.0 * np.log10(amax / rms)),
        "log_kurtosis": float(np.log(max(kurt, 1e-3))),
        "env_std_db": float(np.std(env[: int(ANALYSIS_MS)])) if env.size > 1 else 0.0,
        "log_first_decay_ms": float(np.log1p(first_decay_ms)),
        "log_peak_width_ms": float(np.log1p(peak_width_ms)),
        "log_attack_ms": float(np.log1p(attack_ms)),
        # Reported, not used by the classifier:
        "centroid_hz": spec["centroid_hz"],
        "duration_ms": (imp.end - imp.start) * 1000.0 / sr,
        # Measured after the high-pass filter, which can overshoot a clipped peak: a
        # sample cannot be above full scale, so neither is the reported level.
        "peak_dbfs": float(min(20.0 * np.log10(max(sample_peak, 1e-10)), 0.0)),
    }


def context_features(impulses: Sequence[Impulse], sample_rate: int) -> None:
    """Fill ``imp.context`` for each impulse from its neighbours (sorted by onset)."""
    sr = sample_rate
    starts = np.array([imp.start for imp in impulses], dtype=np.float64) / sr
    ends = np.array([imp.end for imp in impulses], dtype=np.float64) / sr
    peaks = np.array([imp.peak_frame_db for imp in impulses], dtype=np.float64)
    for k, imp in enumerate(impulses):
        lo = np.searchsorted(starts, starts[k] - CONTEXT_S, side="left")
        hi = np.searchsorted(starts, starts[k] + CONTEXT_S, side="right")
        near = [j for j in range(lo, hi) if j != k]
        w0, w1 = starts[k] - CONTEXT_S, starts[k] + CONTEXT_S
        # Overlap of every impulse that may reach into the window (long ones start early).
        j0 = np.searchsorted(starts, w0 - 10.0, side="left")
        cover = np.clip(np.minimum(ends[j0:hi], w1) - np.maximum(starts[j0:hi], w0), 0, None)
        wide = int(np.searchsorted(starts, starts[k] + WIDE_CONTEXT_S, side="right")
                   - np.searchsorted(starts, starts[k] - WIDE_CONTEXT_S, side="left") - 1)
        group = np.sort(starts[lo:hi])
        iois = np.diff(group)
        cv = float(iois.std() / iois.mean()) if iois.size >= 2 and iois.mean() > 0 else 0.0
        common = {"ioi_cv_near": min(cv, 3.0), "log_n_wide": float(np.log1p(wide))}
        if near:
            gaps = np.abs(starts[near] - starts[k])
            imp.context = {
                "log_n_near": float(np.log1p(len(near))),
                "log_nearest_ms": float(np.log(max(gaps.min() * 1000.0, 1.0))),
                "level_vs_near_db": float(peaks[k] - np.median(peaks[near])),
                "busy_fraction": float(min(cover.sum() / (2 * CONTEXT_S), 1.0)),
                "log_near_duration_ms": float(
                    np.log(max(np.median(ends[near] - starts[near]) * 1000.0, 1.0))
                ),
                **common,
            }
        else:
            imp.context = {
                "log_n_near": 0.0,
                "log_nearest_ms": float(np.log(CONTEXT_S * 1000.0)),
                "level_vs_near_db": 0.0,
                "busy_fraction": float(min(cover.sum() / (2 * CONTEXT_S), 1.0)),
                "log_near_duration_ms": 0.0,
                **common,
            }


def feature_matrix(impulses: Sequence[Impulse]) -> np.ndarray:
    """Rows of :data:`FEATURE_NAMES` values, one per impulse (features and context filled)."""
    rows = [[imp.features[n] for n in IMPULSE_FEATURES] + [imp.context[n] for n in CONTEXT_FEATURES]
            for imp in impulses]
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
