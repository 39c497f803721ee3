"""Lawyer console for video consultation: duty, the waiting list, answering, the call socket."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, WebSocket
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from server.api.video import MAX_CALL_ID, end_call, ice_config, read_hello, valid_call_id
from server.console.web import (
    SESSION_COOKIE,
    ActiveSessionDep,
    CsrfChecked,
    LawyerUser,
    QueueViewer,
    client_ip,
    render,
)
from server.context import ServerContext
from server.deps import ContextDep, NowDep, SessionDep
from server.models import VideoCall
from server.services import audit, console_sessions, video_notes
from server.services import video as calls
from server.services.signalling import SignallingHub

router = APIRouter()


def _poll_timeout(context: ServerContext) -> timedelta:
    return timedelta(seconds=context.settings.video_poll_timeout_s)


@router.get("/video")
def video_page(
    request: Request,
    user: QueueViewer,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> HTMLResponse:
    return render(
        request,
        "video.html",
        active=active,
        on_duty=calls.is_on_duty(session, user=user),
        is_lawyer=user.role == "lawyer",
        history=calls.history(session, limit=20),
        topic_names=calls.TOPIC_NAMES,
        about_text=_about_text,
        notes_of=lambda call: (
            video_notes.open_for_lawyer(call, opener=context.opener)
            if user.role == "lawyer" and call.lawyer == user.username
            else ""
        ),
    )


@router.get("/video/state")
def video_state(user: QueueViewer, session: SessionDep, context: ContextDep, now: NowDep) -> dict[str, Any]:
    """What the open page refreshes every 2 s; the refresh itself keeps the lawyer counted on duty."""
    if user.role == "lawyer":
        calls.seen(session, user=user, now=now)
    rows = calls.waiting_list(session, now=now, poll_timeout=_poll_timeout(context))
    on_duty = calls.lawyers_on_duty(
        session, now=now, seen_timeout=timedelta(seconds=context.settings.lawyer_seen_timeout_s)
    )
    session.commit()
    return {
        "on_duty": calls.is_on_duty(session, user=user),
        "lawyers_on_duty": on_duty,
        "waiting": [
            {
                "topic": calls.TOPIC_NAMES.get(row.call.topic, row.call.topic),
                # 预约 09:20: a booked visitor, placed before walk-ins from their slot on.
                "booked": row.call.booking_slot_at.astimezone(context.zone).strftime("预约 %H:%M")
                if row.call.booking_slot_at is not None
                else "",
                "about": _about_text(row.call),
                "township": row.township,
                "wait_s": row.wait_s,
            }
            for row in rows
        ],
    }


@router.post("/video/duty", dependencies=[CsrfChecked])
def set_duty(
    request: Request,
    user: LawyerUser,
    session: SessionDep,
    now: NowDep,
    on_duty: Annotated[str, Form(max_length=1)] = "0",
) -> RedirectResponse:
    calls.set_duty(session, user=user, on_duty=on_duty == "1", now=now)
    audit.record(
        session, actor=user.username, action="video.duty_on" if on_duty == "1" else "video.duty_off",
        now=now, ip=client_ip(request),
    )  # fmt: skip
    session.commit()
    return RedirectResponse("/console/video", status_code=303)


@router.post("/video/answer", dependencies=[CsrfChecked])
def answer_next(
    request: Request, user: LawyerUser, session: SessionDep, context: ContextDep, now: NowDep
) -> JSONResponse:
    if not calls.is_on_duty(session, user=user):
        return JSONResponse({"detail": "请先设为在岗 (go on duty first)"}, status_code=409)
    call = calls.answer_next(session, user=user, now=now, poll_timeout=_poll_timeout(context))
    if call is None:
        session.commit()
        return JSONResponse({"detail": "没有等待中的群众 (nobody is waiting)"}, status_code=409)
    audit.record(
        session, actor=user.username, action="video.answer", target=f"call:{call.id}", now=now,
        ip=client_ip(request),
    )  # fmt: skip
    session.commit()
    return JSONResponse(
        {
            "call_id": call.id,
            "topic": calls.TOPIC_NAMES.get(call.topic, call.topic),
            "about": _about_text(call),
            # To offer pushing the same page back (answer → its guide).
            "about_kind": "form" if call.about_kind == "form" else "guide",
            "about_id": call.about_id or "",
        }
    )


def _about_text(call: VideoCall) -> str:
    """What the visitor was reading when they asked (问律师), as the lawyer reads it."""
    about = calls.about_of(call)
    return about.describe() if about is not None else ""


@router.post("/video/calls/{call_id}/notes", dependencies=[CsrfChecked])
def write_notes(
    request: Request,
    call_id: Annotated[int, Path(ge=1, le=MAX_CALL_ID)],
    user: LawyerUser,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    notes: Annotated[str, Form(max_length=video_notes.MAX_NOTES_CHARS * 2)] = "",
) -> JSONResponse:
    """The lawyer's notes for the visitor: sealed at rest; the kiosk prints them (never logged)."""
    try:
        video_notes.save(
            session, call_id=call_id, username=user.username, text=notes, opener=context.opener, now=now
        )
    except video_notes.NotesRefused as refused:
        return JSONResponse({"detail": refused.message}, status_code=refused.status)
    audit.record(
        session, actor=user.username, action="video.notes", target=f"call:{call_id}", now=now,
        ip=client_ip(request),
    )  # fmt: skip
    session.commit()
    return JSONResponse({"saved": True})


def _same_origin(websocket: WebSocket) -> bool:
    # A cookie-authenticated socket must refuse pages of other sites (cross-site WebSocket hijack).
    origin = websocket.headers.get("origin", "")
    host = websocket.headers.get("host", "")
    return bool(host) and origin in (f"http://{host}", f"https://{host}")


@router.websocket("/video/ws")
async def lawyer_socket(websocket: WebSocket) -> None:
    """The lawyer's call page: the console session cookie, and the call must be theirs."""
    context: ServerContext = websocket.app.state.context
    hub: SignallingHub = websocket.app.state.video_hub
    token = websocket.cookies.get(SESSION_COOKIE, "")
    await websocket.accept()
    hello = await read_hello(websocket)
    call_id = hello.get("call") if hello else None
    if not token or not _same_origin(websocket) or not valid_call_id(call_id):
        await websocket.close(code=4401)
        return

    def authorise() -> str | None:
        with context.session_factory() as session:
            now = context.clock()
            idle = timedelta(minutes=context.settings.session_idle_minutes)
            active = console_sessions.resolve(session, token=token, now=now, idle=idle)
            session.commit()
            if active is None or active.user.role != "lawyer":
                return None
            call = calls.lawyer_call(session, call_id=call_id, username=active.user.username)
            return active.user.username if call is not None else None

    username = await run_in_threadpool(authorise)
    if username is None:
        await websocket.close(code=4403)
        return
    await hub.serve(
        websocket,
        call_id=call_id,
        side="lawyer",
        joined=ice_config(context, who=f"lawyer-{username}"),
        end_call=lambda cid, reason: end_call(context, cid, reason),
        resumed=hello is not None and hello.get("resume") is True,
    )
