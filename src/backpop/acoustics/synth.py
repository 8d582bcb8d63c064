"""Synthetic recordings of joint sounds and their confounders, with ground truth.

Each sound is built from its physical mechanism and the published figures in
``ACOUSTICS.md``. Where nobody has measured a property, the docstring says that the
value is an assumption. Every generator takes a :class:`numpy.random.Generator`, so a
seed fixes the whole recording.

Waveforms are returned at unit peak; :func:`render_recording` places them, scales
them and adds background noise at a drawn signal-to-noise ratio.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SCENARIOS = ("pop", "thrust", "click", "crepitus", "clunk", "mixed", "other")

#: Evidence each scenario should produce: (sound, repeat) as Episode values.
SCENARIO_EVIDENCE: dict[str, dict[str, str]] = {
    "pop": {"sound": "pop", "repeat": "not_for_a_while"},
    "thrust": {"sound": "pop", "repeat": "not_for_a_while"},
    "click": {"sound": "click", "repeat": "every_movement"},
    "crepitus": {"sound": "grinding", "repeat": "every_movement"},
    "clunk": {"sound": "clunk", "repeat": "every_movement"},
    "other": {},
}


@dataclass
class TruthEvent:
    kind: str
    start_s: float
    end_s: float


@dataclass
class Recording:
    signal: np.ndarray
    sample_rate: int
    scenario: str
    events: list[TruthEvent] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)


# -- building blocks ---------------------------------------------------------------------
def _resonate(x: np.ndarray, sr: int, freq_hz: float, decay_per_s: float) -> np.ndarray:
    """Two-pole resonator: one mode with centre ``freq_hz`` and amplitude decay rate."""
    from scipy.signal import lfilter

    freq_hz = min(freq_hz, 0.45 * sr)
    r = np.exp(-decay_per_s / sr)
    theta = 2.0 * np.pi * freq_hz / sr
    a = [1.0, -2.0 * r * np.cos(theta), r * r]
    y = lfilter([1.0 - r], a, x)
    return y


def _unit(x: np.ndarray) -> np.ndarray:
    m = float(np.max(np.abs(x))) if x.size else 0.0
    return x / m if m > 0 else x


def _decaying_noise(
    rng: np.random.Generator, sr: int, *, rise_ms: float, tau_ms: float, length_ms: float
) -> np.ndarray:
    n = max(int(length_ms * sr / 1000.0), 2)
    t = np.arange(n) / sr * 1000.0
    env = np.exp(-np.maximum(t - rise_ms, 0.0) / tau_ms)
    if rise_ms > 0:
        env = np.where(t < rise_ms, t / rise_ms, env)
    return rng.standard_normal(n) * env


# -- joint sounds ------------------------------------------------------------------------
def pop(rng: np.random.Generator, sr: int, *, duration_ms: float | None = None) -> np.ndarray:
    """One cavitation pop: a bubble-collapse transient seen through the body's tissue filter.

    - ``duration_ms``: time to fall 20 dB from the peak; drawn from N(5.66, 0.3) ms, the
      mean and confidence interval of Dunning et al. 2013 (the spread between single
      pops is an assumption).
    - Source: a broadband noise burst with a rise under 0.3 ms and an exponential decay:
      cavity formation and partial collapse are abrupt (Kawchuk et al. 2015; Chandran
      Suja & Barakat 2018).
    - Tissue filter: a first mode at N(115, 44) Hz with decay rate N(182, 128) 1/s
      (Ozmen et al. 2021), 26 dB below the direct path (assumption, so the pop stays as
      short as Dunning measured), plus a mode at 1-3 kHz where joint sounds' spectra
      peak (Widmalm et al. 1996), 6 dB below the direct path (assumption: the pop stays
      broadband, as Dunning and Widmalm describe it).
    """
    d = duration_ms if duration_ms is not None else float(np.clip(rng.normal(5.66, 0.3), 4.5, 7.0))
    rise = float(rng.uniform(0.05, 0.3))
    # 0.8 x the plain exponential: the tissue modes lengthen the sound, and with this
    # factor the whole pop falls 20 dB in 5.8 ms on average (measured on 0.5 ms RMS;
    # tests/acoustics/test_synth.py).
    src = _decaying_noise(rng, sr, rise_ms=rise, tau_ms=0.8 * (d - rise) / np.log(10.0), length_ms=4 * d)
    f_low = float(np.clip(rng.normal(115.0, 44.0), 50.0, 250.0))
    decay_low = float(np.clip(rng.normal(182.0, 128.0), 80.0, 450.0))
    f_high = float(rng.uniform(1000.0, 3000.0))
    pad = np.concatenate([src, np.zeros(int(0.03 * sr))])
    high = _unit(_resonate(pad, sr, f_high, float(rng.uniform(600.0, 1500.0))))
    low = _unit(_resonate(pad, sr, f_low, decay_low))
    y = _unit(pad) + 0.5 * high + 0.05 * low
    return _unit(y)


def thrust_onsets_ms(rng: np.random.Generator, *, n_pops: int | None = None) -> np.ndarray:
    """Onset times of the pops of one manipulation thrust.

    2-9 pops (Mourad et al. 2019, lumbar range), about 26 ms apart (97-139 ms thrusts
    over 3.6-5.3 pops, Dunning 2013; Mourad 2019), with +/-30% spacing jitter
    (assumption), never closer than 15 ms (assumption).
    """
    n = n_pops if n_pops is not None else int(rng.integers(2, 10))
    gaps = np.maximum(26.0 * rng.uniform(0.7, 1.3, size=n - 1), 15.0)
    return np.concatenate([[0.0], np.cumsum(gaps)])


def click(rng: np.random.Generator, sr: int) -> np.ndarray:
    """A soft-tissue snap or click.

    Its spectrum has not been measured (ACOUSTICS.md); this is an assumption: a damped
    resonance at 250-1200 Hz (a tendon or ligament flicking over bone) with a 1-3 ms
    attack, lasting 9-15 ms to -20 dB, around the 10 ms (hard) and 14 ms (soft) clicks
    of the temporomandibular joint (Watt 1983).
    """
    d = float(rng.uniform(9.0, 15.0))
    attack = float(rng.uniform(1.0, 3.0))
    f = float(rng.uniform(250.0, 1200.0))
    n = int(3 * d * sr / 1000.0)
    t = np.arange(n) / sr * 1000.0
    tau = (d - attack) / np.log(10.0)
    env = np.where(t < attack, 0.5 - 0.5 * np.cos(np.pi * t / attack), np.exp(-(t - attack) / tau))
    phase = rng.uniform(0, 2 * np.pi)
    y = np.sin(2 * np.pi * f * t / 1000.0 + phase) * env
    y = y + 0.1 * rng.standard_normal(n) * env
    return _unit(y)


def crepitus(rng: np.random.Generator, sr: int, *, duration_s: float | None = None) -> np.ndarray:
    """One grinding segment: a train of micro-impacts with stick-slip modulation.

    - ``duration_s``: 0.12-1.0 s. Widmalm et al. 1996 found energy peaks spread over
      20-300 ms in the jaw; a spinal segment moving through a bend is assumed longer.
    - Stick-slip rate N(16, 9) Hz, limited to 6-35 Hz (Widmalm 1996).
    - Each slip releases 3-10 micro-impacts within the first 40% of the cycle
      (assumption); each impact is a sub-millisecond broadband tick through a 500-3000 Hz
      tissue mode, the 30-3000 Hz band of crepitus (Widmalm 1996).
    """
    dur = duration_s if duration_s is not None else float(rng.uniform(0.12, 1.0))
    n = int(dur * sr)
    y = np.zeros(n + int(0.01 * sr))
    rate = float(np.clip(rng.normal(16.0, 9.0), 6.0, 35.0))
    period = 1.0 / rate
    f_mode = float(rng.uniform(500.0, 3000.0))
    t0 = float(rng.uniform(0.0, 0.2)) * period
    while t0 < dur:
        k = int(rng.integers(3, 11))
        times = t0 + np.sort(rng.uniform(0.0, 0.4 * period, size=k))
        amp_cycle = float(rng.uniform(0.5, 1.0))
        for ti in times:
            i = int(ti * sr)
            if i >= n:
                break
            tick = _decaying_noise(rng, sr, rise_ms=0.0, tau_ms=float(rng.uniform(0.15, 0.4)), length_ms=2.0)
            y[i : i + tick.size] += amp_cycle * float(rng.uniform(0.3, 1.0)) * tick[: y.size - i]
        t0 += period * float(rng.uniform(0.85, 1.15))
    y = y + 0.7 * _unit(_resonate(y, sr, f_mode, 1500.0)) * np.max(np.abs(y))
    return _unit(y)


def clunk(rng: np.random.Generator, sr: int) -> np.ndarray:
    """A loud, low-frequency thud, as of a slipping vertebra (spondylolisthesis).

    Never measured (ACOUSTICS.md). Assumption: 50-150 ms to -20 dB, energy below about
    300 Hz (low-passed noise plus a 40-150 Hz body mode), 3-12 ms attack.
    """
    from scipy.signal import butter, sosfilt

    d = float(rng.uniform(50.0, 150.0))
    attack = float(rng.uniform(3.0, 12.0))
    n = int(2 * d * sr / 1000.0)
    t = np.arange(n) / sr * 1000.0
    tau = (d - attack) / np.log(10.0)
    env = np.where(t < attack, t / attack, np.exp(-(t - attack) / tau))
    cutoff = float(rng.uniform(120.0, 300.0))
    noise = sosfilt(butter(4, cutoff, btype="lowpass", fs=sr, output="sos"), rng.standard_normal(n))
    body = np.sin(2 * np.pi * float(rng.uniform(40.0, 150.0)) * t / 1000.0)
    y = (_unit(noise) + 0.7 * body) * env
    return _unit(y)


# -- confounders (kind "other") -----------------------------------------------------------
def speech(rng: np.random.Generator, sr: int) -> np.ndarray:
    """Speech-like sound: a glottal pulse train through three formants, in syllables.

    Assumptions from textbook speech acoustics: f0 90-250 Hz; formants F1 300-800 Hz,
    F2 900-2300 Hz, F3 2300-3000 Hz; syllables of 120-250 ms at about 4 per second.
    """
    dur = float(rng.uniform(0.4, 1.5))
    n = int(dur * sr)
    f0 = float(rng.uniform(90.0, 250.0)) * (1 + 0.1 * np.sin(2 * np.pi * rng.uniform(0.5, 2) * np.arange(n) / sr))
    phase = np.cumsum(f0 / sr)
    pulses = np.diff(np.floor(phase), prepend=0.0)
    x = pulses + 0.02 * rng.standard_normal(n)
    for f, bw in ((rng.uniform(300, 800), 80.0), (rng.uniform(900, 2300), 100.0), (rng.uniform(2300, 3000), 120.0)):
        x = _unit(_resonate(x, sr, float(f), np.pi * bw))
    env = np.zeros(n)
    t = 0.0
    while t < dur:
        syl = float(rng.uniform(0.12, 0.25))
        a, b = int(t * sr), min(int((t + syl) * sr), n)
        if b > a:
            env[a:b] = np.sin(np.pi * np.arange(b - a) / (b - a)) * rng.uniform(0.5, 1.0)
        t += syl + float(rng.uniform(0.02, 0.1))
    return _unit(x * env)


def rustle(rng: np.random.Generator, sr: int) -> np.ndarray:
    """Handling noise: fabric or fingers rubbing the phone (assumption: band-limited noise,
    100-5000 Hz, under a smooth random envelope that changes at 2-10 Hz, 0.2-1.0 s)."""
    from scipy.signal import butter, sosfilt

    dur = float(rng.uniform(0.2, 1.0))
    n = int(dur * sr)
    hi = min(5000.0, 0.45 * sr)
    x = sosfilt(butter(2, [100.0, hi], btype="bandpass", fs=sr, output="sos"), rng.standard_normal(n))
    m = max(int(dur * rng.uniform(2, 10)), 1) + 2
    knots = rng.uniform(0.2, 1.0, size=m)
    env = np.interp(np.linspace(0, m - 1, n), np.arange(m), knots)
    env *= np.sin(np.pi * np.arange(n) / n)
    return _unit(x * env)


def hum(rng: np.random.Generator, sr: int, *, duration_s: float | None = None) -> np.ndarray:
    """Mains hum: 50 or 60 Hz with harmonics 2-7 at random falling levels (assumption)."""
    dur = duration_s if duration_s is not None else float(rng.uniform(0.5, 3.0))
    t = np.arange(int(dur * sr)) / sr
    f = float(rng.choice([50.0, 60.0]))
    y = np.zeros_like(t)
    for h in range(1, 8):
        if h * f < 0.45 * sr:
            y += rng.uniform(0.1, 1.0) / h * np.sin(2 * np.pi * h * f * t + rng.uniform(0, 2 * np.pi))
    return _unit(y)


def tone(rng: np.random.Generator, sr: int) -> np.ndarray:
    """A pure tone, as of a notification beep: 200-4000 Hz, 0.2-1.5 s, 5-20 ms fades."""
    dur = float(rng.uniform(0.2, 1.5))
    n = int(dur * sr)
    f = min(float(rng.uniform(200.0, 4000.0)), 0.4 * sr)
    y = np.sin(2 * np.pi * f * np.arange(n) / sr)
    fade = max(int(rng.uniform(0.005, 0.02) * sr), 1)
    ramp = np.linspace(0, 1, fade)
    y[:fade] *= ramp
    y[-fade:] *= ramp[::-1]
    return y


def background(rng: np.random.Generator, sr: int, n: int) -> np.ndarray:
    """Unit-RMS background noise, white or pink (room and microphone noise; assumption)."""
    x = rng.standard_normal(n)
    if rng.random() < 0.5:
        spec = np.fft.rfft(x)
        f = np.fft.rfftfreq(n, 1.0 / sr)
        spec[1:] /= np.sqrt(np.maximum(f[1:], 20.0) / 20.0)
        spec[0] = 0.0
        x = np.fft.irfft(spec, n)
    return x / (np.sqrt(np.mean(x**2)) + 1e-12)


CONFOUNDERS = {"speech": speech, "rustle": rustle, "hum": hum, "tone": tone}


# -- recordings ----------------------------------------------------------------------------
def _db(x: float) -> float:
    return float(10 ** (x / 20.0))


def _free(spans: list[tuple[float, float]], a: float, b: float, margin: float) -> bool:
    return all(b + margin <= s or a - margin >= e for s, e in spans)


def render_recording(
    scenario: str,
    *,
    seed: int,
    sample_rate: int = 48_000,
    duration_s: float | None = None,
    confounder_probability: float = 0.5,
    clipping_probability: float = 0.1,
) -> Recording:
    """Render one labelled recording of ``scenario`` (one of :data:`SCENARIOS`).

    - ``pop``/``thrust``: one cavitation burst (1-3 pops, or a 2-9 pop thrust), then
      nothing: the joint cannot crack again for about 20 minutes (Unsworth et al. 1971).
    - ``click``/``crepitus``/``clunk``: the same sound at the same point of each of
      3-5 movement cycles of 0.8-1.6 s, with +/-30 ms jitter (recurrence at the same
      point of each cycle, Teague et al. 2016; the cycle length is an assumption).
    - ``mixed``: a random joint scenario plus at least one confounder.
    - ``other``: confounders only.
    One recording in ten (``clipping_probability``) is driven into clipping. Joint
    sounds otherwise peak at -30 to -3 dBFS; background noise is 25-65 dB below the peak of
    the joint sound (assumption: from a phone held off the skin in a noisy room to a
    contact microphone in a quiet one).
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, not {scenario!r}")
    rng = np.random.default_rng(seed)
    sr = int(sample_rate)
    if scenario == "mixed":
        scenario_eff = str(rng.choice(["pop", "thrust", "click", "crepitus", "clunk"]))
        confounder_probability = 1.0
    else:
        scenario_eff = scenario
    if duration_s is not None:
        dur = duration_s
    else:  # a mixed recording is longer, so its confounders fit beside the joint sounds
        dur = float(rng.uniform(6.0, 8.0) if scenario == "mixed" else rng.uniform(4.0, 6.0))
    n = int(dur * sr)
    y = np.zeros(n)
    events: list[TruthEvent] = []
    spans: list[tuple[float, float]] = []
    level = _db(float(rng.uniform(-30.0, -3.0)))

    def place(w: np.ndarray, t: float, gain: float, kind: str, length_s: float) -> None:
        i = int(t * sr)
        m = min(w.size, n - i)
        if m <= 0:
            return
        y[i : i + m] += gain * w[:m]
        events.append(TruthEvent(kind, round(t, 6), round(min(t + length_s, dur), 6)))
        spans.append((t, t + max(length_s, w.size / sr)))

    if scenario_eff in ("pop", "thrust"):
        t0 = float(rng.uniform(0.3, dur * 0.5))
        if scenario_eff == "thrust":
            onsets = thrust_onsets_ms(rng) / 1000.0
        else:
            k = int(rng.integers(1, 4))
            onsets = np.concatenate([[0.0], np.cumsum(rng.uniform(0.05, 0.3, size=k - 1))])
        for o in onsets:
            d = float(np.clip(rng.normal(5.66, 0.3), 4.5, 7.0))
            place(pop(rng, sr, duration_ms=d), t0 + o, level * _db(rng.uniform(-6, 0)), "pop", d / 1000)
    elif scenario_eff in ("click", "crepitus", "clunk"):
        cycle = float(rng.uniform(0.8, 1.6))
        n_cycles = int(min(rng.integers(3, 6), (dur - 0.4) // cycle))
        n_cycles = max(n_cycles, 2)
        phase = float(rng.uniform(0.1, 0.4))
        wave_seed = int(rng.integers(2**31))
        gain = level * (_db(6.0) if scenario_eff == "clunk" else 1.0)
        for c in range(n_cycles):
            t = phase + c * cycle + float(rng.uniform(-0.03, 0.03))
            wrng = np.random.default_rng(wave_seed)  # same joint, same sound each cycle
            if scenario_eff == "click":
                w = click(wrng, sr)
                length = _decay_length(w, sr)
            elif scenario_eff == "clunk":
                w = clunk(wrng, sr)
                length = _decay_length(w, sr)
            else:
                seg = float(np.random.default_rng(wave_seed).uniform(0.12, min(1.0, 0.6 * cycle)))
                w = crepitus(np.random.default_rng(wave_seed + c), sr, duration_s=seg)
                length = seg
            if t + length < dur:
                place(w, t, gain * _db(rng.uniform(-2, 2)), scenario_eff, length)
    if scenario_eff in ("click", "crepitus", "clunk") and len(events) < 2:
        scenario_eff = "other" if not events else scenario_eff

    n_conf = 0
    if scenario == "other":
        n_conf = int(rng.integers(1, 4))
    elif rng.random() < confounder_probability:
        n_conf = int(rng.integers(1, 3))
    for _ in range(n_conf):
        name = str(rng.choice(list(CONFOUNDERS)))
        w = CONFOUNDERS[name](rng, sr)
        length = w.size / sr
        for _try in range(60):
            t = float(rng.uniform(0.05, max(dur - length - 0.05, 0.06)))
            if _free(spans, t, t + length, 0.15):
                place(w, t, level * _db(rng.uniform(-12, 6)), "other", length)
                break

    snr_db = float(rng.uniform(25.0, 65.0))
    y += level * _db(-snr_db) * background(rng, sr, n)
    if rng.random() < 0.2:  # steady mains hum under the whole recording
        y += level * _db(-snr_db + rng.uniform(0, 15)) * hum(rng, sr, duration_s=dur)[:n]
    peak = float(np.max(np.abs(y)))
    if rng.random() < clipping_probability:
        # Overload: a loud sound close to the microphone drives the recording 3-12 dB
        # past full scale and is clipped (assumption, seen on phones without limiting).
        y = np.clip(y * _db(float(rng.uniform(3.0, 12.0))) / max(peak, 1e-9), -1.0, 1.0)
    elif peak > 0.99:
        y *= 0.99 / peak
    events.sort(key=lambda e: e.start_s)
    evidence = dict(SCENARIO_EVIDENCE[scenario_eff]) if any(e.kind != "other" for e in events) else {}
    return Recording(y.astype(np.float32), sr, scenario, events, evidence)


def _decay_length(w: np.ndarray, sr: int) -> float:
    """Time from start until the envelope stays 20 dB below its peak."""
    a = np.abs(w)
    above = np.flatnonzero(a >= 0.1 * a.max())
    return float((above[-1] + 1) / sr) if above.size else 0.0


def write_recording(rec: Recording, path: str | Path, *, subtype: str | None = None) -> None:
    """Write ``rec`` as WAV or FLAC (16-bit unless ``subtype`` says otherwise) or OGG Vorbis."""
    import soundfile as sf

    if subtype is None:
        subtype = "VORBIS" if str(path).lower().endswith(".ogg") else "PCM_16"
    sf.write(str(path), rec.signal, rec.sample_rate, subtype=subtype)


def encode(signal: np.ndarray, sample_rate: int, target: Any, *, container: str, codec: str, bit_rate: int) -> None:
    """Write a mono float signal compressed as a phone or browser would (AAC in MP4, MP3, Opus in
    WebM), with PyAV; `target` is a path or a binary file object."""
    import av

    x = np.clip(np.asarray(signal, dtype=np.float32), -1.0, 1.0)
    with av.open(target, "w", format=container) as out:
        stream = out.add_stream(codec, rate=sample_rate)
        stream.layout = "mono"
        stream.bit_rate = bit_rate
        for i in range(0, x.size, 1024):
            frame = av.AudioFrame.from_ndarray(x[i : i + 1024].reshape(1, -1), format="fltp", layout="mono")
            frame.sample_rate = sample_rate
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def corpus_scenario(i: int) -> str:
    """Scenario of file ``i`` of a corpus: joint scenarios, mixed and confounders in turn."""
    order = ("pop", "thrust", "click", "crepitus", "clunk", "mixed", "thrust", "other")
    return order[i % len(order)]


def write_corpus(
    directory: str | Path,
    *,
    n: int = 200,
    seed: int = 0,
    sample_rate: int = 48_000,
    duration_s: float | None = None,
) -> Path:
    """Write ``n`` labelled recordings and ``truth.json`` into ``directory``.

    ``truth.json`` maps each file name to its scenario, expected evidence, and every
    event's kind, start and end in seconds. File ``i`` uses seed ``seed * 100003 + i``.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, dict] = {}
    for i in range(n):
        scen = corpus_scenario(i)
        rec = render_recording(scen, seed=seed * 100_003 + i, sample_rate=sample_rate, duration_s=duration_s)
        name = f"{i:04d}_{scen}.wav"
        write_recording(rec, out / name)
        truth[name] = {
            "scenario": scen,
            "sample_rate": sample_rate,
            "evidence": rec.evidence,
            "events": [asdict(e) for e in rec.events],
        }
    (out / "truth.json").write_text(json.dumps({"seed": seed, "files": truth}, indent=1))
    return out / "truth.json"
