"""A burst of heavy uploads does not stall the rest of the service, measured side by side.

Starts `backpop serve` (one-person mode, a throwaway diary) on a free loopback port, times the
pages and API routes a person uses (health, diary, start page, interview) while idle, then again
while 50 uploads of a small-to-send, long-to-decode recording arrive at once, and prints both
with their ratio (goal: the slowest answer during the burst under 1 s; most uploads are told to
come back with 503). The tests check the behaviour (every answer 200, uploads 200 or 503); this
checks the speed, which a shared machine cannot promise a unit test.
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import soundfile as sf

PATHS = ("/v1/health", "/v1/diary", "/", "/interview", "/v1/diary", "/v1/health")


def heavy_flac() -> bytes:
    """Two minutes of 8-channel 48 kHz silence: a few kilobytes to send, long to decode."""
    buffer = io.BytesIO()
    sf.write(buffer, np.zeros((48_000 * 120, 8), dtype=np.int16), 48_000, format="FLAC", subtype="PCM_16")
    return buffer.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def slowest(url: str) -> float:
    worst = 0.0
    for path in PATHS:
        start = time.perf_counter()
        response = httpx.get(url + path, timeout=30)
        worst = max(worst, time.perf_counter() - start)
        response.raise_for_status()
    return worst


def main() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            [sys.executable, "-m", "backpop.cli", "serve", "--port", str(port), "--db", str(Path(folder) / "d.db")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):
                try:
                    if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise SystemExit("the server did not start")
            idle = min(slowest(url) for _ in range(3))
            heavy = heavy_flac()
            with ThreadPoolExecutor(50) as pool:
                uploads = [
                    pool.submit(
                        httpx.post, url + "/v1/listen", files={"file": ("h.flac", heavy, "audio/flac")}, timeout=300
                    )
                    for _ in range(50)
                ]
                time.sleep(0.5)  # the burst is under way
                busy = slowest(url)
                statuses = [f.result().status_code for f in uploads]
        finally:
            server.terminate()
            server.wait(10)
    print(f"{'measure':<52}{'value':>10}")
    print(f"{'slowest of 6 answers, idle':<52}{idle * 1e3:>7.0f} ms")
    print(f"{'slowest of 6 answers, during 50 heavy uploads':<52}{busy * 1e3:>7.0f} ms   goal < 1000 ms")
    print(f"{'ratio busy / idle':<52}{busy / idle:>10.1f}")
    print(f"{'uploads answered 200 / told to come back (503)':<52}{statuses.count(200):>5} / {statuses.count(503)}")


if __name__ == "__main__":
    main()
