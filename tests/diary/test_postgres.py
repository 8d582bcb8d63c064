"""The diary on a real PostgreSQL server that these tests start (and stop) themselves.

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
from pathlib import Path

import pytest

from backpop.diary import Diary
from backpop.errors import InputError

from .diary_helpers import NOW, days_ago, save

psycopg = pytest.importorskip("psycopg", reason="psycopg (PostgreSQL driver) is not installed")


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def pg_server():
    bin_dir = _pg_bin()
    if bin_dir is None:
        why = _install_postgres()
        bin_dir = _pg_bin()
        if bin_dir is None:
            pytest.skip(f"PostgreSQL is not installed and could not be installed: {why}")
    if os.geteuid() == 0:
        try:
            import pwd

            postgres = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL is installed but there is no 'postgres' user to run it as")
    base = Path(tempfile.mkdtemp(prefix="backpop-pg-"))
    if os.geteuid() == 0:
        os.chown(base, postgres.pw_uid, postgres.pw_gid)
    port = _free_port()
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


_numbers = itertools.count()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server for each test."""
    name = f"diary_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server}/{name}"


@pytest.fixture
def pg_diary(pg_url):
    with Diary(pg_url) as diary:
        yield diary


def test_plain_postgresql_url_opens_and_migrates(pg_diary):
    assert pg_diary.dialect == "postgresql"
    with pg_diary.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM backpop_alembic_version").scalar()
    assert version == "0001"


def test_save_get_list_and_owner_separation(pg_diary):
    mine = save(pg_diary, days_ago(1), owner="ann", sound="grinding", pain="mild", text="crunch")
    save(pg_diary, days_ago(1), owner="bob", sound="pop")
    assert [e.ref for e in pg_diary.list(owner="ann")] == [mine]
    item = pg_diary.get(mine, owner="ann")
    assert item["facts"] == {"sound": "grinding", "pain": "mild"}
    assert item["assessments"][0]["assessment"]["disposition"] == "consult"
    with pytest.raises(InputError):
        pg_diary.get(mine, owner="bob")


def test_delete_cascades(pg_diary):
    ref = save(pg_diary, days_ago(1), sound="clunk")
    pg_diary.save_recording(None, listen={"events": []}, episode=ref)
    pg_diary.add_note("about it", episode=ref)
    pg_diary.delete(ref)
    assert pg_diary.count() == {"episode": 0, "recording": 0, "self_adjusting": 0, "note": 0}


def test_export_from_sqlite_imports_into_postgresql_with_the_same_content(diary, pg_diary):
    from .test_store import _content

    save(diary, days_ago(3), sound="pop", pain="none", text="morning")
    diary.mark_seen(save(diary, days_ago(2), radiating_pain=True))
    diary.log_crack(when=days_ago(1))
    diary.add_note("note", when=days_ago(1))
    exported = diary.export()
    pg_diary.import_(exported)
    assert _content(pg_diary.export()) == _content(exported)


def test_trend_on_postgresql(pg_diary):
    for n in (0, 7, 14):
        save(pg_diary, days_ago(n), sound="grinding", pain="none")
    trend = pg_diary.trend(now=NOW)
    assert trend.facts["grinding_weeks_of_last_6"] == 3
    assert [r.rule_id for r in trend.assessment.reasoning] == ["T-GRIND"]


def test_two_processes_writing_at_once_lose_nothing(pg_url):
    from .test_reliability import _writer

    writers = [_writer(pg_url, tag, 60) for tag in ("a", "b")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        _, stderr = w.communicate(timeout=120)
        assert w.returncode == 0, stderr
    with Diary(pg_url) as diary:
        assert diary.count()["episode"] == 120


def test_unreachable_server_is_an_input_error():
    port = _free_port()  # nothing listens here
    with pytest.raises(InputError, match="cannot open diary"):
        Diary(f"postgresql://postgres@127.0.0.1:{port}/nothing?connect_timeout=2")
