"""Fixtures for the web face: apps on throwaway databases, clients, a live server for the browser."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from backpop.web import security


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user data directory, a configured database or a real secret."""
    data = tmp_path / "data"
    monkeypatch.setenv("BACKPOP_DATA_DIR", str(data))
    monkeypatch.delenv("BACKPOP_DATABASE_URL", raising=False)
    monkeypatch.delenv("BACKPOP_SECRET_KEY", raising=False)
    return data


@pytest.fixture(autouse=True)
def _quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with small costs: the same code path, a fraction of the time (tests only)."""
    original = security.Accounts.__init__

    def init(self: security.Accounts, url: str, *, hasher: PasswordHasher | None = None, **options: object) -> None:
        original(
            self, url, hasher=hasher or PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1), **options
        )

    monkeypatch.setattr(security.Accounts, "__init__", init)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.sqlite3'}"


@pytest.fixture
def make_app(db_url: str) -> Callable[..., object]:
    from backpop.web.app import WebSettings, create_app

    def make(**settings: object) -> object:
        settings.setdefault("db_url", db_url)
        return create_app(WebSettings(**settings))  # type: ignore[arg-type]

    return make


@pytest.fixture
def client(make_app: Callable[..., object]) -> Iterator[object]:
    from fastapi.testclient import TestClient

    with TestClient(make_app()) as c:
        yield c


@pytest.fixture
def multi_app(make_app: Callable[..., object]) -> object:
    return make_app(multi_user=True)


@pytest.fixture
def new_client(multi_app: object) -> Iterator[Callable[[], object]]:
    """A factory of browsers (separate cookie jars) on one multi-user app."""
    from fastapi.testclient import TestClient

    made: list[TestClient] = []

    def make() -> TestClient:
        c = TestClient(multi_app)
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an app in a background thread, on a free loopback port."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def alice(new_client):
    """A person signed up and signed in to the multi-user service."""
    from .web_helpers import sign_up

    c = new_client()
    assert sign_up(c, "alice@example.org").status_code == 200
    return c


@pytest.fixture
def bob(new_client):
    """Another person, signed up and signed in."""
    from .web_helpers import sign_up

    c = new_client()
    assert sign_up(c, "bob").status_code == 200
    return c
