"""The JSON API, version 1: thin routes that validate, call backpop, and return its contract types."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Header, Path, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

import backpop
from backpop.acoustics.evidence import EVIDENCE_REPEATS, EVIDENCE_SOUNDS
from backpop.assessment import Assessment
from backpop.diary import views
from backpop.diary.weekly import build_trend
from backpop.engine import assess
from backpop.episode import Episode, field_names
from backpop.errors import InputError
from backpop.interview import next_step, settled
from backpop.knowledge import knowledge
from backpop.narrative import UnderstoodFact, understand
from backpop.web.deps import ApiOwner, bearer_user, checked_sign_in, web_context
from backpop.web.flow import MAX_TEXT, checklist_json, progress, question_json
from backpop.web.problems import WebError, problem_responses
from backpop.web.security import MAX_PASSWORD, MAX_TOKEN_LIFETIME_DAYS, TOKEN_LIFETIME_DAYS, User
from backpop.web.uploads import analyse_upload

router = APIRouter(prefix="/v1")

FieldName = Literal[tuple(field_names())]  # type: ignore[valid-type]
#: What can be answered "don't know": an Episode field or a detail ("side").
SkippableName = Literal[tuple(field_names()) + knowledge().detail_names]  # type: ignore[valid-type]
#: Diary ids as the diary shows them: e12 (episode), r3 (recording), c4 (self-cracking), n2 (note).
DiaryRef = Annotated[str, Path(pattern=r"^[ercnERCN]?[0-9]{1,18}$", description="A diary id such as e12.")]


def _json(data: Any, status: int = 200) -> Response:
    return JSONResponse(jsonable_encoder(data), status_code=status)


# -- request and response models (for validation and the OpenAPI document) ----------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordingEvidence(_Strict):
    sound: Literal[EVIDENCE_SOUNDS] | None = None  # type: ignore[valid-type]
    repeat: Literal[EVIDENCE_REPEATS] | None = None  # type: ignore[valid-type]


class Details(_Strict):
    """Details kept for the clinician beside the Episode (questions.yaml `details`). No triage rule
    reads one: they never change the level, the reasons or which questions decide it."""

    side: Literal[views.SIDES] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="Which side the trouble is on: left, right, both, or middle (of the back or neck). "
        "Null or left out: not known.",
    )


EMERGENCY_NUMBER = Field(
    description="The emergency number of the service's country (`backpop serve --country`, "
    "BACKPOP_COUNTRY; 112 when none is set): call it now for an `emergency` result, or if anything "
    "in the safety-net advice happens. The same number the pages show."
)


class AssessRequest(Episode):
    """An Episode, and optionally the details kept beside it."""

    details: Details | None = Field(
        default=None, description="Details kept beside the Episode (which side); never change the result."
    )


class AssessReply(Assessment):
    details: Details = Field(description="The details given with the request, as kept (never change the result).")
    emergency_number: str = EMERGENCY_NUMBER


class RecordingAssessReply(Assessment):
    emergency_number: str = EMERGENCY_NUMBER


class TextRequest(_Strict):
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="What happened, in the person's own words.")


class TextAssessment(Assessment):
    understood: list[UnderstoodFact] = Field(description="Each fact read from the text, with where it was found.")
    side: UnderstoodFact | None = Field(
        default=None,
        description="Which side (left, right, both, middle), when "
        "the text says; kept for the clinician, not a triage fact. Send its value to /v1/interview/next "
        "in `suggested_details` to have it shown pre-selected when the side is asked.",
    )
    emergency_number: str = EMERGENCY_NUMBER


class InterviewRequest(_Strict):
    answers: Episode = Field(default_factory=Episode, description="The answers so far (omitted = not asked).")
    suggested: Episode = Field(
        default_factory=Episode,
        description="Facts read from the person's own words (the `understood` of /v1/assess/text) and not "
        "yet confirmed by them. Each one that could change the level is asked back, with the value read "
        'as `question.suggested`; an answer or a "don\'t know" for the same field replaces it.',
    )
    skipped: list[SkippableName] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=len(field_names()) + len(knowledge().detail_names),
        description='Fields (and details, such as "side") the person answered "don\'t know".',
    )
    details: Details = Field(
        default_factory=Details,
        description="Details answered so far (the `question` with `detail: true`, such as which side), "
        "kept beside the answers: they never change the level or which other questions are asked.",
    )
    suggested_details: Details = Field(
        default_factory=Details,
        description="Details read from the person's own words (the `side` of /v1/assess/text), shown "
        "pre-selected when the detail is asked.",
    )


class Option(BaseModel):
    value: str
    label: str


class Progress(BaseModel):
    asked: int
    remaining: int = Field(description="At most this many questions are left.")
    total: int


class QuestionOut(BaseModel):
    field: str = Field(description="The Episode field asked about, or the detail (`side`) when `detail` is true.")
    detail: bool = Field(
        default=False,
        description="True for a detail kept for the clinician (which side): send the answer in `details`, "
        'not `answers` ("don\'t know" still goes in `skipped`). It never changes the result.',
    )
    text: str
    kind: Literal["enum", "bool", "number"]
    options: list[Option] | None
    suggested: Any = Field(
        default=None,
        description="The value read from the person's words, to show "
        "pre-selected: the person confirms or changes it. Null when nothing was read.",
    )
    progress: Progress


class ChecklistItem(BaseModel):
    field: str
    text: str
    suggested: bool | None = Field(
        default=None,
        description="What the person's words said, to show pre-ticked (true) or not; null when nothing was read.",
    )


class ChecklistOut(BaseModel):
    text: str = Field(description="The question over the whole list.")
    items: list[ChecklistItem]
    progress: Progress


class InterviewReply(BaseModel):
    status: Literal["question", "checklist", "emergency_stop", "done"] = Field(
        description="question: ask `question` next; checklist: show `checklist` (yes/no warning signs, tick "
        "any that apply: send each ticked field as true and each other as false); emergency_stop: an "
        "emergency sign is confirmed, stop and tell the person what to do now (the assessment says it); "
        "done: show the assessment."
    )
    question: QuestionOut | None = None
    checklist: ChecklistOut | None = None
    unconfirmed: list[str] = Field(
        default_factory=list,
        description="Fields that are still only suggested (read from the person's words), not answered.",
    )
    progress: Progress
    assessment: Assessment | None = None
    details: Details = Field(
        description="The details the person has answered so far, as kept (send them to POST /v1/diary with "
        "the episode); a side only read from their words is not in here until they confirm it."
    )
    emergency_number: str | None = Field(
        default=None,
        description="With an assessment: the emergency number of the service's country (`backpop serve "
        "--country`, BACKPOP_COUNTRY; 112 when none is set), to call now for an `emergency` result.",
    )


class DiarySave(_Strict):
    episode: Episode
    text: str | None = Field(default=None, max_length=MAX_TEXT, description="The person's own words, if any.")
    details: Details = Field(
        default_factory=Details, description="Details kept with the entry (which side); never change the result."
    )


class Saved(BaseModel):
    id: str = Field(description="The new diary id, e.g. e12.")
    assessment: Assessment | None = None


class TokenRequest(_Strict):
    username: str = Field(max_length=64)
    password: str = Field(max_length=MAX_PASSWORD)
    label: str = Field(default="API token", max_length=100)
    expires_in_days: int = Field(
        default=TOKEN_LIFETIME_DAYS,
        ge=1,
        le=MAX_TOKEN_LIFETIME_DAYS,
        description="How long the token works; after that, ask for a new one.",
    )


class TokenReply(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer <token>`. Shown once; keep it safe.")
    token_type: Literal["bearer"] = "bearer"
    expires_in_days: int


class TokenInfo(BaseModel):
    id: int
    label: str
    created_at: str
    expires_at: str | None
    expired: bool


class TokenList(BaseModel):
    tokens: list[TokenInfo]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    knowledge_version: str
    mode: Literal["single", "multi"]


AUTH = problem_responses(401, 503)


def api_user(request: Request, authorization: Annotated[str | None, Header()] = None) -> User:
    """The bearer token's account (multi-user service only)."""
    if web_context(request).accounts is None:
        raise WebError(404, "not_found", "this service keeps one person's diary and has no accounts")
    return bearer_user(request, authorization)


