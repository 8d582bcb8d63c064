"""Load test of the web API: throughput and latency of POST /v1/assess, and diary writes under load.

Starts three servers as subprocesses on free loopback ports, each exactly as it
runs in production (uvicorn, one worker):

* backpop, single-person mode, started through ``serve_command`` (access log on,
  sent to /dev/null);
* a bare FastAPI app with one POST endpoint that returns a constant, the baseline;
* backpop in multi-user mode on a SQLite file, for the diary-write test.

This process is the client (httpx, asyncio). It sends 10,000 POST /v1/assess at
50 concurrent connections to the baseline and to backpop, side by side in the
same run, and reports throughput, p50 and p99 and backpop's throughput as a
fraction of the baseline's (goal: >= 0.5). Then several people write to their
own diaries at once; every row must arrive, under its own owner.

Then, on a throwaway PostgreSQL server (started as the tests start theirs), two
more servers with two workers each: ``backpop serve --multi-user --workers 2`` and
the bare FastAPI app with a constant POST /v1/diary. 10,000 diary writes at 50
connections go to each, side by side; every write must be answered 201 and every
row must be in its owner's export.

Exit status 1 on any failed request, lost row or row under the wrong owner.

    python benchmarks/bench_web.py [--requests 10000] [--concurrency 50] [--no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

EPISODES = [
    {"sound": "pop", "pain": "none", "activity": "twisting", "repeat": "not_for_a_while", "region": "lower_back"},
    {"sound": "grinding", "pain": "mild", "age": 63, "weeks": 8, "region": "neck"},
    {"sound": "click", "pain": "none", "repeat": "every_movement", "self_adjusting": "daily"},
    {
        "sound": "pop",
        "pain": "severe",
        "activity": "heavy_lift",
        "pain_began_with_pop": True,
        "radiating_pain": True,
        "numbness_tingling": False,
    },
    {
        "saddle_numbness": False,
        "bladder_bowel_change": False,
        "progressive_weakness": False,
        "sound": "clunk",
        "giving_way": True,
        "pain": "moderate",
    },
]

BARE_APP = """
import uvicorn
from fastapi import FastAPI

app = FastAPI()

@app.post("/v1/assess")
async def assess(body: dict) -> dict:
    return {"ok": True}

@app.get("/v1/health")
async def health() -> dict:
    return {"status": "ok"}

uvicorn.run(app, host="127.0.0.1", port={port}, access_log=False, log_level="warning")
"""

BACKPOP_APP = """
from backpop.web.cli import serve_command
serve_command(host="127.0.0.1", port={port}, multi_user={multi}, db={db!r}, max_upload_mb=20.0,
              secure_cookies=False, forwarded_allow_ips="", workers=1)
"""


BARE_MODULE = """
from fastapi import FastAPI

app = FastAPI()

@app.post("/v1/diary", status_code=201)
async def save(body: dict) -> dict:
    return {"id": "e1"}

@app.get("/v1/health")
async def health() -> dict:
    return {"status": "ok"}
"""

BARE_WORKERS = """
import uvicorn
uvicorn.run("bare_app:app", host="127.0.0.1", port={port}, workers=2, app_dir={folder!r}, access_log=False,
            log_level="warning")
