"""Diary speed: saving one assessment, and the 12-week trend and report for 5,000 episodes.

    python benchmarks/bench_diary.py [--episodes 5000] [--pg postgresql://...]

SQLite always; PostgreSQL too when --pg (or $BACKPOP_BENCH_PG_URL) is given, or
when the Debian PostgreSQL binaries are present, in which case a throwaway
server is started on a free loopback port and stopped at the end.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from backpop import Episode, assess
from backpop.diary import Diary
from backpop.diary.report import build_report
from backpop.diary.weekly import build_trend

SAVES = 200


def _episode_mix(rng: random.Random) -> Episode:
    return Episode(
        sound=rng.choice(["pop", "pop", "click", "grinding", "clunk"]),
        pain=rng.choice(["none", "none", "none", "mild", "moderate"]),
        activity=rng.choice(["twisting", "bending", "self_adjusting", "position_change"]),
        radiating_pain=rng.random() < 0.01,
    )


def synthetic_export(episodes: int, now: datetime, seed: int = 7) -> dict:
    """An export document with `episodes` assessed episodes over a year, and self-cracking."""
    rng = random.Random(seed)
    cache: dict[str, dict] = {}
    items, cracks = [], []
    for i in range(episodes):
        when = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        episode = _episode_mix(rng)
        key = episode.model_dump_json()
        if key not in cache:
            cache[key] = assess(episode).model_dump(mode="json")
        items.append(
            {
                "id": i + 1,
                "occurred_at": when.isoformat(),
                "created_at": when.isoformat(),
                "facts": episode.known(),
                "text": None,
                "seen_at": None,
                "assessments": [
                    {
                        "created_at": when.isoformat(),
                        "knowledge_version": cache[key]["knowledge_version"],
                        "assessment": cache[key],
                    }
                ],
            }
        )
    for _ in range(episodes):
        cracks.append({"occurred_at": (now - timedelta(minutes=rng.randrange(365 * 24 * 60))).isoformat()})
    recordings = [
        {
            "episode_id": rng.randrange(1, episodes + 1),
            "recorded_at": (now - timedelta(days=rng.randrange(365))).isoformat(),
            "duration_s": 10.0,
            "sample_rate": 48000,
            "listen": {"events": [{"time": rng.uniform(0, 10), "kind": "pop"} for _ in range(5)]},
        }
        for _ in range(30)
    ]
    return {
        "format": "backpop-diary",
        "format_version": 1,
        "episodes": items,
        "recordings": recordings,
        "self_adjustments": cracks,
        "notes": [],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_postgres():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        yield None
        return
    bin_dir = Path(found[-1]).parent
    root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if root else []
    base = Path(tempfile.mkdtemp(prefix="backpop-bench-pg-"))
    if root:
        shutil.chown(base, "postgres", "postgres")
    port = _free_port()
    ctl = [*run_as, str(bin_dir / "pg_ctl"), "-D", str(base / "data")]
    subprocess.run(
        [*run_as, str(bin_dir / "initdb"), "-D", str(base / "data"), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*ctl, "-o", f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "-l", str(base / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*ctl, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def bench(url: str, label: str, episodes: int, now: datetime) -> list[tuple[str, str]]:
    rows = []
    t0 = time.perf_counter()
    diary = Diary(url)
    rows.append((f"{label}: open (create + migrate)", f"{(time.perf_counter() - t0) * 1000:.1f} ms"))
    episode = Episode(sound="pop", pain="none")
    assessment = assess(episode)
    times = []
    for _ in range(SAVES):
        t0 = time.perf_counter()
        diary.save_assessment(episode, assessment, owner="bench-save")
        times.append(time.perf_counter() - t0)
    rows.append(
        (
            f"{label}: save one assessment",
            f"median {statistics.median(times) * 1000:.2f} ms, "
            f"p95 {sorted(times)[int(0.95 * SAVES)] * 1000:.2f} ms ({SAVES} saves)",
        )
    )
    document = synthetic_export(episodes, now)
    t0 = time.perf_counter()
    diary.import_(document, owner="bench")
    rows.append((f"{label}: import {episodes:,} episodes", f"{time.perf_counter() - t0:.2f} s"))
    t0 = time.perf_counter()
    build_trend(diary, weeks=12, owner="bench", now=now)
    rows.append((f"{label}: 12-week trend, {episodes:,} episodes", f"{(time.perf_counter() - t0) * 1000:.0f} ms"))
    t0 = time.perf_counter()
    page = build_report(diary, owner="bench", now=now).html()
    rows.append((f"{label}: HTML report, {episodes:,} episodes", f"{time.perf_counter() - t0:.2f} s"))
    rows.append((f"{label}: HTML report size", f"{len(page.encode()) / 1024:.0f} KiB"))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        build_report(diary, owner="bench", now=now).pdf(Path(tmp) / "r.pdf")
        elapsed = time.perf_counter() - t0
        size = (Path(tmp) / "r.pdf").stat().st_size
    rows.append((f"{label}: PDF report", f"{elapsed:.2f} s, {size / 1024:.0f} KiB"))
    diary.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=5000)
    parser.add_argument("--pg", default=os.environ.get("BACKPOP_BENCH_PG_URL"))
    args = parser.parse_args()
    now = datetime(2026, 6, 1, 12)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401 - imported before timing

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench(str(Path(tmp) / "bench.sqlite3"), "SQLite", args.episodes, now)
    if args.pg:
        rows += bench(args.pg, "PostgreSQL", args.episodes, now)
    else:
        with throwaway_postgres() as url:
            if url is None:
                rows.append(("PostgreSQL", "skipped: no server binaries and no --pg URL"))
            else:
                rows += bench(url, "PostgreSQL", args.episodes, now)
    table = Table(title="backpop diary benchmark")
    table.add_column("measure")
    table.add_column("result", justify="right")
    for measure, result in rows:
        table.add_row(measure, result)
    Console().print(table)


if __name__ == "__main__":
    main()
