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
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
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
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
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
        raise InputError(
            "username: use 3 to 64 characters: letters, digits and . _ @ + - "
            "(an email address works)"
        )
    return name


def check_password(raw: str) -> str:
    if len(raw) < MIN_PASSWORD:
        raise InputError(f"password: use at least {MIN_PASSWORD} characters")
    if len(raw) > MAX_PASSWORD:
        raise InputError(f"password: use at most {MAX_PASSWORD} characters")
    return raw


class Accounts:
    """People, their sessions and their API tokens, in SQL tables beside the diary."""

    def __init__(self, url: str, *, hasher: PasswordHasher | None = None) -> None:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            self.engine = sa.create_engine(parsed, connect_args={"timeout": 30}, poolclass=sa.NullPool)
        else:
            self.engine = sa.create_engine(parsed, pool_pre_ping=True)
        metadata.create_all(self.engine)
        self.hasher = hasher or PasswordHasher()
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
        password_hash = self.hasher.hash(check_password(password))
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
        try:
            self.hasher.verify(stored, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if self.hasher.check_needs_rehash(stored):
            with self.engine.begin() as connection:
                connection.execute(
                    users.update().where(users.c.id == row.id).values(password_hash=self.hasher.hash(password))
                )
        return User(row.id, row.username)

    # -- sessions ---------------------------------------------------------------

    def start_session(self, user: User) -> str:
        """A new session id for this person (the old one is never reused: no fixation)."""
        sid = secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.expires_at < _now()))
            connection.execute(
                sessions.insert().values(id_hash=_digest(sid), user_id=user.id,
                                         expires_at=_now() + SESSION_LIFETIME)
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

    def create_token(self, user: User, label: str = "API token") -> str:
        """A new API token; only its hash is kept, so it is shown to the person once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(
                tokens.insert().values(user_id=user.id, token_hash=_digest(token),
                                       label=(label.strip() or "API token")[:100], created_at=_now())
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
            ).first()
        return None if row is None else User(row.id, row.username)

    def list_tokens(self, user: User) -> list[dict]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(tokens.c.id, tokens.c.label, tokens.c.created_at)
                .where(tokens.c.user_id == user.id)
                .order_by(tokens.c.id)
            ).mappings()
            return [dict(r) for r in rows]

    def revoke_token(self, user: User, token_id: int) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(
                tokens.delete().where(tokens.c.id == token_id).where(tokens.c.user_id == user.id)
            )
        return result.rowcount > 0


# -- cookies and CSRF -------------------------------------------------------------


class CookieSigner:
    """Signs the session id carried in the cookie and derives each form's CSRF token."""

    def __init__(self, secret_key: str) -> None:
        self._signer = Signer(secret_key, salt="backpop.session")
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

    def csrf_token(self, sid: str) -> str:
        return hmac.new(self._csrf_key, sid.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, sid: str | None, token: str | None) -> bool:
        if not sid or not token:
            return False
        return hmac.compare_digest(self.csrf_token(sid), token)


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


# -- sign-in rate limiting ----------------------------------------------------------


class RateLimiter:
    """Sliding-window counters in memory (one process; a restart forgets them).

    Sign-in is limited per account name (failed attempts) and per client address
    (all attempts), after OWASP's authentication cheat sheet: enough for a person
    who mistypes, far too few for guessing.
    """

    def __init__(self, *, per_name: int = 5, per_address: int = 30, window_s: float = 900.0) -> None:
        self.per_name = per_name
        self.per_address = per_address
        self.window_s = window_s
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _count(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        return hits

    def retry_after(self, name: str, address: str) -> int:
        """Seconds to wait before trying again, 0 if allowed (and counts the attempt)."""
        now = time.monotonic()
        with self._lock:
            by_name = self._count("name:" + name, now)
            by_address = self._count("addr:" + address, now)
            waits = []
            if len(by_name) >= self.per_name:
                waits.append(by_name[0] + self.window_s - now)
            if len(by_address) >= self.per_address:
                waits.append(by_address[0] + self.window_s - now)
            if waits:
                return max(1, int(max(waits)) + 1)
            by_address.append(now)
            if len(self._hits) > 100_000:  # forget stale keys rather than grow without bound
                for key in [k for k, v in self._hits.items() if not v]:
                    del self._hits[key]
            return 0

    def failed(self, name: str) -> None:
        with self._lock:
            self._count("name:" + name, time.monotonic()).append(time.monotonic())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._hits.pop("name:" + name, None)
