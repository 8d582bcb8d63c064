"""`backpop serve` as a real process, for the tests that need the command's own server settings."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from .conftest import free_port


@contextmanager
def served(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, Path]]:
    """Start `backpop serve ARGS` on a free loopback port; yield its address and its log file."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    environment = {**os.environ, "BACKPOP_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1", **(env or {})}
    code = "import sys; from backpop.cli import main; sys.exit(main())"
    command = [sys.executable, "-c", code, "serve", "--port", str(port), *args]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=environment)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base + "/v1/health", timeout=1)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise AssertionError(log.read_text()) from None
                    time.sleep(0.1)
            yield base, log
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
