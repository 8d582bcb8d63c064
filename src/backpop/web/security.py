"""Accounts for the multi-user service: people, sessions, API tokens, CSRF and sign-in limits.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second
recommended profile). Sessions and API tokens are random 256-bit secrets of
which only a SHA-256 hash is stored, so a copy of the database cannot be used
to sign in. The session cookie is additionally signed (itsdangerous), and every
form carries a CSRF token bound to the browser's session id.

The tables live beside the diary's (same database URL) with a ``web_`` prefix;
the diary's own rows are kept apart by its ``owner`` column, which is
``user-<id>`` for an account here.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.dialects.postgresql
import sqlalchemy.dialects.sqlite
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, Signer

from backpop.errors import InputError

#: How long a signed-in session lasts without signing in again.
SESSION_LIFETIME = timedelta(days=14)
#: Names people sign in with: an email address or a plain user name.
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@+-]{2,63}$")
#: NIST SP 800-63B asks for at least 8 characters; 10 leaves a margin.
MIN_PASSWORD = 10
#: argon2 hashes any length, but a megabyte password is only a way to burn CPU.
MAX_PASSWORD = 1024
TOKEN_PREFIX = "bp_"
#: How long an API token works unless another lifetime is asked for (at most a year).
TOKEN_LIFETIME_DAYS = 90
MAX_TOKEN_LIFETIME_DAYS = 366
#: zxcvbn's score 3 means "safely unguessable: moderate protection from offline slow-hash
#: scenario" (under 10^10 guesses is 2 or less); its estimates stop at 72 characters.
MIN_PASSWORD_SCORE = 3
ZXCVBN_MAX = 72
#: Memory that password hashing may take at once in one worker (see HashGate).
HASH_BUDGET_BYTES = 256 * 1024 * 1024

metadata = sa.MetaData()

users = sa.Table(
    "web_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False, index=True),
)

tokens = sa.Table(
    "web_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=True),
)

#: Failed sign-ins (and sign-ups) per key; see SignInLimiter. Shared by every worker.
counters = sa.Table(
    "web_signin_counters",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_at", sa.DateTime, nullable=False, index=True),
    sa.Column("wait_until", sa.DateTime, nullable=False),
)

meta = sa.Table(
    "web_meta",
    metadata,
    sa.Column("key", sa.String(50), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)


@dataclass(frozen=True)
class User:
    id: int
    username: str

    @property
    def owner(self) -> str:
        """The diary owner string that keeps this person's rows apart."""
        return f"user-{self.id}"


