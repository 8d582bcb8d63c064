"""What the routes of every face share: the service's context, the signed-in person and whose
diary they may touch (as FastAPI dependencies), form checks, sign-in within its limits, and the
site's cookies. Pages, the API and the app import this module; it imports none of them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Header, Request, Response
from starlette.types import Scope

from backpop.web.context import DEVICE_COOKIE, SESSION_COOKIE, WebContext
from backpop.web.problems import WebError
from backpop.web.security import HashingBusy, User

CSRF_FAILED = "This form has expired or did not come from this site. Go back, reload the page and try again."


def web_context(request: Request) -> WebContext:
    """The running service's settings, diary and accounts."""
    return request.app.state.web


def current_user(request: Request) -> User | None:
    """The person signed in with this request's session cookie (None without accounts)."""
    context = web_context(request)
    if context.accounts is None:
        return None
    if not hasattr(request.state, "user"):
        sid = getattr(request.state, "sid", None)
        request.state.user = context.accounts.session_user(sid) if sid else None
    return request.state.user


def check_csrf(request: Request, token: str) -> None:
    """403 unless a form's token was made for this browser's session."""
    if not web_context(request).signer.csrf_ok(getattr(request.state, "sid", None), token):
        raise WebError(403, "csrf_failed", CSRF_FAILED)


# -- whose diary ---------------------------------------------------------------------------


class SignInRequired(Exception):
    """A page needs a signed-in person; the app answers with a redirect to the sign-in page."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def page_owner(request: Request) -> str:
    """Whose diary a page may show: the local one, or the signed-in person's (else: sign in first)."""
    owner = web_context(request).owner(current_user(request))
    if owner is None:
        raise SignInRequired(request.url.path)
    return owner


def form_owner(request: Request, csrf_token: Annotated[str, Form()] = "") -> str:
    """For a form sent to a page: its CSRF token checked first, then whose diary it changes."""
    check_csrf(request, csrf_token)
    return page_owner(request)


def api_owner(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """Whose diary an API call may touch: the local one, or the bearer token's owner."""
    context = web_context(request)
    if not context.settings.multi_user:
        return context.owner(None) or ""
    return bearer_user(request, authorization).owner


def bearer_user(request: Request, authorization: str | None) -> User:
    """The account whose API token the Authorization header carries; 401 without a valid one."""
    accounts = web_context(request).accounts
    user: User | None = None
    if accounts is not None and authorization and authorization[:7].lower() == "bearer ":
        user = accounts.token_user(authorization[7:].strip())
    if user is None:
        raise WebError(
            401,
            "unauthorized",
            "Authorization: send a valid API token as 'Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def accounts_context(request: Request) -> WebContext:
    """The service's context, when it has accounts (404 for a one-person service)."""
    context = web_context(request)
    if context.accounts is None:
        raise WebError(404, "not_found", "This service keeps one person's diary and has no accounts.")
    return context


def account_user(request: Request) -> User:
    """The signed-in person on an account page (else: sign in, then back to the account page)."""
    accounts_context(request)
    user = current_user(request)
    if user is None:
        raise SignInRequired("/account")
    return user


def form_account_user(request: Request, csrf_token: Annotated[str, Form()] = "") -> User:
    """For a form sent to an account page: accounts, then its CSRF token, then the person."""
    accounts_context(request)
    check_csrf(request, csrf_token)
    return account_user(request)


#: The owner of the diary a page shows (a redirect to sign in when nobody is signed in).
PageOwner = Annotated[str, Depends(page_owner)]
#: The owner of the diary a page's form changes, after its CSRF token is checked.
FormOwner = Annotated[str, Depends(form_owner)]
#: The signed-in person an account page is about, and the same for its forms (CSRF checked first).
AccountUser = Annotated[User, Depends(account_user)]
FormAccountUser = Annotated[User, Depends(form_account_user)]
#: The owner of the diary an API call touches (401 without a valid token in multi-user mode).
ApiOwner = Annotated[str, Depends(api_owner)]


# -- signing in ----------------------------------------------------------------------------


def client_address(request: Request) -> str:
    """The client's address (after the trusted proxies, if any: see the gatekeeper)."""
    return request.client.host[:64] if request.client else "-"


def hashing_busy() -> WebError:
    return WebError(
        503,
        "busy",
        "Many sign-ins are being checked at this moment. Try again in a few seconds.",
        headers={"Retry-After": "3"},
    )


def checked_sign_in(context: WebContext, request: Request, username: str, password: str) -> User:
    """The account for these credentials, within the sign-in limits (429 with the wait beyond them)."""
    assert context.accounts is not None
    limiter = context.accounts.limiter
    name = username.strip().lower()[:64]
    address = client_address(request)
    trusted = context.signer.is_device_of(request.cookies.get(DEVICE_COOKIE), name)
    wait = limiter.sign_in_wait(name, address, trusted_device=trusted)
    if wait:
        raise WebError(
            429,
            "rate_limited",
            f"Too many failed sign-ins. Try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    try:
        user = context.accounts.authenticate(name, password)
    except HashingBusy:
        raise hashing_busy() from None
    if user is None:
        limiter.failed(name, address, trusted_device=trusted)
        raise WebError(401, "bad_credentials", "That user name and password do not match an account.")
    limiter.succeeded(name, address, trusted_device=trusted)
    return user


# -- cookies -------------------------------------------------------------------------------


def secure(scope: Scope, context: WebContext) -> bool:
    """Whether cookies are marked Secure for this request."""
    return context.settings.secure_cookies or scope.get("scheme") == "https"


def cookie_header(value: str, *, secure: bool, max_age: int | None = None, name: str = SESSION_COOKIE) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def set_session_cookie(response: Response, request: Request, value: str, *, max_age: int | None) -> None:
    """Replace the browser's session cookie (on sign-in and sign-out)."""
    context = web_context(request)
    response.headers.append("set-cookie", cookie_header(value, secure=secure(request.scope, context), max_age=max_age))


def set_cookie(response: Response, request: Request, name: str, value: str, *, max_age: int | None) -> None:
    """Another HttpOnly, SameSite=Lax cookie of this site (the device cookie)."""
    context = web_context(request)
    response.headers.append(
        "set-cookie", cookie_header(value, secure=secure(request.scope, context), max_age=max_age, name=name)
    )
