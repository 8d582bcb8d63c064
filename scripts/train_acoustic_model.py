"""Rebuild src/backpop/acoustics/acoustic_model.json from the synthesizer and real sounds.

    python scripts/train_acoustic_model.py            (make model; run make corpus first)

Besides the synthesizer's recordings, every impulse found in the *train* packages of the
real-sound corpus (corpus/real/manifest.json, made by `make corpus`: typing, speech, system
sounds; see scripts/real_sounds.yaml) is a training example of `other`: real everyday sounds
that are not joint sounds. The held-out packages are never read here.

Deterministic: the same code gives the same file, byte for byte. Training recordings
use seeds 1,000,000 and up; the test corpus (tests/acoustics) uses seed 7 of
``write_corpus``, i.e. seeds 700,021 and up, so training and evaluation never share a
recording or a parameter draw. Only numpy is needed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from backpop.acoustics.analysis import describe_blocks
from backpop.acoustics.classify import MODEL_PATH, AcousticModel
from backpop.acoustics.features import FEATURE_NAMES, feature_matrix
from backpop.acoustics.kinds import EVENT_KINDS as KINDS
from backpop.acoustics.synth import TruthEvent, corpus_scenario, encode, render_recording

TRAIN_SEED = 1_000_000
#: Most recordings at 48 kHz (phones), some at the other common rates, so the model
#: sees the same sounds at the rates ``listen`` accepts.
RATES = (48_000, 48_000, 44_100, 16_000, 96_000, 8_000, 22_050, 192_000)
#: A pop or click impulse counts as that sound when its onset is this close to the
#: truth onset (half the 10 ms tolerance of the evaluation).
ONSET_TOLERANCE_S = 0.005


def label_impulses(impulses, truth: list[TruthEvent], sample_rate: int) -> list[str]:
    """The kind each detected impulse should get, from the recording's ground truth."""
    labels = []
    for imp in impulses:
        t0, t1 = imp.start / sample_rate, imp.end / sample_rate
        label = "other"
        for e in truth:
            if e.kind in ("pop", "click") and abs(t0 - e.start_s) <= ONSET_TOLERANCE_S:
                label = e.kind
                break
            if e.kind == "clunk" and -0.01 <= t0 - e.start_s <= 0.02:
                label = "clunk"
                break
            if e.kind == "crepitus" and t0 < e.end_s + 0.01 and t1 > e.start_s - 0.005:
                label = "crepitus"
                break
        labels.append(label)
    return labels


REAL_CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "real"


def real_other_dataset(corpus: Path = REAL_CORPUS) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Impulses of the real-sound corpus's train packages, all labelled `other`."""
    from backpop.acoustics.io import iter_mono_blocks, probe

    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    xs, packages = [], []
    for item in manifest:
        if item["split"] != "train":
            continue
        info = probe(corpus / item["file"])
        imps, _ = describe_blocks(iter_mono_blocks(info), sample_rate=info.sample_rate)
        if imps:
            xs.append(feature_matrix(imps))
        packages.append(f"{item['package']} {item['version']}")
    x = np.vstack(xs) if xs else np.zeros((0, len(FEATURE_NAMES)))
    return x, np.full(x.shape[0], KINDS.index("other")), sorted(set(packages))


#: Every CODEC_EVERY-th training recording is also heard after a round trip through AAC at
#: 64 kbit/s, the "compressed" setting of phone voice recorders (and FFmpeg's default for mono):
#: it smears sharp transients, and without such examples a burst of pops came out as crepitus.
CODEC_EVERY = 3
CODEC_BIT_RATE = 64_000


def aac_round_trip(x: np.ndarray, sr: int, bit_rate: int = CODEC_BIT_RATE) -> np.ndarray:
    """The signal as a phone's AAC recording would give it back (PyAV, in memory)."""
    import io

    import av

    buffer = io.BytesIO()
    encode(x, sr, buffer, container="mp4", codec="aac", bit_rate=bit_rate)
    buffer.seek(0)
    pieces = []
    with av.open(buffer) as back:
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=sr)
        for frame in back.decode(audio=0):
            for converted in resampler.resample(frame):
                pieces.append(converted.to_ndarray()[0])
    decoded = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    return decoded[: x.size].astype(np.float32)