class UsernameTaken(InputError):
    """Sign-up with a name that already has an account."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_username(raw: str) -> str:
    name = raw.strip().lower()
    if not USERNAME.match(name):
        raise InputError("username: use 3 to 64 characters: letters, digits and . _ @ + - (an email address works)")
    return name


def check_password(raw: str, username: str = "") -> str:
    """A password long enough, not common, not made of the user name (NIST SP 800-63B 5.1.1.2)."""
    if len(raw) < MIN_PASSWORD:
        raise InputError(f"password: use at least {MIN_PASSWORD} characters")
    if len(raw) > MAX_PASSWORD:
        raise InputError(f"password: use at most {MAX_PASSWORD} characters")
    name = username.strip().lower()
    local = name.split("@", 1)[0]
    lowered = raw.lower()
    if name and (name in lowered or (len(local) >= 3 and local in lowered) or lowered in name):
        raise InputError("password: do not use your user name in your password")
    from zxcvbn import zxcvbn

    verdict = zxcvbn(raw[:ZXCVBN_MAX], user_inputs=[name, local, "backpop"])
    if verdict["score"] < MIN_PASSWORD_SCORE:
        warning = (verdict.get("feedback") or {}).get("warning") or "it is too easy to guess"
        raise InputError(
            f"password: {warning.rstrip('.').lower()}; a few unrelated words make a strong one that is easy to remember"
        )
    return raw


class Accounts:
    """People, their sessions and their API tokens, in SQL tables beside the diary."""

    def __init__(
        self,
        url: str,
        *,
        hasher: PasswordHasher | None = None,
        policy: SignInPolicy | None = None,
        hash_budget_bytes: int = HASH_BUDGET_BYTES,
        hash_queue: int = 16,
    ) -> None:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            self.engine = sa.create_engine(parsed, connect_args={"timeout": 30}, poolclass=sa.NullPool)
        else:
            self.engine = sa.create_engine(parsed, pool_pre_ping=True)
        metadata.create_all(self.engine)
        _add_token_expiry(self.engine)
        self.hasher = hasher or PasswordHasher()
        self.gate = HashGate(hash_slots(self.hasher, hash_budget_bytes), hash_queue)
        self.limiter = SignInLimiter(self.engine, policy)
        # Verified against when a name is unknown, so that a wrong name costs as long as
        # a wrong password and response times do not reveal who has an account.
        self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))

    def close(self) -> None:
        self.engine.dispose()

    # -- the signing key ---------------------------------------------------------

    def secret_key(self) -> str:
        """The service's cookie-signing key, made once and kept in the database."""
        with self.engine.begin() as connection:
            value = connection.execute(sa.select(meta.c.value).where(meta.c.key == "secret_key")).scalar()
            if value is not None:
                return value
            value = secrets.token_urlsafe(48)
            try:
                connection.execute(meta.insert().values(key="secret_key", value=value))
            except sa.exc.IntegrityError:
                pass
        with self.engine.connect() as connection:
            return connection.execute(sa.select(meta.c.value).where(meta.c.key == "secret_key")).scalar_one()

    # -- people -----------------------------------------------------------------

    def create_user(self, username: str, password: str) -> User:
        name = check_username(username)
        check_password(password, name)
        with self.gate.slot():
            password_hash = self.hasher.hash(password)
        try:
            with self.engine.begin() as connection:
                new_id = connection.execute(
                    users.insert()
                    .values(username=name, password_hash=password_hash, created_at=_now())
                    .returning(users.c.id)
                ).scalar_one()
        except sa.exc.IntegrityError:
            raise UsernameTaken("username: that name is taken; choose another or sign in") from None
        return User(new_id, name)

    def authenticate(self, username: str, password: str) -> User | None:
        """The account for this name and password, or None (same cost either way)."""
        name = username.strip().lower()
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(users.c.id, users.c.username, users.c.password_hash).where(users.c.username == name)
            ).first()
        stored = row.password_hash if row is not None else self._dummy_hash
        with self.gate.slot():
            try:
                self.hasher.verify(stored, password[:MAX_PASSWORD])
            except (VerificationError, InvalidHashError):
                return None
            if row is None:
                return None
            rehashed = self.hasher.hash(password) if self.hasher.check_needs_rehash(stored) else None
        if rehashed is not None:
            with self.engine.begin() as connection:
                connection.execute(users.update().where(users.c.id == row.id).values(password_hash=rehashed))
        return User(row.id, row.username)

    # -- sessions ---------------------------------------------------------------

    def start_session(self, user: User) -> str:
        """A new session id for this person (the old one is never reused: no fixation)."""
        sid = secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.expires_at < _now()))
            connection.execute(
                sessions.insert().values(id_hash=_digest(sid), user_id=user.id, expires_at=_now() + SESSION_LIFETIME)
            )
        return sid

    def session_user(self, sid: str) -> User | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(users.c.id, users.c.username)
                .join(sessions, sessions.c.user_id == users.c.id)
                .where(sessions.c.id_hash == _digest(sid))
                .where(sessions.c.expires_at > _now())
            ).first()
        return None if row is None else User(row.id, row.username)

    def end_session(self, sid: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.id_hash == _digest(sid)))

    # -- API tokens -------------------------------------------------------------

    def create_token(self, user: User, label: str = "API token", *, days: int = TOKEN_LIFETIME_DAYS) -> str:
        """A new API token that works for `days` days; only its hash is kept, so it is shown once."""
        if not 1 <= days <= MAX_TOKEN_LIFETIME_DAYS:
            raise InputError(f"expires_in_days: use 1 to {MAX_TOKEN_LIFETIME_DAYS} days")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = _now()
        with self.engine.begin() as connection:
            connection.execute(
                tokens.insert().values(
                    user_id=user.id,
                    token_hash=_digest(token),
                    label=(label.strip() or "API token")[:100],
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
            )
        return token

    def token_user(self, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(users.c.id, users.c.username)
                .join(tokens, tokens.c.user_id == users.c.id)
                .where(tokens.c.token_hash == _digest(token))
                .where(tokens.c.expires_at > _now())
            ).first()
        return None if row is None else User(row.id, row.username)

    def list_tokens(self, user: User) -> list[dict]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(tokens.c.id, tokens.c.label, tokens.c.created_at, tokens.c.expires_at)
                .where(tokens.c.user_id == user.id)
                .order_by(tokens.c.id)
            ).mappings()
            now = _now()
            return [{**r, "expired": r["expires_at"] is None or r["expires_at"] <= now} for r in rows]

    def revoke_token(self, user: User, token_id: int) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(
                tokens.delete().where(tokens.c.id == token_id).where(tokens.c.user_id == user.id)
            )
        return result.rowcount > 0

    # -- leaving ----------------------------------------------------------------

    def delete_user(self, user: User) -> None:
        """The account, its sessions and its tokens, gone (the diary's rows are the diary's job)."""
        with self.engine.begin() as connection:
            for table in (sessions, tokens):
                connection.execute(table.delete().where(table.c.user_id == user.id))
            connection.execute(users.delete().where(users.c.id == user.id))
            connection.execute(
                counters.delete().where(
                    counters.c.key.in_([_key("account", user.username), _key("device", user.username)])
                )
            )


