"""The pages a worried person uses: plain HTML forms that work without JavaScript.

Every form posts its data in the body (never in the address) and carries a CSRF
token. Health facts travel between interview pages in one hidden field; the
server keeps nothing until the person chooses to save to their diary.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from backpop import wording
from backpop.diary.weekly import build_trend
from backpop.episode import Episode, allowed_text
from backpop.errors import InputError
from backpop.interview import parse_answer
from backpop.knowledge import Question, knowledge
from backpop.narrative import understand
from backpop.web import charts
from backpop.web.context import WebContext
from backpop.web.deps import (
    AccountUser,
    FormAccountUser,
    FormOwner,
    PageOwner,
    accounts_context,
    check_csrf,
    checked_sign_in,
    client_address,
    current_user,
    hashing_busy,
    set_cookie,
    set_session_cookie,
    web_context,
)
from backpop.web.flow import CHECKLIST_TEXT, MAX_TEXT, InterviewState, questions_by_field
from backpop.web.problems import WebError
from backpop.web.security import (
    MAX_PASSWORD,
    MAX_TOKEN_LIFETIME_DAYS,
    SESSION_LIFETIME,
    TOKEN_LIFETIME_DAYS,
    HashingBusy,
    User,
    UsernameTaken,
)
from backpop.web.uploads import ACCEPTED, analyse_upload

router = APIRouter(include_in_schema=False)

#: The device cookie outlives sessions: it only tells the sign-in limits this browser is the owner's.
DEVICE_LIFETIME = timedelta(days=365)


# -- template helpers -----------------------------------------------------------------------


def configure_templates(templates: Jinja2Templates, context: WebContext) -> None:
    env = templates.env
    env.globals["multi_user"] = context.settings.multi_user
    env.globals["MAX_TEXT"] = MAX_TEXT
    env.globals["WORDS"] = knowledge().wording
    env.globals["EMERGENCY_NUMBER"] = wording.emergency_number(context.settings.country)
    env.globals["KNOWN_NUMBERS"] = wording.known_numbers()
    env.filters["fact"] = lambda pair: wording.fact_text(*pair)
    env.filters["answer"] = lambda pair: wording.answer_text(*pair)
    env.filters["facts"] = wording.facts_text
    env.filters["counts"] = lambda counts, name: wording.counts_text(name, counts)
    env.filters["level"] = wording.level_label
    env.filters["when"] = wording.when_text
    env.filters["day"] = wording.day_text
    env.filters["kind"] = wording.kind_text
    env.filters["rule_outs"] = wording.rule_outs
    env.filters["event_kind"] = lambda kind: charts.KIND_LABELS.get(kind, str(kind).replace("_", " "))
    env.filters["bullets"] = lambda text: [p.strip() for p in str(text).split("•") if p.strip()]


def render(request: Request, name: str, values: dict[str, Any] | None = None, status: int = 200) -> Response:
    context = web_context(request)
    sid = getattr(request.state, "sid", "")
    data = {
        "csrf": context.signer.csrf_token(sid),
        "user": current_user(request),
        **(values or {}),
    }
    return context.templates.TemplateResponse(request, name, data, status_code=status)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme): no open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/diary"


# -- start, interview, result -------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def start(request: Request, left: int = 0) -> Response:
    return render(request, "start.html", {"left": bool(left)})


@router.post("/understand", response_class=HTMLResponse)
def understand_text(
    request: Request,
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    text = text.strip()
    if not text:
        return render(
            request,
            "start.html",
            {"error": "Write a few words about what happened, or answer questions instead."},
            status=422,
        )
    understanding = understand(text)
    facts = understanding.episode.known()
    read = {**facts, "side": understanding.side.value} if understanding.side is not None else facts
    state = InterviewState(suggested=read, text=text)
    asked = {q.field for q in questions_by_field().values()}
    return render(
        request,
        "understood.html",
        {
            "text": text,
            "understood": understanding.understood,
            "side": understanding.side,
            "changeable": asked,
            "state": state.to_json(),
            "fresh_state": InterviewState(text=text).to_json(),
        },
    )


@router.get("/interview", response_class=HTMLResponse)
def interview_start(request: Request) -> Response:
    return _next_page(request, InterviewState())


@router.post("/interview", response_class=HTMLResponse)
def interview_step(
    request: Request,
    state: Annotated[str, Form(max_length=32_000)] = "",
    csrf_token: Annotated[str, Form()] = "",
    action: Annotated[str, Form(max_length=80)] = "answer",
    field: Annotated[str, Form(max_length=50)] = "",
    answer: Annotated[str, Form(max_length=200)] = "",
    checklist: Annotated[str, Form(max_length=2000)] = "",
    ticked: Annotated[list[str] | None, Form(max_length=64)] = None,
) -> Response:
    check_csrf(request, csrf_token)
    current = InterviewState.from_json(state)
    if action == "back":
        current.back()
        return _next_page(request, current)
    if action.startswith("change:"):
        # Correct one fact read from the story: ask its question now, the read value pre-selected.
        field = action.removeprefix("change:")
        question = questions_by_field().get(field)
        if question is None:
            raise WebError(422, "invalid_input", f"field: there is no question about {field!r}")
        return _question_page(request, current, question=question)
    if action in ("checklist", "checklist_unsure"):
        fields = [f for f in checklist.split(",") if f]
        unknown = [f for f in fields + list(ticked or []) if f not in questions_by_field()]
        if unknown or not fields:
            raise WebError(422, "invalid_input", "checklist: expected the warning-sign fields shown")
        current.record_checklist(
            {name: None if action == "checklist_unsure" else name in (ticked or []) for name in fields}
        )
        return _next_page(request, current)
    if action in ("answer", "skip") and field:
        question = questions_by_field().get(field)
        if question is None:
            raise WebError(422, "invalid_input", f"field: there is no question about {field!r}")
        if action == "skip":
            current.record(field, None)
        else:
            understood, value = parse_answer(question, answer)
            if understood and value is not None and not question.detail:
                try:
                    Episode.model_validate({**current.answers, field: value})
                except ValueError:
                    understood = False
            if not understood:
                return _question_page(
                    request, current, error=_answer_hint(question.kind, field), status=422, question=question
                )
            current.record(field, value)
    return _next_page(request, current)


def _answer_hint(kind: str, field: str) -> str:
    if kind == "number":
        return f"Please enter {allowed_text(field)}."
    return "Please choose one of the answers."


def _next_page(request: Request, state: InterviewState, notice: str | None = None) -> Response:
    step = state.step()
    if step.emergency_stop:
        return render(
            request, "emergency.html", {"a": state.assessment().model_dump(mode="json"), "state": state.to_json()}
        )
    if step.checklist:
        return render(
            request,
            "checklist.html",
            {
                "items": step.checklist,
                "ticked": {f for f, v in step.suggested.items() if v is True},
                "fields": ",".join(q.field for q in step.checklist),
                "text": CHECKLIST_TEXT,
                "number": step.asked + 1,
                "total": step.asked + step.remaining,
                "asked": step.asked,
                "state": state.to_json(),
                "can_go_back": bool(state.history),
                "notice": notice,
            },
        )
    if step.question is None:
        return render(
            request, "result.html", {"a": state.assessment().model_dump(mode="json"), "state": state.to_json()}
        )
    return _question_page(request, state, notice=notice)


def _question_page(
    request: Request,
    state: InterviewState,
    *,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
    question: Question | None = None,
) -> Response:
    step = state.step()
    question = question or step.question
    if question is None:  # a tampered state can land here; the next page is the result
        return _next_page(request, state)
    total = step.asked + step.remaining
    return render(
        request,
        "question.html",
        {
            "q": question,
            "number": step.asked + 1,
            "total": total,
            "asked": step.asked,
            "state": state.to_json(),
            "can_go_back": bool(state.history),
            "error": error,
            "notice": notice,
            "previous": (state.details if question.detail else state.answers).get(question.field),
            "suggested": _read_for(state, question),
        },
        status=status,
    )


def _read_for(state: InterviewState, question: Question) -> Any:
    """What was read from the person's words for this question and is not answered yet, to pre-select."""
    if question.detail:
        done = question.field in state.details or question.field in state.skipped
        return None if done else state.suggested.get(question.field)
    return state.unconfirmed().get(question.field)


