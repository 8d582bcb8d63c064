"""Memory and time of a burst of sign-ins: argon2 hashing is bounded, so memory stays flat.

Starts ``backpop serve --multi-user`` (one worker, argon2-cffi's default costs: 64 MiB and
3 passes per hash) on a SQLite file, makes one account, then sends N sign-ins at once
(POST /v1/tokens with the right password) and samples the server's resident memory every
10 ms. Reports the peak growth over the idle server, how many were answered 201 and how
many were told to come back (503), and the slowest answer.

    python benchmarks/bench_sign_in.py [--parallel 30]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

PASSWORD = "benchmark password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parallel", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="backpop-bench-signin-"))
    port = free_port()
    env = {**os.environ, "BACKPOP_DATA_DIR": str(folder / "data")}
    env.pop("BACKPOP_DATABASE_URL", None)
    code = (
        "import sys; from backpop.cli import main; "
        f"sys.exit(main(['serve', '--multi-user', '--port', '{port}', '--db', '{folder / 'd.sqlite3'}']))"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/v1/health", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=60) as browser:
            page = browser.get("/signup").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            browser.post(
                "/signup",
                data={"csrf_token": token, "username": "owner", "password": PASSWORD, "password_again": PASSWORD},
            )
        time.sleep(0.5)
        idle = rss_mb(server.pid)
        peak = idle
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_mb(server.pid))
                time.sleep(0.01)

        sampler = threading.Thread(target=sample)
        sampler.start()

        def sign_in(_: int) -> tuple[int, float]:
            started = time.perf_counter()
            reply = httpx.post(base + "/v1/tokens", json={"username": "owner", "password": PASSWORD}, timeout=60)
            return reply.status_code, time.perf_counter() - started

        with ThreadPoolExecutor(args.parallel) as pool:
            results = list(pool.map(sign_in, range(args.parallel)))
        done.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=15)
    statuses = [s for s, _ in results]
    others = len(statuses) - statuses.count(201) - statuses.count(503)
    print(
        f"{args.parallel} sign-ins at once (argon2id, 64 MiB each): {statuses.count(201)} answered 201, "
        f"{statuses.count(503)} told to retry (503), others {others}"
    )
    print(
        f"server memory: idle {idle:.0f} MB, peak {peak:.0f} MB (+{peak - idle:.0f} MB); "
        f"slowest answer {max(t for _, t in results):.2f} s"
    )
    return 0 if set(statuses) <= {201, 503} else 1


if __name__ == "__main__":
    sys.exit(main())