def _add_token_expiry(engine: sa.Engine) -> None:
    """Tokens made before tokens expired get a column, and the usual lifetime from today."""
    columns = {c["name"] for c in sa.inspect(engine).get_columns("web_tokens")}
    if "expires_at" in columns:
        return
    try:
        with engine.begin() as connection:
            kind = "TIMESTAMP WITHOUT TIME ZONE" if engine.dialect.name == "postgresql" else "DATETIME"
            connection.execute(sa.text(f"ALTER TABLE web_tokens ADD COLUMN expires_at {kind}"))
            connection.execute(tokens.update().values(expires_at=_now() + timedelta(days=TOKEN_LIFETIME_DAYS)))
    except sa.exc.DBAPIError:  # another worker added it at the same moment
        pass


# -- cookies and CSRF -------------------------------------------------------------


class CookieSigner:
    """Signs the session id carried in the cookie and derives each form's CSRF token."""

    def __init__(self, secret_key: str) -> None:
        self._signer = Signer(secret_key, salt="backpop.session")
        self._device = Signer(secret_key, salt="backpop.device")
        self._csrf_key = hashlib.sha256(b"backpop.csrf:" + secret_key.encode()).digest()

    def sign(self, sid: str) -> str:
        return self._signer.sign(sid).decode()

    def unsign(self, cookie: str | None) -> str | None:
        if not cookie or len(cookie) > 200:
            return None
        try:
            return self._signer.unsign(cookie).decode()
        except BadSignature:
            return None

    def device_cookie(self, username: str) -> str:
        """Marks this browser as one the account signed in from (see SignInPolicy)."""
        return self._device.sign(_digest("device:" + username)).decode()

    def is_device_of(self, cookie: str | None, username: str) -> bool:
        if not cookie or len(cookie) > 200:
            return False
        try:
            value = self._device.unsign(cookie).decode()
        except BadSignature:
            return False
        return hmac.compare_digest(value, _digest("device:" + username.strip().lower()[:64]))

    def csrf_token(self, sid: str) -> str:
        return hmac.new(self._csrf_key, sid.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, sid: str | None, token: str | None) -> bool:
        if not sid or not token:
            return False
        return hmac.compare_digest(self.csrf_token(sid), token)


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


