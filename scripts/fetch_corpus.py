"""Fetch the real-sound corpus: Debian packages of openly licensed recordings (scripts/real_sounds.yaml).

Usage: python scripts/fetch_corpus.py [--out corpus/real]

Each package is downloaded with `apt-get download` (no root, nothing installed; run
`apt-get update` once on a fresh machine), unpacked with `dpkg-deb -x`, and its recordings
listed in OUT/manifest.json with their package, version, licence, class and split. A package
already unpacked is not fetched again. Choosing which files of a large package to use is seeded,
so the manifest is the same on every machine. The audio is never committed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "scripts" / "real_sounds.yaml"
AUDIO = {".wav", ".flac", ".ogg", ".oga", ".mp3", ".m4a", ".webm"}


def fetch(package: str, debs: Path) -> Path:
    found = sorted(debs.glob(f"{package}_*.deb"))
    if found:
        return found[-1]
    if shutil.which("apt-get") is None:
        sys.exit("fetch_corpus: apt-get is not on this machine; the corpus comes from Debian's packages")
    done = subprocess.run(["apt-get", "download", package], cwd=debs, capture_output=True, text=True)
    found = sorted(debs.glob(f"{package}_*.deb"))
    if done.returncode != 0 or not found:
        sys.exit(
            f"fetch_corpus: could not download {package} ({done.stderr.strip()[:200]}); run 'apt-get update' first"
        )
    return found[-1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "real")
    args = parser.parse_args(argv)
    out: Path = args.out
    debs = out / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    manifest = []
    for entry in spec["packages"]:
        package = entry["package"]
        deb = fetch(package, debs)
        version = deb.name.split("_")[1].replace("%3a", ":")
        tree = out / package
        if not tree.exists():
            subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
        files = sorted(p for p in tree.glob(entry["files"]) if p.suffix.lower() in AUDIO and p.is_file())
        limit = entry.get("limit")
        if limit and len(files) > limit:
            files = sorted(random.Random(package).sample(files, limit))
        for path in files:
            manifest.append(
                {
                    "file": str(path.relative_to(out)),
                    "package": package,
                    "version": version,
                    "licence": entry["licence"],
                    "class": entry["class"],
                    "split": entry["split"],
                }
            )
        print(f"{package} {version}: {len(files)} recordings ({entry['split']})")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(f"{len(manifest)} recordings listed in {out / 'manifest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
