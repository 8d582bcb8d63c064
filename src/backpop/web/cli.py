"""`backpop serve`: the web pages and the JSON API on a local address.

FastAPI and uvicorn are imported inside the command, so that registering it does
not slow down `backpop assess`.
"""

from __future__ import annotations

from typing import Any

import typer

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def log_config() -> dict[str, Any]:
    """Logging for the server: uvicorn's own messages, and backpop's access lines.

    uvicorn's access log is off (it prints the full request line, query string
    included); backpop writes its own, with the path only, never the content.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(levelname)s: %(message)s"},
            "access": {"format": "%(asctime)s [%(process)d] %(message)s"},
        },
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"},
            "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "backpop.web.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "backpop.web.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }


def serve_command(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on (loopback: only this computer). Any other address needs --multi-user.",
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    multi_user: bool = typer.Option(
        False, "--multi-user", help="Accounts with sign-in; each person sees only their own diary."
    ),
    db: str | None = typer.Option(
        None,
        "--db",
        help="Diary (and accounts) database: a file path, sqlite:///FILE or postgresql://... "
        "(default: $BACKPOP_DATABASE_URL, else your local diary).",
        show_default=False,
    ),
    max_upload_mb: float = typer.Option(
        20.0, "--max-upload-mb", min=0.1, max=1024.0, help="Largest recording accepted, in megabytes."
    ),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", help="Behind an HTTPS proxy: mark cookies Secure and send HSTS."
    ),
    forwarded_allow_ips: str = typer.Option(
        "",
        "--forwarded-allow-ips",
        help="Comma-separated addresses of your reverse proxies: only their "
        "X-Forwarded-For and X-Forwarded-Proto are believed ('*': any; default: none).",
        show_default=False,
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Worker processes (more than one needs a postgresql:// database)."
    ),
    country: str | None = typer.Option(
        None,
        "--country",
        metavar="CODE",
        help="Your country as a two-letter code (GB, US, DE, ...), for the emergency number on the "
        "tap-to-call link: GB 999, US 911, 112 when unset or unknown. Default: $BACKPOP_COUNTRY.",
        show_default=False,
    ),
) -> None:
    """Start the web pages and the HTTP API (OpenAPI docs at /docs).

    Without --multi-user the service is one person's, with the same diary as
    `backpop diary`, and answers only on this computer's own address.
    """
    from backpop.web.context import WebSettings

    try:
        settings = serve_settings(
            host=host,
            multi_user=multi_user,
            db=db,
            max_upload_mb=max_upload_mb,
            secure_cookies=secure_cookies,
            forwarded_allow_ips=forwarded_allow_ips,
            workers=workers,
            country=country,
        )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    assert isinstance(settings, WebSettings)
    run_server(settings, host=host, port=port, workers=workers)


def serve_settings(
    *,
    host: str,
    multi_user: bool,
    db: str | None,
    max_upload_mb: float = 20.0,
    secure_cookies: bool = False,
    forwarded_allow_ips: str = "",
    workers: int = 1,
    country: str | None = None,
) -> Any:
    """The service's settings from the command's options; ValueError (one line) when they do not fit."""
    import secrets

    from backpop.config import Settings
    from backpop.diary.store import normalize_url
    from backpop.web.context import WebSettings
    from backpop.web.security import HASH_BUDGET_BYTES

    if not multi_user and host not in LOOPBACK:
        raise ValueError(
            f"--host {host} would let anyone who can reach it read and change your diary without "
            "signing in; add --multi-user for accounts with sign-in, or keep --host 127.0.0.1"
        )
    environment = Settings.from_env()
    url = normalize_url(db or environment.diary_url())
    if workers > 1 and not url.startswith("postgresql"):
        raise ValueError("--workers above 1 needs a postgresql:// database (--db), which every worker shares")
    proxies = tuple(p.strip() for p in forwarded_allow_ips.split(",") if p.strip())
    secret = environment.secret_key
    if workers > 1 and not multi_user and not secret:
        secret = secrets.token_urlsafe(48)  # one key for every worker (multi-user keeps its own in the database)
    return WebSettings(
        multi_user=multi_user,
        db_url=db,
        secret_key=secret,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        secure_cookies=secure_cookies,
        forwarded_allow_ips=proxies,
        hash_budget_bytes=max(1, HASH_BUDGET_BYTES // workers),
        shared_queue=workers > 1,
        country=country,
    )


def run_server(settings: Any, *, host: str, port: int, workers: int = 1) -> None:
    import dataclasses

    import uvicorn

    from backpop.config import hand_to_workers

    shown = f"[{host}]" if ":" in host else host
    mode = "multi-user service (sign up to keep a diary)" if settings.multi_user else "one person, your own diary"
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": False,
        "log_config": log_config(),
        "server_header": False,
        # backpop reads X-Forwarded-* itself, only from --forwarded-allow-ips (see the gatekeeper).
        "proxy_headers": False,
    }
    if workers > 1:
        data = dataclasses.asdict(settings)
        data.pop("signin_policy")
        hand_to_workers(data)
        target: Any = "backpop.web.app:app_from_environment"
        options.update(factory=True, workers=workers)
    else:
        from backpop.web.app import create_app

        target = create_app(settings)
    typer.echo(
        f"backpop is running at http://{shown}:{port}/  ({mode}; API docs at /docs"
        + (f"; {workers} workers" if workers > 1 else "")
        + ")"
    )
    typer.echo("Press Ctrl+C to stop.")
    uvicorn.run(target, **options)