# -- sign-in rate limiting ----------------------------------------------------------


@dataclass(frozen=True)
class SignInPolicy:
    """How many failed sign-ins each key allows for free, and how long the growing delay can get.

    After the free failures of a key, each further failure doubles the wait before the next
    attempt is even looked at (1 s, 2 s, 4 s, ... up to the cap), after OWASP's authentication
    cheat sheet ("exponential back-off rather than a lock-out"). Keys are kept apart:

    * per account and address: one client guessing one account;
    * per address: one client trying many accounts;
    * per account, from anywhere: many clients (a botnet) on one account. This one never
      applies to the owner's own browser (a device cookie set at sign-in) or to an address
      the account signed in from before, and its delay is capped low, so that someone
      else's guessing can slow the owner down on a new device for at most a minute, and
      never lock them out;
    * sign-ups per address (all of them count: each makes an account).
    """

    free_per_pair: int = 5
    free_per_address: int = 20
    free_per_account: int = 10
    free_signups_per_address: int = 10
    cap_s: float = 900.0
    account_cap_s: float = 60.0
    #: A key with no failure for this long starts again from zero.
    forget_after: timedelta = timedelta(hours=24)
    #: An address that signed in to an account is trusted by that account for this long.
    known_for: timedelta = timedelta(days=90)

    def delay(self, failures: int, free: int, cap: float) -> float:
        extra = failures - free
        return 0.0 if extra <= 0 else min(cap, 2.0 ** min(extra - 1, 30))


def _key(kind: str, *parts: str) -> str:
    # Hashed: the table never holds the names people typed (sometimes a password by mistake).
    return kind + ":" + hashlib.sha256("\x00".join(parts).encode("utf-8", "replace")).hexdigest()[:40]


