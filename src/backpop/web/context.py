"""What every route of one running service shares: its settings, keys, accounts and diary."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from backpop.config import Settings
from backpop.diary import Diary
from backpop.diary.schema import DEFAULT_OWNER
from backpop.errors import InputError
from backpop.web.problems import WebError
from backpop.web.security import HASH_BUDGET_BYTES, Accounts, CookieSigner, SignInPolicy, User
from backpop.web.uploads import AnalysisPool, SharedAnalysisPool

#: The diary owner in single-person mode: the same diary `backpop diary` uses.
LOCAL_OWNER = DEFAULT_OWNER  # the one person's rows, as the diary keeps them
SESSION_COOKIE = "backpop_session"
#: Set at sign-in: this browser is the account owner's (sign-in limits treat it apart).
DEVICE_COOKIE = "backpop_device"
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class WebSettings:
    """How the service runs. Every field has a safe default for one person on a laptop."""

    #: Accounts, sign-in and one diary per person; without it the service is one person's.
    multi_user: bool = False
    #: The diary database (and, with multi_user, the accounts): a path, sqlite:/// or
    #: postgresql:// URL. None: $BACKPOP_DATABASE_URL, else the default diary file.
    db_url: str | None = None
    #: Signs cookies. None: $BACKPOP_SECRET_KEY, else one kept in the database
    #: (multi-user), else a new one per start (single-person: nothing to keep).
    secret_key: str | None = None
    #: A phone recording of a minute at 48 kHz as 16-bit WAV is about 5.8 MB.
    max_upload_bytes: int = 20 * 1024 * 1024
    #: Any JSON request or plain form: an Episode is under 2 kB; free text is capped at 5000
    #: characters, so 64 kB leaves room without letting a request tie up the server.
    max_body_bytes: int = 64 * 1024
    #: Host headers accepted. None: loopback names in single-person mode (guards the
    #: unauthenticated diary against DNS rebinding); any host in multi-user mode.
    allowed_hosts: tuple[str, ...] | None = None
    #: Mark cookies Secure even when a request arrives over plain HTTP (behind a TLS proxy).
    secure_cookies: bool = False
    #: Client addresses of the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
    #: ("*" for any). Empty: none, the address a request comes from is the client's.
    forwarded_allow_ips: tuple[str, ...] = ()
    #: Free failed sign-ins per key and the growing delay after them (see SignInPolicy).
    signin_policy: SignInPolicy = SignInPolicy()
    #: Memory that argon2 password hashing may take at once in this process, and how many
    #: more sign-ins may wait for it; beyond that, 503 with Retry-After.
    hash_budget_bytes: int = HASH_BUDGET_BYTES
    hash_queue: int = 16
    #: Several workers: the recordings being analysed are counted in the database (PostgreSQL
    #: advisory locks), so the limit holds across all of them.
    shared_queue: bool = False
    #: Recordings analysed at once (decoding is CPU work; one per core), and how many more may
    #: wait; further uploads get 503 with Retry-After.
    analysis_workers: int = 2
    analysis_queue: int = 4
    #: The person's country (ISO 3166 code such as GB, US, DE), for the emergency number on a
    #: tap-to-call link. None: $BACKPOP_COUNTRY, else 112.
    country: str | None = None


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]", "testserver")


@dataclass
class WebContext:
    settings: WebSettings
    signer: CookieSigner
    accounts: Accounts | None
    templates: Any
    allowed_hosts: frozenset[str] | None
    forwarded_allow_ips: frozenset[str] = frozenset()
    analysis: Any = None
    #: What the environment set, read once when the service starts.
    environment: Settings = field(default_factory=Settings)
    _diary: Any = None
    _diary_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, settings: WebSettings, templates: Any) -> WebContext:
        accounts = None
        environment = Settings.from_env()
        settings = replace(
            settings,
            secret_key=settings.secret_key or environment.secret_key,
            country=settings.country or environment.country,
        )
        secret = settings.secret_key
        context = cls(
            settings=settings,
            environment=environment,
            signer=CookieSigner(secret or secrets.token_urlsafe(48)),
            accounts=None,
            templates=templates,
            allowed_hosts=_allowed_hosts(settings),
            forwarded_allow_ips=frozenset(settings.forwarded_allow_ips),
            analysis=AnalysisPool(settings.analysis_workers, settings.analysis_queue),
        )
        if settings.multi_user or settings.shared_queue:
            diary = Diary(
                settings.db_url, settings=environment
            )  # first: the diary's migrations expect to create the file
            context._diary = diary
        if settings.shared_queue:
            context.analysis = SharedAnalysisPool(settings.analysis_workers, settings.analysis_queue, diary.engine)
        if settings.multi_user:
            accounts = Accounts(
                diary.url,
                policy=settings.signin_policy,
                hash_budget_bytes=settings.hash_budget_bytes,
                hash_queue=settings.hash_queue,
            )
            context.accounts = accounts
            if not secret:
                context.signer = CookieSigner(accounts.secret_key())
        return context

    def diary(self) -> Any:
        """The diary, opened on first use and kept open (its engine is thread-safe)."""
        if self._diary is None:
            with self._diary_lock:
                if self._diary is None:
                    try:
                        self._diary = Diary(self.settings.db_url, settings=self.environment)
                    except InputError as exc:
                        raise WebError(503, "diary_unavailable", f"the diary cannot be opened: {exc}") from None
        return self._diary

    def owner(self, user: User | None) -> str | None:
        """Whose diary rows a request may see: the signed-in person's, or the local one."""
        if not self.settings.multi_user:
            return LOCAL_OWNER
        return None if user is None else user.owner

    def close(self) -> None:
        if self._diary is not None:
            self._diary.close()
        if self.accounts is not None:
            self.accounts.close()


def _allowed_hosts(settings: WebSettings) -> frozenset[str] | None:
    if settings.allowed_hosts is not None:
        return frozenset(h.lower() for h in settings.allowed_hosts)
    if settings.multi_user:
        return None
    return frozenset(LOOPBACK_HOSTS)
