"""Benchmark ``backpop listen``: speed, memory, and a comparison with librosa.

    python benchmarks/bench_listen.py [--minutes 10] [--long-minutes 60] [--keep DIR]

Prints one compact table:
- real-time factor of ``listen`` on a 48 kHz mono file, on one core (goal >= 500x);
- ``listen`` time over the time to merely decode the same file (goal <= 10x);
- peak memory (ru_maxrss) of ``listen`` on 10- and 60-minute files, each in its own
  subprocess (goal: about the same);
- librosa ``onset.onset_detect`` (if installed; warmed up once first, since numba
  compiles on first use): time ratio (goal backpop >= 3x faster) and how many pops of a
  9-pop thrust (26 ms apart, Dunning 2013) each one finds.
"""

from __future__ import annotations

import os

# One core: no threaded BLAS or numba pools (set before numpy is imported).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

SR = 48_000
THRUST_ONSETS_S = [0.5 + 0.026 * k for k in range(9)]


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def make_long_recording(path: Path, *, minutes: float, seed: int = 0) -> Path:
    """Write a long 16-bit recording block by block: background noise with a thrust every
    30 s, clicks every 7 s and speech now and then (memory stays small)."""
    import soundfile as sf

    from backpop.acoustics import synth

    rng = np.random.default_rng(seed)
    block_s = 10
    n_blocks = int(minutes * 60 / block_s)
    with sf.SoundFile(str(path), "w", SR, 1, subtype="PCM_16") as f:
        for b in range(n_blocks):
            x = rng.standard_normal(block_s * SR) * 10 ** (-60 / 20)
            t0 = b * block_s
            for t in np.arange(0.0, block_s, 7.0) + 1.0:
                w = synth.click(rng, SR) * 0.1
                i = int(t * SR)
                x[i : i + w.size] += w
            if t0 % 30 == 0:
                for o in synth.thrust_onsets_ms(rng) / 1000.0:
                    w = synth.pop(rng, SR) * 0.2
                    i = int((2.0 + o) * SR)
                    x[i : i + w.size] += w
            if b % 3 == 1:
                w = synth.speech(rng, SR) * 0.05
                i = int(5.0 * SR)
                x[i : i + w.size] += w[: x.size - i]
            f.write(x.astype(np.float32))
    return path


def make_thrust(path: Path) -> Path:
    import soundfile as sf

    from backpop.acoustics import synth

    rng = np.random.default_rng(26)
    x = rng.standard_normal(2 * SR) * 10 ** (-60 / 20)
    for t in THRUST_ONSETS_S:
        w = synth.pop(rng, SR) * 0.3
        i = int(t * SR)
        x[i : i + w.size] += w
    sf.write(str(path), x.astype(np.float32), SR, subtype="PCM_16")
    return path


def time_decode(path: Path) -> float:
    from backpop.acoustics.io import iter_mono_blocks, probe

    t = time.perf_counter()
    for _ in iter_mono_blocks(probe(path)):
        pass
    return time.perf_counter() - t


def time_listen(path: Path) -> tuple[float, object]:
    from backpop.acoustics import listen

    t = time.perf_counter()
    result = listen(path)
    return time.perf_counter() - t, result