# -- recording ----------------------------------------------------------------------------


@router.get("/recording", response_class=HTMLResponse)
def recording_form(request: Request) -> Response:
    return render(
        request,
        "recording.html",
        {"accepted": ACCEPTED, "limit_mb": web_context(request).settings.max_upload_bytes / 2**20},
    )


@router.post("/recording", response_class=HTMLResponse)
async def recording_upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    owner: FormOwner,  # in multi-user mode, only a signed-in person may upload
) -> Response:
    try:
        result, picture = await analyse_upload(request, web_context(request).analysis, file.file, plot=True)
    except WebError as problem:
        if problem.status >= 500:
            raise
        return render(
            request,
            "recording.html",
            {
                "accepted": ACCEPTED,
                "error": problem.message,
                "limit_mb": web_context(request).settings.max_upload_bytes / 2**20,
            },
            status=problem.status,
        )
    evidence = result["summary"]["evidence"]
    return render(
        request,
        "recording_result.html",
        {
            "r": result,
            "plot": charts.event_timeline(result["events"], result["duration_s"]),
            "picture": picture["src"] if picture else None,
            "zoomed": bool(picture and picture["zoomed"]),
            "evidence": evidence,
            "state": InterviewState(evidence=evidence).to_json(),
        },
    )


# -- diary ----------------------------------------------------------------------------------