# -- assessment ---------------------------------------------------------------------------


@router.get("/health", tags=["assessment"], response_model=Health, summary="Is the service up?")
async def health(request: Request) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": backpop.__version__,
        "knowledge_version": knowledge().version,
        "mode": "multi" if web_context(request).settings.multi_user else "single",
    }


@router.post(
    "/assess",
    tags=["assessment"],
    summary="Assess an episode",
    responses={200: {"model": AssessReply, "description": "The assessment."}, **problem_responses(413, 422)},
)
async def assess_episode(body: AssessRequest, request: Request) -> Response:
    """An Episode (facts; omitted = unknown) in, an Assessment (disposition, reasons, sources, advice) out.

    `details` (which side) may come with the facts: they are returned as kept and never change the result."""
    details = body.details or Details()
    episode = Episode.model_validate(body.model_dump(exclude={"details"}, exclude_none=True))
    data = assess(episode).model_dump(mode="json")
    data["details"] = details.model_dump(mode="json")
    data["emergency_number"] = _emergency_number(request)
    return _json(data)


def _emergency_number(request: Request) -> str:
    """The number the pages show, from the one place that knows it."""
    from backpop.wording import emergency_number

    return emergency_number(web_context(request).settings.country)


class RecordingAssessRequest(_Strict):
    episode: Episode = Field(default_factory=Episode, description="What the person said (omitted = unknown).")
    evidence: RecordingEvidence = Field(
        description="The `summary.evidence` of /v1/listen for a recording of the sound. It fills in what the "
        "person did not say and never overrides their answers; `notes` in the result say what it added."
    )


