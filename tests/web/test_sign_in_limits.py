"""Sign-in limits: guessing is slowed down more and more, and never locks the owner out."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from backpop.web import security
from backpop.web.security import SignInPolicy

from .web_helpers import PASSWORD, sign_in, sign_up

OWNER = "alice@example.org"


class Clock:
    """security's notion of now, moved by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = security._now()
        monkeypatch.setattr(security, "_now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def browsers(multi_app):
    """Browsers on one service, each from the address given."""
    made = []

    def at(address: str) -> TestClient:
        c = TestClient(multi_app, client=(address, 40000))
        made.append(c)
        return c

    yield at
    for c in made:
        c.close()


@pytest.fixture
def owner(browsers):
    c = browsers("10.0.0.2")
    assert sign_up(c, OWNER).status_code == 200
    return c


def guess(c, name: str = OWNER, n: int = 1) -> list[int]:
    return [sign_in(c, name, f"wrong guess {i}").status_code for i in range(n)]


def test_each_failure_after_the_free_ones_doubles_the_wait(owner, browsers, clock):
    attacker = browsers("10.6.6.6")
    assert guess(attacker, n=6) == [401] * 6  # five free failures, the sixth asks for a 1 s wait
    waits = []
    for _ in range(4):
        limited = sign_in(attacker, OWNER, "another guess")
        assert limited.status_code == 429
        waits.append(int(limited.headers["retry-after"]))
        clock.advance(waits[-1])
        assert guess(attacker) == [401]
    assert waits == [1, 2, 4, 8]


def test_the_owner_signs_in_in_their_own_browser_while_someone_else_guesses(owner, browsers, clock):
    attacker = browsers("10.0.0.2")  # even from the owner's own address (the same home network)
    statuses = guess(attacker, n=40)
    assert statuses.count(429) > 30
    owner.post("/signout", data={"csrf_token": _csrf(owner)})
    response = sign_in(owner, OWNER)
    assert response.status_code == 200 and response.url.path == "/diary"


def test_the_owner_gets_an_api_token_from_a_known_address_during_a_botnet_attack(owner, browsers, clock):
    statuses = []
    for i in range(20):  # many addresses, each a few guesses: only the whole account's key trips
        statuses += guess(browsers(f"198.51.100.{i}"), n=3)
    assert statuses[:10] == [401] * 10 and statuses.count(429) > 30
    stranger = browsers("203.0.113.9").post("/v1/tokens", json={"username": OWNER, "password": PASSWORD})
    assert stranger.status_code == 429  # a new address waits, even with the right password ...
    assert int(stranger.headers["retry-after"]) <= 60  # ... at most a minute: a delay, not a lock-out
    script = TestClient(owner.app, client=("10.0.0.2", 41000))
    response = script.post("/v1/tokens", json={"username": OWNER, "password": PASSWORD})
    assert response.status_code == 201


def test_failing_to_sign_in_as_a_user_called_signup_does_not_block_sign_up(owner, browsers, clock):
    assert 429 in guess(browsers("10.6.6.6"), name="signup", n=20)
    newcomer = browsers("10.0.0.3")
    response = sign_up(newcomer, "newcomer")
    assert response.status_code == 200 and response.url.path == "/diary"


def test_sign_up_is_limited_per_address(make_app, clock):
    app = make_app(multi_user=True, signin_policy=SignInPolicy(free_signups_per_address=2))
    with TestClient(app, client=("10.7.7.7", 1)) as c:
        statuses = [sign_up(c, f"person{i}").status_code for i in range(4)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429


def test_sign_in_counters_are_shared_by_every_worker_of_the_service(make_app, clock):
    first, second = make_app(multi_user=True), make_app(multi_user=True)  # two workers, one database
    with TestClient(first, client=("10.0.0.2", 1)) as c:
        sign_up(c, OWNER)
    with TestClient(first, client=("10.6.6.6", 1)) as one, TestClient(second, client=("10.6.6.6", 1)) as two:
        assert guess(one, n=3) + guess(two, n=3) == [401] * 6
        assert guess(one) == [429] and guess(two) == [429]


def test_password_hashing_runs_a_bounded_number_at_once(make_app, monkeypatch):
    """Each argon2 hash holds its memory cost; thirty at once must not all run together."""
    from argon2 import PasswordHasher

    app = make_app(multi_user=True, hash_budget_bytes=2 * 8 * 1024 * 1024, hash_queue=3)
    with TestClient(app) as c:
        sign_up(c, OWNER)
    accounts = app.state.web.accounts
    assert accounts.gate.slots == 2
    running, peak, lock = 0, 0, threading.Lock()
    release = threading.Event()
    verify = PasswordHasher.verify

    def slow_verify(self, stored, password):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        release.wait(5)
        try:
            return verify(self, stored, password)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(PasswordHasher, "verify", slow_verify)
    results: list[int] = []

    def attempt(i: int) -> None:
        with TestClient(app, client=(f"10.1.{i}.1", 1)) as c:
            results.append(c.post("/v1/tokens", json={"username": OWNER, "password": PASSWORD}).status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    threading.Timer(1.5, release.set).start()
    for t in threads:
        t.join(30)
    assert peak <= 2
    assert results.count(201) >= 2 and results.count(503) >= 20
    assert set(results) <= {201, 503}


def _csrf(c) -> str:
    from .web_helpers import csrf

    return csrf(c.get("/").text)