def build_dataset(n_files: int, seed: int, *, codec: bool = False) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for i in range(n_files):
        sr = RATES[i % len(RATES)]
        rec = render_recording(corpus_scenario(i), seed=seed + i, sample_rate=sr)
        versions = [rec.signal]
        if codec and i % CODEC_EVERY == 0 and sr <= 96_000:
            versions.append(aac_round_trip(rec.signal, sr))
        for x in versions:
            blocks = (x[j : j + 65_536] for j in range(0, x.size, 65_536))
            imps, _ = describe_blocks(blocks, sample_rate=sr)
            if not imps:
                continue
            xs.append(feature_matrix(imps))
            ys.extend(KINDS.index(k) for k in label_impulses(imps, rec.events, sr))
    return np.vstack(xs), np.array(ys)


def train_mlp(
    x: np.ndarray, y: np.ndarray, *, hidden: int, steps: int, seed: int, l2: float = 1e-4, lr: float = 0.01
) -> AcousticModel:
    """Full-batch Adam on class-balanced cross-entropy; one tanh hidden layer."""
    rng = np.random.default_rng(seed)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    k = len(KINDS)
    counts = np.bincount(y, minlength=k).astype(float)
    weight = (len(y) / (k * np.maximum(counts, 1)))[y]
    weight /= weight.sum()
    onehot = np.eye(k)[y]
    params = [
        rng.normal(0, 1 / np.sqrt(z.shape[1]), (z.shape[1], hidden)),
        np.zeros(hidden),
        rng.normal(0, 1 / np.sqrt(hidden), (hidden, k)),
        np.zeros(k),
    ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        w1, b1, w2, b2 = params
        h = np.tanh(z @ w1 + b1)
        logits = h @ w2 + b2
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * weight[:, None]
        gw2 = h.T @ g + l2 * w2
        gb2 = g.sum(axis=0)
        gh = (g @ w2.T) * (1 - h**2)
        gw1 = z.T @ gh + l2 * w1
        gb1 = gh.sum(axis=0)
        for j, gr in enumerate((gw1, gb1, gw2, gb2)):
            m[j] = 0.9 * m[j] + 0.1 * gr
            v[j] = 0.999 * v[j] + 0.001 * gr**2
            params[j] = params[j] - lr * (m[j] / (1 - 0.9**t)) / (np.sqrt(v[j] / (1 - 0.999**t)) + 1e-8)
    w1, b1, w2, b2 = params
    return AcousticModel(FEATURE_NAMES, KINDS, mean, scale, [(w1, b1), (w2, b2)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=720, help="training recordings (default 720)")
    ap.add_argument("--validation-files", type=int, default=120)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument(
        "--no-real",
        dest="real",
        action="store_false",
        help="train on the synthesizer alone, without the real-sound corpus",
    )
    args = ap.parse_args(argv)
    t = time.time()
    x, y = build_dataset(args.files, TRAIN_SEED, codec=True)
    real_packages: list[str] = []
    if args.real and (REAL_CORPUS / "manifest.json").exists():
        xr, yr, real_packages = real_other_dataset()
        x, y = np.vstack([x, xr]), np.concatenate([y, yr])
        print(f"real 'other' impulses: {len(yr)} from {', '.join(real_packages)}", file=sys.stderr)
    elif args.real:
        print("no real-sound corpus (make corpus): training on the synthesizer alone", file=sys.stderr)
    xv, yv = build_dataset(args.validation_files, TRAIN_SEED + 500_000)
    print(
        f"impulses: train {len(y)} {np.bincount(y, minlength=5).tolist()}, "
        f"validation {len(yv)} ({time.time() - t:.0f} s)",
        file=sys.stderr,
    )
    model = train_mlp(x, y, hidden=args.hidden, steps=args.steps, seed=0)
    pred = model.predict_proba(xv).argmax(axis=1)
    acc = float((pred == yv).mean())
    conf = np.zeros((5, 5), dtype=int)
    np.add.at(conf, (yv, pred), 1)
    print(f"validation impulse accuracy {acc:.3f}; confusion (rows truth {KINDS}):\n{conf}", file=sys.stderr)
    model.meta = {
        "trained_by": "scripts/train_acoustic_model.py",
        "train_seed": TRAIN_SEED,
        "train_files": args.files,
        "train_impulses": int(len(y)),
        "validation_impulse_accuracy": round(acc, 4),
        "real_other_packages": real_packages,
        "codec_copies": f"every {CODEC_EVERY}rd recording also after AAC at {CODEC_BIT_RATE // 1000} kbit/s",
        "hidden": args.hidden,
        "steps": args.steps,
    }
    args.out.write_text(json.dumps(model.to_json_dict(), separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
