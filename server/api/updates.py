"""Content publishing API: upload a signed bundle, ask which chunks the server lacks, read state.

Callers are technicians' machines (`lawpost pack publish`), authenticated by a publisher token
(`Authorization: Bearer lpp_…`) or by a console login of an admin/technician — then the session
cookie plus its CSRF token in `X-CSRF-Token`, so a page on another site cannot publish.
"""

from __future__ import annotations

import hmac
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kiosk.sync.wire import API_PREFIX, MISSING_BLOBS_PATH, PUBLISH_PATH, UPDATES_STATE_PATH
from server.console.web import SESSION_COOKIE, client_ip
from server.context import ServerContext
from server.deps import ContextDep, NowDep, SessionDep
from server.schemas import Detail
from server.services import audit, channels, console_sessions, publishers, publishing
from server.services.update_repo import RepositoryNotReady, open_repository

router = APIRouter(tags=["publishing"])

_UNAUTHORIZED = "需要发布者令牌或技术员登录 (a publisher token or a technician's console login is needed)"


def get_publisher(request: Request, session: SessionDep, context: ContextDep, now: NowDep) -> str:
    """The name the upload is recorded under ("token:<name>" or the console user name)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        row = publishers.authenticate(session, token.strip(), now=now)
        if row is not None:
            session.commit()
            return f"token:{row.name}"
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if cookie:
        idle = timedelta(minutes=context.settings.session_idle_minutes)
        active = console_sessions.resolve(session, token=cookie, now=now, idle=idle)
        session.commit()
        sent = request.headers.get("x-csrf-token", "")
        if (
            active is not None
            and active.user.role in publishers.PUBLISHER_ROLES
            and hmac.compare_digest(sent.encode(), active.session.csrf_token.encode())
        ):
            return active.user.username
    raise HTTPException(status_code=401, detail=_UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})


Publisher = Annotated[str, Depends(get_publisher)]
_PREFIX = len(API_PREFIX)


class ChunkRef(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    bytes: int = Field(ge=0, le=2**40)


class MissingRequest(BaseModel):
    blobs: list[ChunkRef] = Field(max_length=200_000)


class MissingResponse(BaseModel):
    missing: list[str]


class PublishResponse(BaseModel):
    pack_id: str
    version: int
    packs_version: int
    channel: str
    blobs_received: int
    bytes_received: int


class UpdatesState(BaseModel):
    packs_version: int
    # channel → {"default": {...} | None, "groups": {...}}
    channels: dict[str, dict[str, object]]


# The body is a tar (`lawpost pack publish`); described as bytes so the fuzzer can send any.
_BINARY = {"type": "string", "format": "binary"}
_NOT_READY: dict[int | str, dict[str, Any]] = {503: {"model": Detail}}


@router.get(UPDATES_STATE_PATH[_PREFIX:], responses={401: {"model": Detail}, **_NOT_READY})
def updates_state(publisher: Publisher, session: SessionDep, context: ContextDep) -> UpdatesState:
    try:
        repo = open_repository(context.settings)
    except RepositoryNotReady as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None
    return UpdatesState(
        packs_version=repo.packs_version(),
        channels={name: channels.document(session, name) for name in ("staging", "stable")},
    )


@router.post(MISSING_BLOBS_PATH[_PREFIX:], responses={401: {"model": Detail}, **_NOT_READY})
def missing_blobs(body: MissingRequest, publisher: Publisher, context: ContextDep) -> MissingResponse:
    try:
        repo = open_repository(context.settings)
    except RepositoryNotReady as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None
    return MissingResponse(
        missing=sorted({b.sha256 for b in body.blobs if not repo.has_blob(b.sha256, b.bytes)})
    )


@router.post(
    PUBLISH_PATH[_PREFIX:],
    responses={
        401: {"model": Detail},
        409: {"model": Detail},
        413: {"model": Detail},
        422: {"model": Detail},
        **_NOT_READY,
    },
    openapi_extra={"requestBody": {"content": {"application/octet-stream": {"schema": _BINARY}}}},
)
async def publish(
    request: Request,
    publisher: Publisher,
    context: ContextDep,
    channel: Annotated[str, Query(pattern="^(staging|stable)$")] = "staging",
) -> PublishResponse:
    settings = context.settings
    incoming = settings.data_dir / "incoming"
    incoming.mkdir(mode=0o700, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=incoming, prefix="bundle-"))
    try:
        archive = work / "bundle.tar"
        with archive.open("wb") as out:
            async for block in request.stream():
                out.write(block)
        result = await run_in_threadpool(
            _publish_archive, context=context, archive=archive, work=work, channel=channel,
            by=publisher, ip=client_ip(request),
        )  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _publish_archive(
    *, context: ServerContext, archive: Path, work: Path, channel: str, by: str, ip: str
) -> PublishResponse:
    try:
        repo = open_repository(context.settings)
    except RepositoryNotReady as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None
    unpacked = work / "bundle"
    unpacked.mkdir()
    try:
        publishing.unpack(archive, unpacked)
        with repo.locked(), context.session_factory() as session:
            now = context.clock()
            done = publishing.publish(session, repo, bundle=unpacked, channel=channel, by=by, now=now)
            audit.record(
                session, actor=by[:64], action="pack.publish", target=f"{done.pack_id}:{done.version}",
                detail=f"channel={channel} packs.json v{done.packs_version}", now=now, ip=ip,
            )  # fmt: skip
            session.commit()
    except publishing.PublishRefused as refused:
        raise HTTPException(status_code=refused.status, detail=str(refused)) from None
    return PublishResponse(
        pack_id=done.pack_id, version=done.version, packs_version=done.packs_version, channel=done.channel,
        blobs_received=done.blobs_received, bytes_received=done.bytes_received,
    )  # fmt: skip
