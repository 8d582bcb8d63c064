"""Describing impulses: hand-designed features of each impulse and of its neighbours.

Spectral features are computed over 20 Hz to 8 kHz (or the Nyquist frequency, if
lower), so a recording at 8 kHz and one at 192 kHz describe the same sound alike;
joint sounds have their energy below 3 kHz (Widmalm et al. 1996).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

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
#: feature step is about a fifth of the run time in benchmarks/bench_listen.py: 90 ms of
#: 420 ms for a 10-minute 48 kHz file).
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
    return seg - seg.sum() / seg.size if seg.size else seg


@lru_cache(maxsize=256)
def _hann(n: int) -> np.ndarray:
    w = np.hanning(n)
    w.flags.writeable = False  # shared between calls
    return w


@lru_cache(maxsize=64)
def _bands(nfft: int, sr: int) -> tuple[np.ndarray, int, int, int, int]:
    """Frequencies of the analysis band, the rfft bins it spans, and how many of its
    bins are below LOW_SPLIT_HZ and at or below HIGH_SPLIT_HZ."""
    freqs = np.fft.rfftfreq(nfft, 1.0 / sr)
    band = np.flatnonzero((freqs >= BAND_LOW_HZ) & (freqs <= min(BAND_HIGH_HZ, sr / 2.0)))
    i0, i1 = int(band[0]), int(band[-1]) + 1
    f = freqs[i0:i1].copy()
    f.flags.writeable = False  # shared between calls
    return f, i0, i1, int(np.count_nonzero(f < LOW_SPLIT_HZ)), int(np.count_nonzero(f <= HIGH_SPLIT_HZ))


def _spectral(seg: np.ndarray, sr: int) -> dict[str, float]:
    nfft = 1 << max(int(np.ceil(np.log2(max(seg.size, 256)))), 8)
    s = np.fft.rfft(seg * _hann(seg.size), nfft)
    f, i0, i1, n_low, n_high = _bands(nfft, sr)
    s = s[i0:i1]
    p = s.real * s.real + s.imag * s.imag + 1e-20
    total = float(p.sum())
    centroid = float(np.dot(p, f)) / total
    d = f - centroid
    spread = math.sqrt(float(np.dot(p, d * d)) / total)
    mean_p = total / p.size
    flatness = math.exp(float(np.log(p).sum()) / p.size) / mean_p
    return {
        "centroid_hz": centroid,
        "log_centroid_hz": math.log(centroid + 1.0),
        "log_spread_hz": math.log(spread + 1.0),
        "low_ratio": float(p[:n_low].sum()) / total,
        "high_ratio": float(p[n_high:].sum()) / total,
        "flatness": flatness,
    }


def _periodicity(seg: np.ndarray, sr: int) -> float:
    n = seg.size
    lo = max(int(MIN_LAG_MS * sr / 1000.0), 1)
    hi = min(int(MAX_LAG_MS * sr / 1000.0), n // 2)
    if hi <= lo:
        return 0.0
    x = seg - seg.sum() / n
    # Zero-padded to n + hi, the circular autocorrelation equals the linear one at every
    # lag up to hi.
    nfft = 1 << int(np.ceil(np.log2(n + hi)))
    f = np.fft.rfft(x, nfft)
    ac = np.fft.irfft(f.real * f.real + f.imag * f.imag, nfft)[: hi + 1]
    if ac[0] <= 0:
        return 0.0
    # Skip the main lobe: start after the autocorrelation first goes negative.
    neg = ac[1 : hi + 1] < 0
    first_neg = int(np.argmax(neg))
    start = max(first_neg + 1, lo) if neg[first_neg] else hi
    if start > hi:
        return 0.0
    # Unbiased normalisation so long lags are not penalised for having fewer products.
    lags = np.arange(start, hi + 1)
    r = ac[start : hi + 1] / ac[0] * n / (n - lags)
    return float(min(max(float(r.max()), -1.0), 1.5))


def _first_true(mask: np.ndarray) -> int:
    """Index of the first True in ``mask``, or its length if there is none."""
    i = int(np.argmax(mask)) if mask.size else 0
    return i if mask.size and mask[i] else mask.size


def _peak_shape(seg: np.ndarray, sr: int) -> tuple[float, float, float]:
    """Time from the loudest point to the first lasting drop 20 dB below it (the measure
    of the 5.66 ms pop duration, Dunning 2013), the width above half power, and the attack
    (10% to 90% of peak power, going back from the peak), all in ms. A cavitation rises
    abruptly (Kawchuk et al. 2015); a soft-tissue click is assumed to build up over 1-3 ms
    (see ``synth.click``)."""
    n = seg.size
    w = max(int(FINE_ENVELOPE_MS * sr / 1000.0), 1)
    half = w // 2
    # Power summed over [i - half, i - half + w), clipped to the segment.
    c = np.empty(n + 1 + w)
    c[:half] = 0.0
    c[half] = 0.0
    np.cumsum(seg * seg, out=c[half + 1 : half + 1 + n])
    c[half + 1 + n :] = c[half + n]
    env = (c[w : w + n] - c[:n]) / w
    k = int(np.argmax(env))
    peak = env[k]
    if peak <= 0:
        return 0.0, 0.0, 0.0
    # The first drop that lasts a whole envelope window: a noise burst's envelope dips
    # briefly, a finished tick stays down.
    below = np.concatenate([[0], np.cumsum(env[k:] < 0.01 * peak)])
    run = below[w:] - below[:-w]
    decay = _first_true(run == w) if run.size else env.size - k
    if decay == run.size:
        decay = env.size - k
    decay_ms = decay * 1000.0 / sr
    half_power = env >= 0.5 * peak
    lo = k - _first_true(~half_power[:k][::-1])
    hi = k + _first_true(~half_power[k + 1 :])
    before = env[: k + 1][::-1]
    i90 = _first_true(before < 0.9 * peak)
    i10 = _first_true(before < 0.1 * peak)
    attack = max(i10 - i90, 0) * 1000.0 / sr
    return float(decay_ms), float((hi - lo + 1) * 1000.0 / sr), float(attack)


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
        prior_min = np.minimum(np.minimum(env[:-3], env[1:-2]), env[2:-1])
        cur = env[3:]
        nxt = np.append(env[4:], -np.inf)
        subs = int(np.count_nonzero((cur - prior_min >= SUB_EVENT_DB) & (cur >= env[2:-1]) & (cur >= nxt)))
    tail = env[peak_i : peak_i + 11]
    decay = 0.0
    if tail.size >= 3:  # least-squares slope, dB per frame
        t = np.arange(tail.size) - (tail.size - 1) / 2.0
        decay = float(np.dot(t, tail - tail.sum() / tail.size) / np.dot(t, t))
    seg = _segment(imp, sr)
    sq = seg * seg
    rms = math.sqrt(float(sq.sum()) / seg.size) + 1e-12
    amax = float(np.abs(seg).max()) + 1e-12
    dev = seg - seg.sum() / seg.size
    d2 = dev * dev
    m2 = float(d2.sum()) / d2.size + 1e-20
    kurt = float(np.dot(d2, d2)) / d2.size / m2**2
    spec = _spectral(seg, sr)
    first_decay_ms, peak_width_ms, attack_ms = _peak_shape(seg, sr)
    ev_a = max(imp.start - imp.snippet_start, 0)
    ev_b = max(min(imp.end - imp.snippet_start, imp.snippet.size), ev_a + 1)
    ev = imp.snippet[ev_a:ev_b].astype(np.float64)
    sample_peak = float(np.abs(ev - ev.sum() / ev.size).max()) if ev.size else 0.0
    return {
        "log_duration_ms": math.log(dur_ms),
        "log_dur20_ms": math.log(max(dur20, 1)),
        "snr_db": float(min(imp.peak_frame_db - imp.floor_db, MAX_SNR_DB)),
        "log_rise_ms": math.log1p(peak_i),
        "log_sub_events": math.log1p(subs),
        "decay_db_per_ms": min(max(decay, -30.0), 5.0),
        "log_centroid_hz": spec["log_centroid_hz"],
        "log_spread_hz": spec["log_spread_hz"],
        "low_ratio": spec["low_ratio"],
        "high_ratio": spec["high_ratio"],
        "flatness": spec["flatness"],
        "periodicity": _periodicity(seg, sr),
        "crest_db": 20.0 * math.log10(amax / rms),
        "log_kurtosis": math.log(max(kurt, 1e-3)),
        "env_std_db": float(np.std(env[: int(ANALYSIS_MS)])) if env.size > 1 else 0.0,
        "log_first_decay_ms": math.log1p(first_decay_ms),
        "log_peak_width_ms": math.log1p(peak_width_ms),
        "log_attack_ms": math.log1p(attack_ms),
        # Reported, not used by the classifier:
        "centroid_hz": spec["centroid_hz"],
        "duration_ms": (imp.end - imp.start) * 1000.0 / sr,
        # Measured after the high-pass filter, which can overshoot a clipped peak: a
        # sample cannot be above full scale, so neither is the reported level.
        "peak_dbfs": min(20.0 * math.log10(max(sample_peak, 1e-10)), 0.0),
    }


def _median(values: list[float]) -> float:
    v = sorted(values)
    h = len(v) // 2
    return v[h] if len(v) % 2 else (v[h - 1] + v[h]) / 2.0


def context_features(impulses: Sequence[Impulse], sample_rate: int) -> None:
    """Fill ``imp.context`` for each impulse from its neighbours (sorted by onset)."""
    sr = sample_rate
    starts = np.array([imp.start for imp in impulses], dtype=np.float64) / sr
    ends = np.array([imp.end for imp in impulses], dtype=np.float64) / sr
    # Neighbour ranges of every impulse at once; the loop below then works on plain
    # Python numbers, since most impulses have only a few neighbours.
    los = np.searchsorted(starts, starts - CONTEXT_S, side="left").tolist()
    his = np.searchsorted(starts, starts + CONTEXT_S, side="right").tolist()
    # Every impulse that may reach into the window (long ones start early).
    j0s = np.searchsorted(starts, starts - CONTEXT_S - 10.0, side="left").tolist()
    wides = (
        np.searchsorted(starts, starts + WIDE_CONTEXT_S, side="right")
        - np.searchsorted(starts, starts - WIDE_CONTEXT_S, side="left")
        - 1
    ).tolist()
    start_l, end_l = starts.tolist(), ends.tolist()
    peak_l = [float(imp.peak_frame_db) for imp in impulses]
    for k, imp in enumerate(impulses):
        lo, hi, j0 = los[k], his[k], j0s[k]
        s_k = start_l[k]
        w0, w1 = s_k - CONTEXT_S, s_k + CONTEXT_S
        if hi - j0 > 16:
            cover = float(np.maximum(np.minimum(ends[j0:hi], w1) - np.maximum(starts[j0:hi], w0), 0.0).sum())
        else:
            cover = 0.0
            for j in range(j0, hi):
                cover += max(min(end_l[j], w1) - max(start_l[j], w0), 0.0)
        busy = min(cover / (2 * CONTEXT_S), 1.0)
        group = start_l[lo:hi]  # sorted, since the impulses are
        cv = 0.0
        if len(group) >= 3:
            iois = [b - a for a, b in zip(group, group[1:], strict=False)]
            mean = sum(iois) / len(iois)
            if mean > 0:
                cv = math.sqrt(sum((x - mean) ** 2 for x in iois) / len(iois)) / mean
        common = {"ioi_cv_near": min(cv, 3.0), "log_n_wide": math.log1p(wides[k])}
        near = [j for j in range(lo, hi) if j != k]
        if near:
            gap = min(abs(start_l[j] - s_k) for j in near)
            imp.context = {
                "log_n_near": math.log1p(len(near)),
                "log_nearest_ms": math.log(max(gap * 1000.0, 1.0)),
                "level_vs_near_db": peak_l[k] - _median([peak_l[j] for j in near]),
                "busy_fraction": busy,
                "log_near_duration_ms": math.log(max(_median([end_l[j] - start_l[j] for j in near]) * 1000.0, 1.0)),
                **common,
            }
        else:
            imp.context = {
                "log_n_near": 0.0,
                "log_nearest_ms": math.log(CONTEXT_S * 1000.0),
                "level_vs_near_db": 0.0,
                "busy_fraction": busy,
                "log_near_duration_ms": 0.0,
                **common,
            }


def feature_matrix(impulses: Sequence[Impulse]) -> np.ndarray:
    """Rows of :data:`FEATURE_NAMES` values, one per impulse (features and context filled)."""
    rows = [
        [imp.features[n] for n in IMPULSE_FEATURES] + [imp.context[n] for n in CONTEXT_FEATURES] for imp in impulses
    ]
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