class SignInLimiter:
    """Failed sign-ins counted per key in the database, so every worker of the service sees them."""

    def __init__(self, engine: sa.Engine, policy: SignInPolicy | None = None) -> None:
        self.engine = engine
        self.policy = policy or SignInPolicy()
        self._calls = 0

    def _rows(self, keys: list[str]) -> dict[str, Any]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(counters.c.key, counters.c.failures, counters.c.last_at, counters.c.wait_until).where(
                    counters.c.key.in_(keys)
                )
            ).all()
        horizon = _now() - self.policy.forget_after
        return {r.key: r for r in rows if r.last_at >= horizon}

    def sign_in_wait(self, name: str, address: str, *, trusted_device: bool) -> int:
        """Seconds before this client may try this account again (0: now). Counts nothing."""
        keys = self._keys(name, address, trusted_device=trusted_device)
        rows = self._rows([*keys, _key("known", name, address)])
        if not trusted_device and _key("known", name, address) in rows:
            rows.pop(_key("account", name), None)  # an address the owner signed in from
        return self._wait(rows.get(k) for k in keys)

    def _keys(self, name: str, address: str, *, trusted_device: bool) -> list[str]:
        if trusted_device:
            return [_key("device", name)]
        return [_key("pair", name, address), _key("address", address), _key("account", name)]

    def _wait(self, rows: Any) -> int:
        now = _now()
        waits = [(r.wait_until - now).total_seconds() for r in rows if r is not None and r.wait_until > now]
        return 0 if not waits else max(1, int(max(waits) + 0.999))

    def failed(self, name: str, address: str, *, trusted_device: bool) -> None:
        p = self.policy
        free = {
            "pair": (p.free_per_pair, p.cap_s),
            "address": (p.free_per_address, p.cap_s),
            "account": (p.free_per_account, p.account_cap_s),
            "device": (p.free_per_pair, p.cap_s),
        }
        for key in self._keys(name, address, trusted_device=trusted_device):
            self._count(key, *free[key.split(":", 1)[0]])
        self._clean_up()

    def succeeded(self, name: str, address: str, *, trusted_device: bool) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                counters.delete().where(
                    counters.c.key.in_([_key("pair", name, address), _key("account", name), _key("device", name)])
                )
            )
        self._touch(_key("known", name, address))

    def sign_up_wait(self, address: str) -> int:
        key = _key("signup", address)
        return self._wait([self._rows([key]).get(key)])

    def signed_up(self, address: str) -> None:
        self._count(_key("signup", address), self.policy.free_signups_per_address, self.policy.cap_s)
        self._clean_up()

    def _count(self, key: str, free: int, cap: float) -> None:
        """One more failure on this key (atomic on every worker), and the wait it now asks for."""
        now = _now()
        stale = now - self.policy.forget_after
        dialect = self.engine.dialect.name
        insert = (sa.dialects.postgresql.insert if dialect == "postgresql" else sa.dialects.sqlite.insert)(counters)
        statement = (
            insert.values(key=key, failures=1, last_at=now, wait_until=now)
            .on_conflict_do_update(
                index_elements=[counters.c.key],
                set_={
                    "failures": sa.case((counters.c.last_at < stale, 1), else_=counters.c.failures + 1),
                    "last_at": now,
                },
            )
            .returning(counters.c.failures)
        )
        with self.engine.begin() as connection:
            failures = connection.execute(statement).scalar_one()
            wait = self.policy.delay(failures, free, cap)
            if wait:
                connection.execute(
                    counters.update().where(counters.c.key == key).values(wait_until=now + timedelta(seconds=wait))
                )

    def _touch(self, key: str) -> None:
        now = _now()
        insert = (
            sa.dialects.postgresql.insert if self.engine.dialect.name == "postgresql" else sa.dialects.sqlite.insert
        )(counters)
        with self.engine.begin() as connection:
            connection.execute(
                insert.values(key=key, failures=0, last_at=now, wait_until=now).on_conflict_do_update(
                    index_elements=[counters.c.key], set_={"last_at": now}
                )
            )

    def _clean_up(self, *, every: int = 100) -> None:
        """Forget stale keys now and then, so the table stays small whatever an attacker sends."""
        self._calls += 1
        if self._calls % every != 1:
            return
        now = _now()
        with self.engine.begin() as connection:
            connection.execute(
                counters.delete().where(
                    sa.or_(
                        sa.and_(
                            ~counters.c.key.startswith("known:"), counters.c.last_at < now - self.policy.forget_after
                        ),
                        counters.c.last_at < now - self.policy.known_for,
                    )
                )
            )


# -- password hashing, bounded ---------------------------------------------------------


class HashingBusy(Exception):
    """Too many sign-ins are being checked at once; the client should come back shortly."""


class HashGate:
    """At most `slots` argon2 hashes at once, at most `queue` more waiting up to `wait_s`.

    Each argon2id hash holds its memory cost (64 MiB with argon2-cffi's defaults) while it
    runs, so thirty sign-ins at once would take about 2 GB; the slots are sized from a memory
    budget instead (see :func:`hash_slots`), and the rest are refused at once (503).
    """

    def __init__(self, slots: int, queue: int, wait_s: float = 10.0) -> None:
        self.slots, self.queue, self.wait_s = slots, queue, wait_s
        self._running = threading.BoundedSemaphore(slots)
        self._admitted = threading.BoundedSemaphore(slots + queue)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._admitted.acquire(blocking=False):
            raise HashingBusy
        try:
            if not self._running.acquire(timeout=self.wait_s):
                raise HashingBusy
            try:
                yield
            finally:
                self._running.release()
        finally:
            self._admitted.release()


def hash_slots(hasher: PasswordHasher, budget_bytes: int) -> int:
    """How many hashes fit in the memory budget at once (at least one)."""
    per_hash = hasher.memory_cost * 1024  # argon2's memory cost is in KiB
    return max(1, budget_bytes // per_hash)
