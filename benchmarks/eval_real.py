"""Real everyday sounds that are not joint sounds: how often does `listen` call them joint sounds?

Usage: python benchmarks/eval_real.py [--corpus corpus/real] [--detail]
       (fetch the corpus first: make corpus)

Every recording of the real-sound corpus (Debian packages of typing, speech, percussion and
system sounds; see scripts/real_sounds.yaml) is heard alone. A file "has joint-sound evidence"
when listen's summary.evidence is not empty, i.e. it would add `sound` (and maybe `repeat`) to an
assessment. Reported per package (class) and split; the held-out packages were never used to
train or tune anything. A report, not a gate: exits 0 (1 when the corpus is missing).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def hear(path: str) -> tuple[str, dict, dict]:
    from backpop.acoustics import listen
    from backpop.errors import AudioError

    try:
        result = listen(path)
    except AudioError as exc:
        return path, {"error": str(exc)}, {}
    return path, result.summary.evidence, result.summary.counts


def mixed(item: tuple[str, int]) -> tuple[str, str | None]:
    """A synthetic manipulation (a burst of pops, as in ACOUSTICS.md) laid over a real sound, 1 s
    after it starts: is the joint sound still heard as a pop?"""
    import tempfile

    import numpy as np
    import soundfile as sf

    from backpop.acoustics import listen
    from backpop.acoustics.io import iter_mono_blocks, probe
    from backpop.acoustics.synth import pop, thrust_onsets_ms

    path, seed = item
    try:
        info = probe(path)
        real = np.concatenate(list(iter_mono_blocks(info)))
    except Exception:  # noqa: BLE001 - a report: an unreadable file is skipped
        return path, None
    sr = info.sample_rate
    rng = np.random.default_rng(seed)
    x = np.zeros(max(real.size, 3 * sr), dtype=np.float32)
    x[: real.size] += real
    at = int(1.0 * sr)
    for onset_ms in thrust_onsets_ms(rng):
        w = pop(rng, sr) * 0.3
        i = at + int(onset_ms * sr / 1000)
        x[i : i + w.size] += w[: x.size - i]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "mixed.wav"
        sf.write(str(out), np.clip(x, -1, 1), sr, subtype="FLOAT")
        return path, listen(out).summary.evidence.get("sound")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "real")
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args(argv)
    manifest_path = args.corpus / "manifest.json"
    if not manifest_path.exists():
        print(f"no corpus at {args.corpus}: run make corpus first")
        return 1
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    paths = [str(args.corpus / m["file"]) for m in manifest]
    with ProcessPoolExecutor(max_workers=2) as pool:
        heard = {p: (ev, counts) for p, ev, counts in pool.map(hear, paths, chunksize=8)}
    rows: dict[tuple[str, str], Counter] = defaultdict(Counter)
    kinds: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for m, path in zip(manifest, paths, strict=True):
        evidence, counts = heard[path]
        key = (m["split"], m["package"])
        rows[key]["files"] += 1
        if "error" in evidence:
            rows[key]["unreadable"] += 1
            continue
        if evidence:
            rows[key]["joint"] += 1
            kinds[key][evidence.get("sound", "?")] += 1
            if args.detail:
                print(f"  {m['package']}: {m['file']} -> {evidence} {counts}")
    print("real non-joint sounds heard alone: share of files with joint-sound evidence")
    print(f"{'split':<8} {'package (class)':<60} {'files':>6} {'with evidence':>14}  called")
    for split in ("train", "heldout"):
        total = Counter()
        for (s, package), c in sorted(rows.items()):
            if s != split:
                continue
            total.update(c)
            cls = next(m["class"] for m in manifest if m["package"] == package)
            label = f"{package} ({cls.split(' (')[0]})"
            print(
                f"{split:<8} {label:<60} {c['files']:>6} {c['joint']:>5} ({c['joint'] / c['files']:6.1%})  "
                f"{dict(kinds[(s, package)])}" + (f" unreadable {c['unreadable']}" if c["unreadable"] else "")
            )
        if total["files"]:
            print(
                f"{split:<8} {'all ' + split:<60} {total['files']:>6} {total['joint']:>5} "
                f"({total['joint'] / total['files']:6.1%})"
            )
    print()
    print("a burst of pops (a manipulation) laid over each real sound: share still heard as a pop")
    with ProcessPoolExecutor(max_workers=2) as pool:
        found = dict(pool.map(mixed, [(p, i) for i, p in enumerate(paths)], chunksize=8))
    for split in ("train", "heldout"):
        for package in sorted({m["package"] for m in manifest if m["split"] == split}):
            heard = [found[str(args.corpus / m["file"])] for m in manifest if m["package"] == package]
            heard = [h for h in heard if h is not None or True]
            ok = sum(h == "pop" for h in heard)
            print(f"{split:<8} {package:<60} {len(heard):>6} {ok:>5} ({ok / len(heard):6.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
