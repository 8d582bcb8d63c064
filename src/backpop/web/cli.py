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
            "access": {"format": "%(asctime)s %(message)s"},
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
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback: only this computer)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    multi_user: bool = typer.Option(
        False, "--multi-user", help="Accounts with sign-in; each person sees only their own diary."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Diary (and accounts) database: a file path, sqlite:///FILE or postgresql://... "
        "(default: $BACKPOP_DATABASE_URL, else your local diary).", show_default=False,
    ),
    max_upload_mb: float = typer.Option(20.0, "--max-upload-mb", min=0.1, max=1024.0,
                                        help="Largest recording accepted, in megabytes."),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", help="Mark cookies Secure (set this behind an HTTPS proxy)."
    ),
    country: str | None = typer.Option(
        None, "--country", metavar="CODE",
        help="Your country as a two-letter code (GB, US, DE, ...), for the emergency number on the "
        "tap-to-call link: GB 999, US 911, 112 when unset or unknown. Default: $BACKPOP_COUNTRY.",
        show_default=False,
    ),
) -> None:
    """Start the web pages and the HTTP API (OpenAPI docs at /docs).

    Without --multi-user the service is one person's, with the same diary as
    `backpop diary`, and answers only on this computer's own address.
    """
    import uvicorn

    from backpop.web.app import create_app
    from backpop.web.context import LOOPBACK_HOSTS, WebSettings

    allowed: tuple[str, ...] | None = None
    if not multi_user and host not in LOOPBACK:
        typer.echo(
            "warning: without --multi-user anyone who can reach this address can read and change the diary",
            err=True,
        )
        allowed = (*LOOPBACK_HOSTS, host.lower())
    settings = WebSettings(
        multi_user=multi_user,
        db_url=db,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        allowed_hosts=allowed,
        secure_cookies=secure_cookies,
        country=country,
    )
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    mode = "multi-user service (sign up to keep a diary)" if multi_user else "one person, your own diary"
    typer.echo(f"backpop is running at http://{shown}:{port}/  ({mode}; API docs at /docs)")
    typer.echo("Press Ctrl+C to stop.")
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=log_config(), server_header=False)