@router.post("/diary/save")
def diary_save(
    request: Request,
    owner: FormOwner,
    state: Annotated[str, Form(max_length=32_000)] = "",
) -> Response:
    current = InterviewState.from_json(state)
    assessment = current.assessment()
    episode = Episode.model_validate(assessment.episode)  # with what a recording added
    ref = (
        web_context(request)
        .diary()
        .save_assessment(episode, assessment, text=current.text, owner=owner, side=current.details.get("side"))
    )
    return RedirectResponse(f"/diary/entry/{ref}?saved=1", status_code=303)


@router.get("/diary", response_class=HTMLResponse)
def diary_list(request: Request, owner: PageOwner) -> Response:
    diary = web_context(request).diary()
    entries = diary.list(owner=owner, limit=200)
    unseen = [e for e in entries if e.awaits_clinician]
    return render(request, "diary.html", {"entries": entries, "unseen": unseen})


@router.post("/diary/crack")
def diary_crack(request: Request, owner: FormOwner) -> Response:
    web_context(request).diary().log_crack(owner=owner)
    return RedirectResponse("/diary?logged=1", status_code=303)


@router.get("/diary/trend", response_class=HTMLResponse)
def diary_trend(request: Request, owner: PageOwner, weeks: Annotated[int, Query(ge=1, le=520)] = 12) -> Response:
    trend = build_trend(web_context(request).diary(), weeks=weeks, owner=owner)
    labels = [wording.day_text(row.start) for row in trend.weeks]
    return render(
        request,
        "trend.html",
        {
            "trend": trend,
            "weeks": weeks,
            "a": trend.assessment.model_dump(mode="json"),
            "cracks_total": sum(r.self_adjusting for r in trend.weeks),
            "episodes_plot": charts.weekly_bars([r.episodes for r in trend.weeks], labels, title="Episodes per week"),
            "cracks_plot": charts.weekly_bars(
                [r.self_adjusting_per_day for r in trend.weeks],
                labels,
                title="Self-cracking, average times per day",
                colour="#B3471B",
            ),
        },
    )