@router.post(
    "/assess/recording",
    tags=["assessment"],
    summary="Assess an episode with what a recording of the sound showed",
    responses={200: {"model": RecordingAssessReply, "description": "The assessment."}, **problem_responses(413, 422)},
)
def assess_with_recording(body: RecordingAssessRequest, request: Request) -> Response:
    """An Episode and a recording's evidence in; the same Assessment as `backpop assess --recording`."""
    evidence = body.evidence.model_dump(exclude_none=True)
    data = assess(body.episode, recording_evidence=evidence).model_dump(mode="json")
    data["emergency_number"] = _emergency_number(request)
    return _json(data)


@router.post(
    "/assess/text",
    tags=["assessment"],
    summary="Assess what happened, told in the person's own words",
    responses={
        200: {"model": TextAssessment, "description": "The assessment and what was understood."},
        **problem_responses(413, 422, 503),
    },
)
def assess_text(body: TextRequest, request: Request) -> Response:
    """Free text in; the Assessment of the facts read from it, plus `understood`: each fact and its words."""
    understanding = understand(body.text)
    # Read, not confirmed: the result is provisional until the person answers the interview.
    data = assess(understanding.episode, unconfirmed=understanding.episode.known()).model_dump(mode="json")
    data["understood"] = [u.model_dump(mode="json") for u in understanding.understood]
    data["side"] = understanding.side.model_dump(mode="json") if understanding.side else None
    data["emergency_number"] = _emergency_number(request)
    return _json(data)


@router.post(
    "/interview/next",
    tags=["interview"],
    summary="The next interview question, or the result",
    responses={200: {"model": InterviewReply, "description": "The next step."}, **problem_responses(413, 422)},
)
def interview_next(body: InterviewRequest, request: Request) -> Response:
    """Send every answer so far (and the fields answered "don't know"); get the next question.

    Facts read from the person's words go in `suggested`: each that could change the level is asked
    back with the value read pre-selected. Warning-sign questions come first, several at once as a
    `checklist`. Which side is asked once, right after where (`question.detail` is true: the answer
    goes in `details`); it never changes the result. When an emergency sign is confirmed the reply is
    `emergency_stop` with the assessment; when nothing useful is left to ask it is `done`.
    """
    answers = body.answers.known()
    details = body.details.model_dump(exclude_none=True)
    read_details = body.suggested_details.model_dump(exclude_none=True)
    step = next_step(answers, list(body.skipped), suggested={**body.suggested.known(), **read_details}, details=details)
    reply: dict[str, Any] = {
        "status": "question",
        "question": None,
        "checklist": None,
        "unconfirmed": list(step.unconfirmed),
        "progress": progress(step),
        "assessment": None,
        "details": body.details.model_dump(mode="json"),
        "emergency_number": None,
    }
    if step.emergency_stop or step.done:
        reply["status"] = "emergency_stop" if step.emergency_stop else "done"
        facts, unconfirmed = settled(body.answers.known(), body.skipped, body.suggested.known())
        reply["assessment"] = assess(Episode.model_validate(facts), unconfirmed=unconfirmed).model_dump(mode="json")
        reply["emergency_number"] = _emergency_number(request)
    elif step.checklist:
        reply["status"] = "checklist"
        reply["checklist"] = checklist_json(step)
    else:
        reply["question"] = question_json(step.question, step)
    return _json(reply)


