"""The FastAPI application: pages for people, a versioned JSON API for programs.

    >>> from backpop.web.app import create_app, WebSettings
    >>> app = create_app(WebSettings(multi_user=True, db_url="sqlite:////tmp/backpop.db"))

One pure-ASGI gatekeeper wraps every request. It checks the Host header, caps the
body size while the body arrives (413 with the limit), adds security headers,
gives each browser a signed session cookie (the anchor of its CSRF tokens), turns
any unexpected exception into a bare 500, and writes the access log line itself
(method, path without the query string, status, time): the request's content,
and so any health data, never reaches a log.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from http.cookies import SimpleCookie
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

import backpop
from backpop.errors import BackpopError
from backpop.web import api, docs, pages
from backpop.web.context import SESSION_COOKIE, STATIC, TEMPLATES, WebContext, WebSettings
from backpop.web.deps import SignInRequired, cookie_header, secure
from backpop.web.problems import STATUS_CODES, WebError, describe_validation, undecodable
from backpop.web.security import new_session_id

__all__ = ["WebSettings", "create_app"]

access_log = logging.getLogger("backpop.web.access")
error_log = logging.getLogger("backpop.web.error")

#: Routes that take a recording; every other route gets the smaller body limit.
UPLOAD_PATHS = frozenset({"/v1/listen", "/recording", "/fhir/$listen"})
#: Not pages: no session cookie, no page headers.
NON_PAGE_PREFIXES = ("/v1/", "/fhir/", "/static/", "/docs", "/redoc", "/openapi.json")
DOCS_PREFIXES = ("/docs", "/redoc")
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

_READ_HEADERS = frozenset(
    {
        b"host",
        b"content-length",
        b"cookie",
        b"origin",
        b"sec-fetch-site",
        b"content-type",
        b"x-requested-with",
        b"x-forwarded-for",
        b"x-forwarded-proto",
    }
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: One year, as browsers' preload lists ask; sent only when the service says it is behind HTTPS.
HSTS = b"max-age=31536000"
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request is larger than the limit of {limit} bytes")
        self.limit = limit


def _limit_problem(limit: int) -> WebError:
    mb = limit / (1024 * 1024)
    shown = f"{mb:g} MB" if mb >= 1 else f"{limit // 1024} kB"
    return WebError(
        413,
        "payload_too_large",
        f"the request is larger than the limit of {shown} ({limit} bytes)",
        extra={"limit_bytes": limit},
    )


def problem_body(path: str, problem: WebError) -> dict[str, Any]:
    """The JSON of an error: an OperationOutcome under /fhir, the API's problem elsewhere."""
    if path.startswith("/fhir/"):
        from backpop.fhir.web import outcome_of

        return outcome_of(problem)
    return problem.body()


def is_api(path: str) -> bool:
    return path.startswith("/v1/") or path == "/v1"