"""

BACKPOP_WORKERS = """
import sys
from backpop.cli import main
sys.exit(main(["serve", "--port", "{port}", "--multi-user", "--workers", "2", "--db", {db!r}]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, code: str, env: dict[str, str]) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code.replace("{port}", str(self.port))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )

    def wait_ready(self, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} server exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise SystemExit(f"{self.name} server did not start in {timeout_s:.0f} s")

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (Linux /proc; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def load(url: str, total: int, concurrency: int) -> dict[str, float]:
    """`total` POST /v1/assess over `concurrency` connections; latencies in ms."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    bodies = [json.dumps(e).encode() for e in EPISODES]
    headers = {"content-type": "application/json"}

    async def worker() -> None:
        # One client per connection: httpx's shared pool serialises 50 connections on
        # its own lock and would measure the client, not the server.
        nonlocal errors
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
            for i in counter:
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/assess", content=bodies[i % len(bodies)], headers=headers)
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "seconds": elapsed}


def summarize(runs: list[dict]) -> dict[str, float]:
    latencies = sorted(x for r in runs for x in r["latencies"])
    seconds = sum(r["seconds"] for r in runs)
    cpu = sum(r["cpu"] for r in runs)
    return {
        "requests": len(latencies),
        "errors": sum(r["errors"] for r in runs),
        "cpu_ms": 1000 * cpu / len(latencies) if cpu else float("nan"),
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
    }


async def diary_writes(url: str, people: int, writes_each: int, concurrency: int) -> dict[str, int]:
    """Several people save to their own diaries at once; count what arrived, and where."""
    tokens = await sign_up_people(url, people)
    jobs = [(name, i) for i in range(writes_each) for name in tokens]
    accepted: dict[str, int] = dict.fromkeys(tokens, 0)
    errors = 0
    queue = iter(jobs)
    async with httpx.AsyncClient(base_url=url, timeout=60) as anonymous:

        async def worker() -> None:
            nonlocal errors
            for name, i in queue:
                body = {"episode": EPISODES[i % len(EPISODES)], "text": f"{name} entry {i}"}
                try:
                    response = await anonymous.post(
                        "/v1/diary", json=body, headers={"authorization": f"Bearer {tokens[name]}"}
                    )
                except httpx.HTTPError:
                    errors += 1
                    continue
                if response.status_code == 201:
                    accepted[name] += 1
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    rows = await count_rows(url, tokens, accepted)
    return {"writes": len(jobs), "accepted": sum(accepted.values()), "errors": errors, **rows}


async def sign_up_people(url: str, people: int) -> dict[str, str]:
    """Accounts person0..personN-1 and a bearer token for each."""
    tokens: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=True) as anonymous:
        for n in range(people):
            name = f"person{n}@example.org"
            async with httpx.AsyncClient(base_url=url, timeout=60) as browser:
                page = (await browser.get("/signup")).text
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                await browser.post(
                    "/signup",
                    data={
                        "csrf_token": token,
                        "username": name,
                        "password": "benchmark password",
                        "password_again": "benchmark password",
                    },
                )
            reply = await anonymous.post("/v1/tokens", json={"username": name, "password": "benchmark password"})
            reply.raise_for_status()
            tokens[name] = reply.json()["token"]
    return tokens


async def write_load(url: str, total: int, concurrency: int, tokens: dict[str, str]) -> dict[str, Any]:
    """`total` POST /v1/diary over `concurrency` connections, spread over the people; each
    write's text names its owner and number, so the exports show what arrived where."""
    latencies: list[float] = []
    errors = 0
    names = list(tokens) or ["nobody"]
    accepted: dict[str, int] = dict.fromkeys(names, 0)
    counter = iter(range(total))

    async def worker() -> None:
        nonlocal errors
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
            for i in counter:
                name = names[i % len(names)]
                body = {"episode": EPISODES[i % len(EPISODES)], "text": f"{name} entry {i}"}
                headers = {"authorization": f"Bearer {tokens[name]}"} if tokens else {}
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/diary", json=body, headers=headers)
                    if response.status_code == 201:
                        accepted[name] += 1
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {
        "latencies": latencies,
        "errors": errors,
        "seconds": time.perf_counter() - started,
        "cpu": 0.0,
        "accepted": accepted,
    }


async def count_rows(url: str, tokens: dict[str, str], accepted: dict[str, int]) -> dict[str, int]:
    lost = misplaced = stored = 0
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        for name, token in tokens.items():
            export = (await client.get("/v1/diary/export", headers={"authorization": f"Bearer {token}"})).json()
            texts = [e.get("text") or "" for e in export["episodes"]]
            stored += len(texts)
            lost += accepted[name] - len(texts)
            misplaced += sum(1 for t in texts if not t.startswith(name + " "))
    return {"stored": stored, "lost": lost, "misplaced": misplaced}


def postgres_workers(args: argparse.Namespace, folder: Path, env: dict[str, str]) -> int:
    """10,000 diary writes at 50 connections to two workers on PostgreSQL, beside the bare app."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.postgres import Unavailable, create_database, postgres_server

    (folder / "bare_app.py").write_text(BARE_MODULE)
    try:
        with postgres_server() as server:
            url = create_database(server, prefix="bench")
            servers = {
                "bare": Server("bare FastAPI, 2 workers", BARE_WORKERS.replace("{folder!r}", repr(str(folder))), env),
                "backpop": Server(
                    "backpop, 2 workers on PostgreSQL", BACKPOP_WORKERS.replace("{db!r}", repr(url)), env
                ),
            }
            try:
                for s in servers.values():
                    s.wait_ready()
                tokens = asyncio.run(sign_up_people(servers["backpop"].url, args.people))
                asyncio.run(write_load(servers["bare"].url, 500, args.concurrency, {}))  # warm up
                asyncio.run(write_load(servers["backpop"].url, 500, args.concurrency, tokens))
                before = asyncio.run(count_rows(servers["backpop"].url, tokens, dict.fromkeys(tokens, 0)))
                runs = {
                    "bare": asyncio.run(write_load(servers["bare"].url, args.requests, args.concurrency, {})),
                    "backpop": asyncio.run(write_load(servers["backpop"].url, args.requests, args.concurrency, tokens)),
                }
                expected = {n: runs["backpop"]["accepted"][n] + 0 for n in tokens}
                rows = asyncio.run(count_rows(servers["backpop"].url, tokens, expected))
                rows["stored"] -= before["stored"]
                rows["lost"] += before["stored"]
            finally:
                for s in servers.values():
                    s.stop()
    except Unavailable as exc:
        print(f"two workers on PostgreSQL: skipped ({exc})")
        return 0
    print(
        f"\nPOST /v1/diary: {args.requests} writes to each server, {args.concurrency} concurrent, "
        f"two uvicorn workers each; backpop on PostgreSQL, {args.people} people with tokens"
    )
    print(f"{'server':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, run in runs.items():
        r = summarize([run])
        print(f"{name:<10} {r['rps']:>9.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['errors']:>7}")
    ratio = summarize([runs["backpop"]])["rps"] / summarize([runs["bare"]])["rps"]
    print(f"backpop / bare FastAPI throughput: {ratio:.2f}")
    print(
        f"diary rows: {sum(runs['backpop']['accepted'].values())} accepted, {rows['stored']} stored, "
        f"{rows['lost']} lost, {rows['misplaced']} under the wrong owner"
    )
    return 1 if (runs["backpop"]["errors"] or runs["bare"]["errors"] or rows["lost"] or rows["misplaced"]) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--people", type=int, default=5)
    parser.add_argument("--writes-each", type=int, default=100)
    parser.add_argument("--no-postgres", action="store_true", help="Skip the two-worker PostgreSQL run.")
    parser.add_argument("--only-postgres", action="store_true", help="Only the two-worker PostgreSQL run.")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="backpop-bench-web-"))
    env = {**os.environ, "BACKPOP_DATA_DIR": str(folder / "data"), "PYTHONUNBUFFERED": "1"}
    env.pop("BACKPOP_DATABASE_URL", None)
    if args.only_postgres:
        return postgres_workers(args, folder, env)
    servers = {
        "bare": Server("bare FastAPI", BARE_APP, env),
        "backpop": Server("backpop", BACKPOP_APP.replace("{multi}", "False").replace("{db!r}", "None"), env),
        "multi": Server(
            "backpop multi-user",
            BACKPOP_APP.replace("{multi}", "True").replace("{db!r}", repr(f"sqlite:///{folder / 'multi.sqlite3'}")),
            env,
        ),
    }
    try:
        for server in servers.values():
            server.wait_ready()
        for name in ("bare", "backpop"):  # warm up both (imports, first requests), then measure
            asyncio.run(load(servers[name].url, 500, args.concurrency))
        # Alternate in rounds, so that a change in the machine's load hits both alike.
        rounds = 4
        runs: dict[str, list[dict]] = {"bare": [], "backpop": []}
        for _ in range(rounds):
            for name in runs:
                cpu_before = servers[name].cpu_seconds()
                run = asyncio.run(load(servers[name].url, args.requests // rounds, args.concurrency))
                run["cpu"] = servers[name].cpu_seconds() - cpu_before
                runs[name].append(run)
        results = {name: summarize(r) for name, r in runs.items()}
        writes = asyncio.run(diary_writes(servers["multi"].url, args.people, args.writes_each, 10))
    finally:
        for server in servers.values():
            server.stop()

    print(
        f"POST /v1/assess: {args.requests} requests to each server, {args.concurrency} concurrent, "
        "one uvicorn worker each, in 4 alternating rounds"
    )
    print(f"{'server':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'server CPU ms/req':>18}")
    for name, r in results.items():
        print(f"{name:<10} {r['rps']:>9.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['errors']:>7} {r['cpu_ms']:>18.2f}")
    ratio = results["backpop"]["rps"] / results["bare"]["rps"]
    print(f"backpop / bare FastAPI throughput: {ratio:.2f} (goal >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})")
    # When the one client process is the bottleneck both servers wait on it and the
    # throughput ratio nears 1; server CPU per request compares the servers' own work.
    capacity = results["bare"]["cpu_ms"] / results["backpop"]["cpu_ms"]
    print(
        f"backpop / bare FastAPI capacity (requests per server CPU second): {capacity:.2f} "
        f"(goal >= 0.5: {'met' if capacity >= 0.5 else 'NOT met'})"
    )
    print(
        f"multi-user diary writes: {writes['writes']} by {args.people} people, 10 concurrent: "
        f"{writes['accepted']} accepted, {writes['stored']} stored, {writes['lost']} lost, "
        f"{writes['misplaced']} under the wrong owner, {writes['errors']} errors"
    )
    failed = (
        results["backpop"]["errors"]
        or results["bare"]["errors"]
        or writes["errors"]
        or writes["lost"]
        or writes["misplaced"]
    )
    if not args.no_postgres:
        failed = postgres_workers(args, folder, env) or failed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