@router.post(
    "/listen",
    tags=["recording"],
    summary="Listen to a recording of the sound",
    responses={
        200: {"description": "The listen result (events and evidence; see ACOUSTICS.md)."},
        **problem_responses(401, 413, 415, 422, 503),
    },
)
async def listen_recording(
    request: Request,
    owner: ApiOwner,
    file: UploadFile = File(..., description="A recording: WAV, FLAC, OGG, M4A/AAC, MP3 or WebM/Opus (by its bytes)."),
) -> Response:
    """Find and name each sound event; `summary.evidence` holds the facts it adds (`sound`, `repeat`).

    Needs an API token in multi-user mode. A few recordings are analysed at once; when more
    are waiting, the reply is 503 with Retry-After."""
    result, _ = await analyse_upload(request, web_context(request).analysis, file.file)
    return _json(result)


# -- accounts -----------------------------------------------------------------------------


@router.post(
    "/tokens",
    tags=["accounts"],
    summary="Get an API token (multi-user service)",
    status_code=201,
    responses={201: {"model": TokenReply, "description": "A new token."}, **problem_responses(401, 404, 422, 429, 503)},
)
def create_token(body: TokenRequest, request: Request) -> Response:
    """Sign in with a user name and password; the reply holds a new bearer token for the API."""
    context = web_context(request)
    if context.accounts is None:
        raise WebError(404, "not_found", "this service keeps one person's diary and needs no token")
    user = checked_sign_in(context, request, body.username, body.password)
    token = context.accounts.create_token(user, body.label, days=body.expires_in_days)
    return _json({"token": token, "token_type": "bearer", "expires_in_days": body.expires_in_days}, 201)


@router.get(
    "/tokens",
    tags=["accounts"],
    summary="List my API tokens, with when each expires",
    responses={
        200: {"model": TokenList, "description": "The tokens (never the secrets)."},
        **problem_responses(401, 404),
    },
)
def list_tokens(request: Request, user: Annotated[User, Depends(api_user)]) -> Response:
    def when(value: Any) -> str | None:
        return None if value is None else value.isoformat() + "Z"

    tokens = web_context(request).accounts.list_tokens(user)
    return _json(
        {
            "tokens": [
                {
                    "id": t["id"],
                    "label": t["label"],
                    "created_at": when(t["created_at"]),
                    "expires_at": when(t["expires_at"]),
                    "expired": t["expired"],
                }
                for t in tokens
            ]
        }
    )


@router.delete(
    "/tokens/{token_id}",
    tags=["accounts"],
    summary="Revoke one of my API tokens",
    status_code=204,
    responses={204: {"description": "Revoked."}, **problem_responses(401, 404, 422)},
)
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**63 - 1)], request: Request, user: Annotated[User, Depends(api_user)]
) -> Response:
    if not web_context(request).accounts.revoke_token(user, token_id):
        raise WebError(404, "not_found", f"no token {token_id} on your account")
    return Response(status_code=204)


# -- diary --------------------------------------------------------------------------------


