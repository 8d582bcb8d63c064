"""A throwaway PostgreSQL server for the tests (and the load benchmark) that need one.

The server runs as the `postgres` user from a temporary directory, on
loopback and a free port (see ENVIRONMENT.md). If the PostgreSQL binaries are
missing, the fixture tries `apt-get install -y postgresql`; the tests are
skipped, with the reason, only when that is impossible.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


class Unavailable(Exception):
    """PostgreSQL cannot be run on this machine (the reason is the message)."""


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _install_postgres() -> str | None:
    """Install Debian's postgresql; return why it failed, or None."""
    if shutil.which("apt-get") is None:
        return "apt-get is not available"
    if os.geteuid() != 0:
        return "installing postgresql needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "postgresql"]):
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
            return f"{' '.join(command)} failed: {' '.join(tail)}"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throwaway server; yield its base URL (postgresql://postgres@127.0.0.1:PORT)."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        why = _install_postgres()
        bin_dir = _pg_bin()
        if bin_dir is None:
            raise Unavailable(f"PostgreSQL is not installed and could not be installed: {why}")
    if os.geteuid() == 0:
        try:
            import pwd

            postgres = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("PostgreSQL is installed but there is no 'postgres' user to run it as") from None
    base = Path(tempfile.mkdtemp(prefix="backpop-pg-"))
    if os.geteuid() == 0:
        os.chown(base, postgres.pw_uid, postgres.pw_gid)
    port = free_port()
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(base / "data"), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
    )
    ctl = [str(bin_dir / "pg_ctl"), "-D", str(base / "data")]
    subprocess.run(
        _as_postgres(
            [
                *ctl,
                "-o",
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
                "-l",
                str(base / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([*ctl, "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    try:
        with postgres_server() as url:
            yield url
    except Unavailable as exc:
        pytest.skip(str(exc))


def create_database(server: str, prefix: str = "diary") -> str:
    """A fresh, empty database on the server; its URL."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


_numbers = itertools.count()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server for each test."""
    pytest.importorskip("psycopg", reason="psycopg (PostgreSQL driver) is not installed")
    return create_database(pg_server)
