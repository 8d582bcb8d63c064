"""The API browser at /docs, served whole from this installation: Swagger UI's files come from the
pinned `swagger-ui-py` package on PyPI, never from a CDN, so /docs works offline and under a content
security policy that allows scripts from this service alone."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

from backpop.web.problems import WebError

router = APIRouter(include_in_schema=False)

HERE = Path(__file__).parent / "docs_static"
#: Swagger UI inserts style attributes as it renders, hence 'unsafe-inline' for styles only; scripts,
#: fetches and images come from this service alone.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>backpop API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"><noscript>The API browser needs JavaScript. The API itself is described in
<a href="/openapi.json">/openapi.json</a>.</noscript></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""


@lru_cache(maxsize=1)
def swagger_dir() -> Path | None:
    """Swagger UI's files in the installed swagger-ui-py package, or None when it is not installed."""
    try:
        import swagger_ui
    except ImportError:
        return None
    folder = Path(swagger_ui.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def _asset(name: str, media_type: str) -> Response:
    folder = HERE if name == "init.js" else swagger_dir()
    if folder is None:
        raise WebError(503, "docs_unavailable", "The API browser is not installed (pip install swagger-ui-py).")
    return FileResponse(
        folder / name,
        media_type=media_type,
        headers={"content-security-policy": DOCS_CSP, "cache-control": "public, max-age=86400"},
    )


@router.get("/docs")
def docs_page() -> Response:
    if swagger_dir() is None:
        raise WebError(
            503,
            "docs_unavailable",
            "The API browser is not installed (pip install swagger-ui-py); the API is described in /openapi.json.",
        )
    return HTMLResponse(PAGE, headers={"content-security-policy": DOCS_CSP})


@router.get("/docs/swagger-ui.css")
def docs_css() -> Response:
    return _asset("swagger-ui.css", "text/css")


@router.get("/docs/swagger-ui-bundle.js")
def docs_js() -> Response:
    return _asset("swagger-ui-bundle.js", "text/javascript")


@router.get("/docs/init.js")
def docs_init() -> Response:
    return _asset("init.js", "text/javascript")