@router.get(
    "/diary",
    tags=["diary"],
    summary="List diary entries, newest first",
    responses={200: {"model": views.DiaryList, "description": "The entries."}, **AUTH},
)
def diary_list(request: Request, owner: ApiOwner, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Response:
    diary = web_context(request).diary()
    entries = diary.list(owner=owner, limit=limit)
    return _json(views.list_document(entries, diary.list(owner=owner, kinds=["episode"])))


#: OpenAPI links from a new entry's id to the routes that read and delete it (clients and
#: link-following test tools can chain the calls).
ENTRY_LINKS = {
    "GetEntry": {
        "operationId": "getDiaryEntry",
        "parameters": {"ref": "$response.body#/id"},
        "description": "The new entry in full.",
    },
    "DeleteEntry": {
        "operationId": "deleteDiaryEntry",
        "parameters": {"ref": "$response.body#/id"},
        "description": "Delete the new entry.",
    },
}


@router.post(
    "/diary",
    tags=["diary"],
    summary="Assess an episode and save it to the diary",
    status_code=201,
    responses={
        201: {"model": Saved, "description": "Saved.", "links": ENTRY_LINKS},
        **problem_responses(401, 403, 413, 422, 503),
    },
)
def diary_save(body: DiarySave, request: Request, owner: ApiOwner) -> Response:
    assessment = assess(body.episode)
    ref = (
        web_context(request)
        .diary()
        .save_assessment(body.episode, assessment, text=body.text, owner=owner, side=body.details.side)
    )
    return _json({"id": ref, "assessment": assessment.model_dump(mode="json")}, 201)


@router.post(
    "/diary/cracks",
    tags=["diary"],
    summary="Record that the person just cracked their own back",
    status_code=201,
    responses={
        201: {"model": Saved, "description": "Saved.", "links": ENTRY_LINKS},
        **problem_responses(401, 403, 503),
    },
)
def diary_crack(request: Request, owner: ApiOwner) -> Response:
    return _json({"id": web_context(request).diary().log_crack(owner=owner)}, 201)


@router.get(
    "/diary/export",
    tags=["diary"],
    summary="Everything in the diary, as one JSON document",
    responses={200: {"description": "The export document (backpop diary import reads it)."}, **AUTH},
)
def diary_export(request: Request, owner: ApiOwner) -> Response:
    return _json(web_context(request).diary().export(owner=owner))


@router.get(
    "/diary/trend",
    tags=["diary"],
    summary="Weekly counts and what the pattern means",
    responses={200: {"model": views.DiaryTrend, "description": "The trend."}, **AUTH},
)
def diary_trend(request: Request, owner: ApiOwner, weeks: Annotated[int, Query(ge=1, le=520)] = 12) -> Response:
    return _json(views.trend_document(build_trend(web_context(request).diary(), weeks=weeks, owner=owner)))


@router.get(
    "/diary/{ref}",
    tags=["diary"],
    summary="One diary entry in full",
    operation_id="getDiaryEntry",
    responses={
        200: {"model": views.DiaryItem, "description": "The entry, with its assessments."},
        **problem_responses(401, 404, 422),
    },
)
def diary_get(ref: DiaryRef, request: Request, owner: ApiOwner) -> Response:
    return _json(views.item_document(_entry(request, ref, owner)))


@router.post(
    "/diary/{ref}/seen",
    tags=["diary"],
    summary="Mark an episode as seen by a clinician",
    responses={
        200: {"model": views.DiaryItem, "description": "The entry, now marked as seen."},
        **problem_responses(401, 404, 422),
    },
)
def diary_seen(ref: DiaryRef, request: Request, owner: ApiOwner) -> Response:
    """Record that a clinician has seen the person about this episode; its urgent banner clears."""
    _entry(request, ref, owner)  # 404 for a missing entry or another person's
    web_context(request).diary().mark_seen(ref, owner=owner)
    return _json(views.item_document(_entry(request, ref, owner)))


@router.delete(
    "/diary/{ref}",
    tags=["diary"],
    summary="Delete a diary entry for good",
    status_code=204,
    operation_id="deleteDiaryEntry",
    responses={204: {"description": "Deleted."}, **problem_responses(401, 403, 404, 422)},
)
def diary_delete(ref: DiaryRef, request: Request, owner: ApiOwner) -> Response:
    try:
        web_context(request).diary().delete(ref, owner=owner)
    except InputError:
        raise WebError(404, "not_found", f"no diary entry {ref}") from None
    return Response(status_code=204)


def _entry(request: Request, ref: str, owner: str) -> dict[str, Any]:
    try:
        return web_context(request).diary().get(ref, owner=owner)
    except InputError:
        raise WebError(404, "not_found", f"no diary entry {ref}") from None