def peak_memory_mb(path: Path) -> float:
    """Run listen on ``path`` in a fresh subprocess and return its ru_maxrss in MB."""
    code = (
        "import resource, sys; from backpop.acoustics import listen; "
        f"listen({str(path)!r}); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0  # Linux reports KiB


def librosa_comparison(path: Path, thrust: Path) -> dict | None:
    try:
        import librosa
    except ImportError:
        return None
    import soundfile as sf

    y, sr = sf.read(str(thrust), dtype="float32")
    librosa.onset.onset_detect(y=y, sr=sr)  # warm-up: numba compiles on first call

    def run_librosa() -> float:
        t = time.perf_counter()
        x, rate = sf.read(str(path), dtype="float32")  # decoding is part of both timings
        librosa.onset.onset_detect(y=x, sr=rate, units="time")
        return time.perf_counter() - t

    def run_librosa_default() -> float:
        t = time.perf_counter()
        x, rate = librosa.load(str(path))  # the usual call: resamples to 22.05 kHz
        librosa.onset.onset_detect(y=x, sr=rate, units="time")
        return time.perf_counter() - t

    t_librosa = min(run_librosa() for _ in range(2))
    t_librosa_default = min(run_librosa_default() for _ in range(2))
    t_backpop = min(time_listen(path)[0] for _ in range(2))

    def in_thrust(onsets: np.ndarray) -> int:
        lo, hi = THRUST_ONSETS_S[0] - 0.03, THRUST_ONSETS_S[-1] + 0.03
        return int(np.sum((onsets >= lo) & (onsets <= hi)))

    # At the file's own rate, and as librosa.load would give it (22.05 kHz).
    native = in_thrust(librosa.onset.onset_detect(y=y, sr=sr, units="time"))
    y22 = librosa.resample(y, orig_sr=sr, target_sr=22_050)
    default = in_thrust(librosa.onset.onset_detect(y=y22, sr=22_050, units="time"))
    _, result = time_listen(thrust)
    found_backpop = sum(1 for e in result.events if e.kind == "pop")
    return {
        "librosa_s": t_librosa,
        "librosa_default_s": t_librosa_default,
        "backpop_s": t_backpop,
        "librosa_pops": native,
        "librosa_pops_22k": default,
        "backpop_pops": found_backpop,
        "version": librosa.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark backpop listen.")
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--long-minutes", type=float, default=60.0)
    ap.add_argument("--keep", type=Path, default=None, help="directory for the test files")
    args = ap.parse_args(argv)
    _pin_one_core()
    tmp = tempfile.TemporaryDirectory() if args.keep is None else None
    d = Path(tmp.name) if tmp else args.keep
    d.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str]] = []
    try:
        short = d / f"bench_{args.minutes:g}min.wav"
        long = d / f"bench_{args.long_minutes:g}min.wav"
        for p, m in ((short, args.minutes), (long, args.long_minutes)):
            if not p.exists():
                make_long_recording(p, minutes=m)
        time_listen(make_thrust(d / "thrust.wav"))  # warm-up: imports, model load
        # Best of three: the machine may be shared, and the best run is the code's speed.
        t_dec = min(time_decode(short) for _ in range(3))
        t_lis, result = min((time_listen(short) for _ in range(3)), key=lambda r: r[0])
        audio_s = args.minutes * 60
        rt = audio_s / t_lis
        rows.append(("real-time factor (48 kHz mono, 1 core)", f"{rt:,.0f}x", "goal >= 500x"))
        rows.append(("decode only / listen", f"{t_dec:.2f} s / {t_lis:.2f} s", ""))
        rows.append(("listen / decode", f"{t_lis / t_dec:.1f}x", "goal <= 10x"))
        rows.append(("events found in the long file", str(len(result.events)), json.dumps(result.summary.counts)))
        m_short, m_long = peak_memory_mb(short), peak_memory_mb(long)
        rows.append(
            (
                f"peak memory {args.minutes:g} min vs {args.long_minutes:g} min",
                f"{m_short:.0f} MB vs {m_long:.0f} MB",
                f"ratio {m_long / m_short:.2f}",
            )
        )
        lib = librosa_comparison(short, d / "thrust.wav")
        if lib is None:
            rows.append(("librosa comparison", "skipped", "librosa is not installed (pip install librosa)"))
        else:
            rows.append(
                (
                    f"librosa {lib['version']} onset_detect vs backpop listen ({args.minutes:g} min)",
                    f"{lib['librosa_s']:.2f} s vs {lib['backpop_s']:.2f} s",
                    f"backpop {lib['librosa_s'] / lib['backpop_s']:.1f}x faster (goal >= 3x)",
                )
            )
            rows.append(
                (
                    "librosa.load (22.05 kHz) + onset_detect vs backpop listen",
                    f"{lib['librosa_default_s']:.2f} s vs {lib['backpop_s']:.2f} s",
                    f"librosa / backpop time {lib['librosa_default_s'] / lib['backpop_s']:.1f}",
                )
            )
            rows.append(
                (
                    "pops found in a 9-pop thrust (26 ms apart)",
                    f"backpop {lib['backpop_pops']}, librosa {lib['librosa_pops']}",
                    f"librosa at 22.05 kHz (librosa.load default): {lib['librosa_pops_22k']}",
                )
            )
    finally:
        if tmp:
            tmp.cleanup()
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print(f"{'measure':<{w0}}  {'result':<{w1}}  note")
    print(f"{'-' * w0}  {'-' * w1}  ----")
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:<{w1}}  {c}")
    print(f"(this process peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