@router.get("/diary/report")
def diary_report(request: Request, owner: PageOwner) -> Response:
    try:
        user = current_user(request)
        from backpop.diary.report import build_report

        html = build_report(web_context(request).diary(), owner=owner, who=user.username if user else "").html()
    except ImportError as exc:
        raise WebError(
            503, "report_unavailable", f"The clinician report is not available in this installation ({exc.name})."
        ) from None
    # The report is self-contained: its own styles inline, its plots as data: images.
    return HTMLResponse(
        html,
        headers={
            "content-security-policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        },
    )


@router.get("/diary/export")
def diary_export(request: Request, owner: PageOwner) -> Response:
    document = web_context(request).diary().export(owner=owner)
    return Response(
        json.dumps(document, indent=1, ensure_ascii=False, default=str),
        media_type="application/json",
        headers={"content-disposition": 'attachment; filename="backpop-diary.json"'},
    )


def _diary_item(request: Request, ref: str, owner: str) -> dict[str, Any]:
    try:
        return web_context(request).diary().get(ref, owner=owner)
    except InputError:
        raise WebError(404, "not_found", "There is no such entry in your diary.") from None


@router.get("/diary/entry/{ref}", response_class=HTMLResponse)
def diary_entry(request: Request, owner: PageOwner, ref: str, saved: int = 0) -> Response:
    item = _diary_item(request, ref, owner)
    plot, unreadable = None, False
    if item.get("listen") is not None:
        from pydantic import ValidationError

        from backpop.acoustics.analysis import ListenResult

        try:  # an imported file may carry anything here: draw only a result of the known shape
            heard = ListenResult.model_validate(item["listen"]).model_dump(mode="json")
            plot = charts.event_timeline(heard["events"], heard["duration_s"] or 1.0)
        except ValidationError:
            unreadable = True
    return render(
        request,
        "entry.html",
        {
            "item": item,
            "saved": bool(saved),
            "plot": plot,
            "listen_unreadable": unreadable,
            "side": wording.entry_side(item),
        },
    )


@router.post("/diary/entry/{ref}/seen")
def diary_seen(request: Request, ref: str, owner: FormOwner) -> Response:
    """Mark an urgent or emergency episode as seen by a clinician, as `backpop diary seen` does."""
    _diary_item(request, ref, owner)  # 404 for another person's or a missing entry
    web_context(request).diary().mark_seen(ref, owner=owner)
    return RedirectResponse("/diary?seen=1", status_code=303)


@router.post("/diary/entry/{ref}/delete")
def diary_delete(
    request: Request,
    ref: str,
    owner: FormOwner,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    item = _diary_item(request, ref, owner)
    if confirm != "yes":
        return render(
            request,
            "entry.html",
            {"item": item, "saved": False, "plot": None, "delete_error": "Tick the box to confirm, then press Delete."},
            status=422,
        )
    try:
        web_context(request).diary().delete(ref, owner=owner)
    except InputError:
        raise WebError(404, "not_found", "There is no such entry in your diary.") from None
    return RedirectResponse("/diary?deleted=1", status_code=303)


# -- accounts (multi-user service only) -------------------------------------------------


def _signed_in(request: Request, user: User, target: str) -> Response:
    from backpop.web.context import DEVICE_COOKIE

    context = web_context(request)
    assert context.accounts is not None
    old = getattr(request.state, "sid", None)
    if old:
        context.accounts.end_session(old)
    sid = context.accounts.start_session(user)
    response = RedirectResponse(_safe_next(target), status_code=303)
    set_session_cookie(response, request, context.signer.sign(sid), max_age=int(SESSION_LIFETIME.total_seconds()))
    set_cookie(
        response,
        request,
        DEVICE_COOKIE,
        context.signer.device_cookie(user.username),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
    )
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request) -> Response:
    accounts_context(request)
    return render(request, "signup.html")


@router.post("/signup", response_class=HTMLResponse)
def signup(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD + 1)] = "",
    password_again: Annotated[str, Form(max_length=MAX_PASSWORD + 1)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    context = accounts_context(request)
    check_csrf(request, csrf_token)
    if password != password_again:
        return render(
            request, "signup.html", {"error": "The two passwords are not the same.", "username": username}, status=422
        )
    address = client_address(request)
    wait = context.accounts.limiter.sign_up_wait(address)
    if wait:
        raise WebError(
            429,
            "rate_limited",
            f"Too many sign-ups from here. Try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    context.accounts.limiter.signed_up(address)
    try:
        user = context.accounts.create_user(username, password)
    except HashingBusy:
        raise hashing_busy() from None
    except UsernameTaken as exc:
        return render(request, "signup.html", {"error": str(exc).split(": ", 1)[-1], "username": username}, status=409)
    except InputError as exc:
        return render(request, "signup.html", {"error": str(exc).split(": ", 1)[-1], "username": username}, status=422)
    context.accounts.limiter.succeeded(user.username, address, trusted_device=False)
    return _signed_in(request, user, "/diary")


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: Annotated[str, Query(max_length=200)] = "/diary") -> Response:
    accounts_context(request)
    return render(request, "signin.html", {"next": _safe_next(next)})


@router.post("/signin", response_class=HTMLResponse)
def signin(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD + 1)] = "",
    next: Annotated[str, Form(max_length=200)] = "/diary",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    context = accounts_context(request)
    check_csrf(request, csrf_token)
    try:
        user = checked_sign_in(context, request, username, password)
    except WebError as problem:
        response = render(
            request,
            "signin.html",
            {"error": problem.message, "username": username, "next": _safe_next(next)},
            status=problem.status,
        )
        response.headers.update(problem.headers or {})
        return response
    return _signed_in(request, user, next)


