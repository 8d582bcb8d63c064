"""The detector: onsets to the millisecond, close pops kept apart, streaming-safe."""

from __future__ import annotations

import numpy as np
import pytest

from backpop.acoustics.analysis import analyse_signal
from backpop.acoustics.detect import detect_impulses

from .signals import pop_signal

SR = 48_000


def _pop_onsets(x: np.ndarray, sr: int = SR, **kw) -> list[float]:
    events, _, _ = analyse_signal(x, sample_rate=sr, **kw)
    return [e.start / sr for e in events if e.kind == "pop"]


def test_pop_onset_is_within_5_ms():
    onsets = _pop_onsets(pop_signal(SR, [0.4321]))
    assert len(onsets) == 1 and onsets[0] == pytest.approx(0.4321, abs=0.005)


def test_two_pops_15_ms_apart_are_two_events():
    onsets = _pop_onsets(pop_signal(SR, [0.5, 0.515]))
    assert len(onsets) == 2
    assert onsets[0] == pytest.approx(0.5, abs=0.005)
    assert onsets[1] == pytest.approx(0.515, abs=0.005)


def test_thrust_of_nine_pops_26_ms_apart_gives_nine_pops():
    times = [0.3 + 0.026 * k for k in range(9)]
    onsets = _pop_onsets(pop_signal(SR, times))
    assert len(onsets) == 9
    assert np.max(np.abs(np.array(onsets) - times)) <= 0.005


@pytest.mark.parametrize("block_frames", [1_000, 4_096, 65_536, 1_000_000])
def test_block_size_does_not_change_the_events(block_frames):
    x = pop_signal(SR, [0.1, 0.7, 0.726, 1.9], duration_s=2.5)
    assert _pop_onsets(x, block_frames=block_frames) == _pop_onsets(x)


def test_reported_pop_duration_is_near_published_5_66_ms():
    events, _, _ = analyse_signal(pop_signal(SR, [0.5]), sample_rate=SR)
    (e,) = events
    assert 3.0 <= (e.end - e.start) / SR * 1000 <= 12.0


def test_steady_background_noise_gives_no_impulses():
    rng = np.random.default_rng(3)
    x = rng.standard_normal(SR * 5).astype(np.float32) * 0.01
    blocks = (x[i : i + 65_536] for i in range(0, x.size, 65_536))
    impulses, _ = detect_impulses(blocks, sample_rate=SR)
    assert len(impulses) <= 1


def test_detector_history_stays_bounded_on_a_long_stream():
    from backpop.acoustics.detect import ImpulseDetector

    det = ImpulseDetector(SR)
    rng = np.random.default_rng(0)
    block = rng.standard_normal(65_536).astype(np.float32) * 0.01
    sizes = []
    for _ in range(200):  # about 4.5 minutes
        det.feed(block)
        sizes.append(det._hist.size + det._pending_db.size)
    assert max(sizes[100:]) <= 1.01 * max(sizes[:20])


@pytest.mark.parametrize("name", ["speech", "rustle", "hum", "tone"])
def test_confounders_are_never_joint_sounds(name):
    from backpop.acoustics import synth

    for seed in range(3):
        rng = np.random.default_rng(100 + seed)
        w = synth.CONFOUNDERS[name](rng, SR) * 0.2
        x = rng.standard_normal(w.size + SR) * 10 ** (-65 / 20)
        x[SR // 2 : SR // 2 + w.size] += w
        events, _, _ = analyse_signal(x, sample_rate=SR)
        assert events and {e.kind for e in events} == {"other"}, (seed, [e.kind for e in events])


def test_dc_offset_at_192_khz_makes_no_event():
    x = np.random.default_rng(5).standard_normal(192_000) * 1e-4 + 0.25
    events, _, _ = analyse_signal(x, sample_rate=192_000)
    assert events == []