class Gatekeeper:
    """Host check, body-size cap, headers, session cookie, access log, last-resort 500."""

    def __init__(self, app: Callable[..., Awaitable[None]], context: WebContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path: str = scope["path"]
        headers = {}
        for key, value in scope["headers"]:  # only the few headers the gatekeeper reads
            if key in _READ_HEADERS:
                headers[key.decode("latin-1")] = value.decode("latin-1")
        outcome = {"status": 0, "started": False}
        try:
            await self._handle(scope, receive, send, path, headers, outcome)
        except Exception as exc:  # last resort: log the kind only, never the message (it may hold input)
            error_log.error("unhandled %s in %s %s", type(exc).__name__, scope.get("method"), _route(scope))
            if not outcome["started"]:
                await _send_json(send, 500, {"code": "internal_error", "message": "something went wrong on our side"})
                outcome["status"] = 500
        finally:
            client = scope.get("client") or ("-", 0)
            access_log.info(
                '%s "%s %s" %s %.1fms',
                client[0],
                scope.get("method"),
                path,
                outcome["status"],
                (time.perf_counter() - started) * 1000,
            )

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, path: str, headers: dict[str, str], outcome: dict[str, Any]
    ) -> None:
        context = self.context
        outcome_send = _tracking(send, outcome)
        if context.forwarded_allow_ips:
            _apply_forwarded(scope, headers, context.forwarded_allow_ips)
        allowed = context.allowed_hosts
        if allowed is not None:
            host = headers.get("host", "").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in allowed:
                await _send_json(
                    outcome_send, 400, {"code": "bad_host", "message": "this service answers only on its own address"}
                )
                return
        if not context.settings.multi_user and scope.get("method") in UNSAFE_METHODS and is_api(path):
            refusal = _cross_site_refusal(path, headers)
            if refusal is not None:
                await _send_json(outcome_send, 403, {"code": "cross_site", "message": refusal})
                return
        raw_path = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
        if undecodable(raw_path) or undecodable(scope.get("query_string") or b""):
            await _send_json(
                outcome_send,
                422,
                {"code": "invalid_input", "message": "the address holds bytes that are not UTF-8 text"},
            )
            return
        limit = context.settings.max_upload_bytes if path in UPLOAD_PATHS else context.settings.max_body_bytes
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _send_json(outcome_send, 413, problem_body(path, _limit_problem(limit)))
            return
        received = 0

        async def capped_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            # A form is small (the body limit): read it whole to check it is UTF-8 text, rather
            # than let the form parser turn bad bytes into U+FFFD without a word.
            try:
                body = await _read_body(capped_receive)
            except BodyTooLarge as exc:
                await _send_json(outcome_send, 413, _limit_problem(exc.limit).body())
                return
            if undecodable(body):
                await _send_json(
                    outcome_send,
                    422,
                    {"code": "invalid_input", "message": "the form holds bytes that are not UTF-8 text"},
                )
                return
            capped_receive = _replay(body, receive)
        is_page = not path.startswith(NON_PAGE_PREFIXES)
        set_cookie: str | None = None
        if is_page:
            cookie = SimpleCookie()
            try:
                cookie.load(headers.get("cookie", ""))
            except Exception:  # a malformed Cookie header is the same as none
                cookie = SimpleCookie()
            morsel = cookie.get(SESSION_COOKIE)
            sid = context.signer.unsign(morsel.value if morsel else None)
            if sid is None:
                sid = new_session_id()
                set_cookie = cookie_header(context.signer.sign(sid), secure=secure(scope, context))
            scope.setdefault("state", {})["sid"] = sid
        docs = path.startswith(DOCS_PREFIXES)
        static = path.startswith("/static/")

        async def guarded_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                if not static:
                    extra.append((b"cache-control", b"no-store"))
                if context.settings.secure_cookies:
                    extra.append((b"strict-transport-security", HSTS))
                if is_page and not docs:
                    extra.append((b"content-security-policy", PAGE_CSP.encode()))
                own = list(message.get("headers", []))
                if set_cookie and not any(
                    k.lower() == b"set-cookie" and v.startswith(SESSION_COOKIE.encode() + b"=") for k, v in own
                ):
                    extra.append((b"set-cookie", set_cookie.encode("latin-1")))
                names = {k.lower() for k, _ in own}
                message["headers"] = own + [(k, v) for k, v in extra if k not in names or k == b"set-cookie"]
            await outcome_send(message)

        try:
            await self.app(scope, capped_receive, guarded_send)
        except BodyTooLarge as exc:
            if not outcome["started"]:
                await _send_json(guarded_send, 413, problem_body(path, _limit_problem(exc.limit)))


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, then: Receive) -> Receive:
    """The body already read, as one message; then the connection's own messages (a disconnect)."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await then()

    return receive


def _apply_forwarded(scope: Scope, headers: dict[str, str], trusted: frozenset[str]) -> None:
    """Believe X-Forwarded-For/-Proto only from the proxies named by --forwarded-allow-ips.

    The client is the right-most address in X-Forwarded-For that is not itself a trusted
    proxy (each proxy appends the address it saw); with "*" every hop is trusted and the
    left-most is taken.
    """
    client = scope.get("client")
    anyone = "*" in trusted
    if client is None or not (anyone or client[0] in trusted):
        return
    hops = [h.strip() for h in headers.get("x-forwarded-for", "").split(",") if h.strip()]
    if hops:
        chosen = hops[0] if anyone else next((h for h in reversed(hops) if h not in trusted), hops[0])
        scope["client"] = (chosen[:64], 0)
    proto = headers.get("x-forwarded-proto", "").rsplit(",", 1)[-1].strip().lower()
    if proto in ("http", "https"):
        scope["scheme"] = proto


def _cross_site_refusal(path: str, headers: dict[str, str]) -> str | None:
    """Why a write to the one-person service's API is refused, or None.

    The diary has no sign-in in this mode, so any web page the person visits could post to
    it: a request another site started (Origin, Sec-Fetch-Site) is refused, and a diary write
    must be one a plain HTML form cannot send (a JSON body, or an X-Requested-With header).
    """
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return "this service does not accept writes started by another site"
    origin = headers.get("origin")
    if origin is not None:
        from urllib.parse import urlsplit

        if origin == "null" or urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
            return "this service does not accept writes started by another site"
    if path.startswith("/v1/diary"):
        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind != "application/json" and not headers.get("x-requested-with"):
            return "diary writes need a JSON body (Content-Type: application/json) or an X-Requested-With header"
    return None


def _tracking(send: Send, outcome: dict[str, Any]) -> Send:
    async def tracked(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            outcome["status"] = message["status"]
            outcome["started"] = True
        await send(message)

    return tracked


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _route(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or scope.get("path", "?")


# -- error rendering ---------------------------------------------------------------------


def error_response(request: Request, problem: WebError) -> Response:
    if is_api(request.url.path) or not _wants_html(request):
        body = problem_body(request.url.path, problem)
        return JSONResponse(body, status_code=problem.status, headers=problem.headers)
    context: WebContext = request.app.state.web
    return context.templates.TemplateResponse(
        request,
        "error.html",
        {"problem": problem, "status": problem.status},
        status_code=problem.status,
        headers=problem.headers,
    )


def _wants_html(request: Request) -> bool:
    return request.url.path in ("/", "") or not request.url.path.startswith(NON_PAGE_PREFIXES)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def on_web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(SignInRequired)
    async def on_sign_in_required(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse("/signin?next=" + exc.path, status_code=303)

    @app.exception_handler(BackpopError)
    async def on_backpop_error(request: Request, exc: BackpopError) -> Response:
        # An input backpop itself refused (e.g. an unreadable diary id): the message names the field.
        return error_response(request, WebError(422, "invalid_input", " ".join(str(exc).split())))

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        message, fields = describe_validation(list(exc.errors()))
        return error_response(request, WebError(422, "invalid_input", message, fields=fields))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, BodyTooLarge):
            return error_response(request, _limit_problem(exc.limit))
        code = STATUS_CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404:
            detail = "nothing here: check the address"
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed here"
        elif exc.status_code == 400 and "parsing the body" in detail:
            detail = "body: the request body could not be read"
        return error_response(request, WebError(exc.status_code, code, detail, headers=getattr(exc, "headers", None)))


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """A new application. Each has its own diary connection, keys and sign-in counters."""
    from backpop.fhir.web import router as fhir_router

    settings = settings or WebSettings()
    templates = Jinja2Templates(directory=str(TEMPLATES))
    context = WebContext.build(settings, templates)
    pages.configure_templates(templates, context)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        context.close()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served from the package by backpop.web.docs, never from a CDN
        redoc_url=None,
        title="backpop",
        version=backpop.__version__,
        summary="My back just popped: is that fine, or do I need a doctor?",
        description=(
            "Triage, explanation and advice for back pops, clicks, grinding and clunks. "
            "backpop informs and triages; it never diagnoses.\n\n"
            "Errors are JSON objects with a stable `code` and a `message` that names the field at fault. "
            + (
                "Diary endpoints need `Authorization: Bearer <token>`; get a token with `POST /v1/tokens` "
                "or on the account page."
                if settings.multi_user
                else "This service keeps one person's diary and needs no sign-in."
            )
        ),
        openapi_tags=[
            {"name": "assessment", "description": "Assess an episode, from facts or from free text."},
            {"name": "interview", "description": "The adaptive interview, one question per call, stateless."},
            {"name": "recording", "description": "Listen to a recording of the sound."},
            {"name": "diary", "description": "A person's saved episodes, trends, report and export."},
            {"name": "accounts", "description": "API tokens (multi-user service only)."},
            {"name": "FHIR", "description": "The interview and results as HL7 FHIR (R5; R4B with fhirVersion=4.3)."},
        ],
    )
    app.state.web = context
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(fhir_router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(Gatekeeper, context=context)
    return app


def app_from_environment() -> FastAPI:
    """The application of one worker of `backpop serve --workers N` (settings from its parent)."""
    from backpop.config import handed_to_worker

    data: dict[str, Any] = handed_to_worker()
    for name in ("allowed_hosts", "forwarded_allow_ips"):
        if data.get(name) is not None:
            data[name] = tuple(data[name])
    return create_app(WebSettings(**data))


def html_page(content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code=status)