@router.post("/signout")
def signout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    from backpop.web.security import new_session_id

    context = accounts_context(request)
    check_csrf(request, csrf_token)
    sid = getattr(request.state, "sid", None)
    if sid:
        context.accounts.end_session(sid)
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, request, context.signer.sign(new_session_id()), max_age=None)
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: AccountUser) -> Response:
    context = web_context(request)
    return render(request, "account.html", {"tokens": context.accounts.list_tokens(user)})


@router.post("/account/delete", response_class=HTMLResponse)
def account_delete(
    request: Request,
    user: FormAccountUser,
    password: Annotated[str, Form(max_length=MAX_PASSWORD + 1)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Leave: the account, its sessions and tokens, and every diary entry, gone for good."""
    from backpop.web.context import DEVICE_COOKIE
    from backpop.web.security import new_session_id

    context = web_context(request)
    tokens = context.accounts.list_tokens(user)
    if confirm != "yes":
        return render(
            request,
            "account.html",
            {"tokens": tokens, "delete_error": "Tick the box to confirm, then press Delete."},
            status=422,
        )
    try:
        checked_sign_in(context, request, user.username, password)
    except WebError as problem:
        message = "That is not your password." if problem.status == 401 else problem.message
        response = render(request, "account.html", {"tokens": tokens, "delete_error": message}, status=problem.status)
        response.headers.update(problem.headers or {})
        return response
    context.diary().delete_owner(user.owner)
    context.accounts.delete_user(user)
    response = RedirectResponse("/?left=1", status_code=303)
    set_session_cookie(response, request, context.signer.sign(new_session_id()), max_age=None)
    set_cookie(response, request, DEVICE_COOKIE, "", max_age=0)
    return response


@router.post("/account/tokens", response_class=HTMLResponse)
def account_new_token(
    request: Request,
    user: FormAccountUser,
    label: Annotated[str, Form(max_length=100)] = "API token",
    days: Annotated[int, Form(ge=1, le=MAX_TOKEN_LIFETIME_DAYS)] = TOKEN_LIFETIME_DAYS,
) -> Response:
    context = web_context(request)
    token = context.accounts.create_token(user, label, days=days)
    return render(
        request, "account.html", {"tokens": context.accounts.list_tokens(user), "new_token": token}, status=201
    )


@router.post("/account/tokens/{token_id}/revoke")
def account_revoke_token(request: Request, token_id: int, user: FormAccountUser) -> Response:
    context = web_context(request)
    if not context.accounts.revoke_token(user, token_id):
        raise WebError(404, "not_found", "There is no such token on your account.")
    return RedirectResponse("/account", status_code=303)
