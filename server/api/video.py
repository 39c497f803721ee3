"""Kiosk side of video consultation: join/poll/leave the queue (REST), and the call's WebSocket."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeGuard

from fastapi import APIRouter, HTTPException, Path, Query, Response, WebSocket
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server.context import ServerContext
from server.deps import ContextDep, CurrentDevice, NowDep, SessionDep
from server.models import VideoBooking
from server.schemas import Detail, Str
from server.services import turn, video_notes, video_rota
from server.services import video as calls
from server.services.signalling import SignallingHub

router = APIRouter()

# The page must say who it is within this long after connecting.
_HELLO_TIMEOUT_S = 5.0
MAX_CALL_ID = 2**31 - 1
# Longest long poll, and how often it looks at the queue meanwhile.
MAX_WAIT_S = 15.0
_LONG_POLL_STEP_S = 0.2


CallId = Annotated[int, Path(ge=1, le=MAX_CALL_ID)]


def valid_call_id(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_CALL_ID


class AboutPage(BaseModel):
    """The content page the visitor was reading when they asked for a lawyer (问律师)."""

    kind: Str = Field(description="guide | form | answer", max_length=16)
    id: Str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", description="the content pack's id")
    title: Str = Field(min_length=1, max_length=80, description="the page's title from the pack")


class CallRequest(BaseModel):
    topic: Str = Field(min_length=1, max_length=32)
    about: AboutPage | None = None
    booking_code: str | None = Field(default=None, pattern=r"^[0-9]{4}$", description="the slip's code")


class CallStatus(BaseModel):
    call_id: int
    state: str = Field(description="waiting | answered | ended")
    ahead: int = Field(description="visitors before this one in the queue")
    lawyers_on_duty: int
    estimate_minutes: int
    end_reason: str | None = None
    ticket: str | None = Field(default=None, description="one-time ticket for the call WebSocket")


class Shift(BaseModel):
    starts_at: datetime
    ends_at: datetime


class Availability(BaseModel):
    lawyers_on_duty: int
    waiting: int
    # The duty rota: the shift running now or the next one, and the first free booking slots.
    next_shift: Shift | None = None
    slots: list[datetime] = Field(default_factory=list)


def _timeouts(context: ServerContext) -> dict[str, timedelta]:
    return {
        "poll_timeout": timedelta(seconds=context.settings.video_poll_timeout_s),
        "seen_timeout": timedelta(seconds=context.settings.lawyer_seen_timeout_s),
    }


def _status(status: calls.QueueStatus, ticket: str | None) -> CallStatus:
    call = status.call
    return CallStatus(
        call_id=call.id,
        state="ended" if call.state == "ended" else call.state,
        ahead=status.ahead,
        lawyers_on_duty=status.lawyers_on_duty,
        estimate_minutes=status.estimate_minutes,
        end_reason=call.end_reason,
        ticket=ticket,
    )


def _refused(refused: calls.VideoRefused) -> HTTPException:
    return HTTPException(status_code=refused.status, detail=refused.message)


@router.get("/video/availability")
def availability(
    device: CurrentDevice, session: SessionDep, context: ContextDep, now: NowDep
) -> Availability:
    limits = _timeouts(context)
    waiting = calls.waiting_list(session, now=now, poll_timeout=limits["poll_timeout"])
    on_duty = calls.lawyers_on_duty(session, now=now, seen_timeout=limits["seen_timeout"])
    shift = video_rota.next_shift(session, now=now)
    slots = video_rota.free_slots(session, now=now)
    session.commit()
    return Availability(
        lawyers_on_duty=on_duty,
        waiting=len(waiting),
        next_shift=Shift(starts_at=shift.starts_at, ends_at=shift.ends_at) if shift is not None else None,
        slots=slots,
    )


def _check_in(session: SessionDep, code: str, now: datetime) -> VideoBooking:
    """The booked visitor joins: only an open booking, from 10 minutes before its slot to its end."""
    booking = video_rota.by_code(session, code=code, now=now)
    if booking is None or booking.state != "booked":
        raise calls.VideoRefused(404, "no open booking with this code")
    if video_rota.window(booking, now=now) != "now":
        raise calls.VideoRefused(409, "not the booking's time")
    return booking


@router.post("/video/calls", responses={code: {"model": Detail} for code in (401, 404, 409, 422)})
def join_queue(
    body: CallRequest, device: CurrentDevice, session: SessionDep, context: ContextDep, now: NowDep
) -> CallStatus:
    try:
        about = (
            calls.About(kind=body.about.kind, id=body.about.id, title=body.about.title)
            if body.about is not None
            else None
        )
        booking = _check_in(session, body.booking_code, now) if body.booking_code else None
        call = calls.request_call(
            session, device=device, topic=booking.topic if booking else body.topic, now=now, about=about,
            booking_slot_at=booking.slot_at if booking else None,
        )  # fmt: skip
        if booking is not None:
            booking.state, booking.call_id = "arrived", call.id
        status, ticket = calls.poll(
            session, device_id=device.id, call_id=call.id, now=now, **_timeouts(context)
        )
    except calls.VideoRefused as refused:
        raise _refused(refused) from None
    session.commit()
    return _status(status, ticket)


@router.get("/video/calls/{call_id}", responses={401: {"model": Detail}, 404: {"model": Detail}})
async def poll_call(
    call_id: CallId,
    device: CurrentDevice,
    session: SessionDep,
    context: ContextDep,
    wait_s: Annotated[float, Query(ge=0, le=MAX_WAIT_S)] = 0,
) -> CallStatus:
    """Where the visitor stands. With wait_s, a long poll: the answer comes as soon as a lawyer
    answers (checked every 0.2 s in the database, so any server process sees it) or after wait_s."""
    device_id = device.id
    session.rollback()  # hold no database connection while waiting

    def once() -> CallStatus:
        with context.session_factory() as own:
            try:
                status, ticket = calls.poll(
                    own, device_id=device_id, call_id=call_id, now=context.clock(), **_timeouts(context)
                )
            except calls.VideoRefused as refused:
                raise _refused(refused) from None
            own.commit()
            return _status(status, ticket)

    deadline = time.monotonic() + wait_s
    while True:
        answer = await run_in_threadpool(once)
        if answer.state != "waiting" or time.monotonic() >= deadline:
            return answer
        await asyncio.sleep(_LONG_POLL_STEP_S)


@router.delete("/video/calls/{call_id}", status_code=204, responses={404: {"model": Detail}})
def leave_queue(call_id: CallId, device: CurrentDevice, session: SessionDep, now: NowDep) -> Response:
    try:
        calls.leave(session, device=device, call_id=call_id, now=now)
    except calls.VideoRefused as refused:
        raise _refused(refused) from None
    session.commit()
    return Response(status_code=204)


class CallNotes(BaseModel):
    state: str = Field(description="none (not written yet) | ready")
    text: str = ""
    lawyer: str = ""


@router.get(
    "/video/calls/{call_id}/notes",
    responses={404: {"model": Detail}, 410: {"model": Detail}},
)
def call_notes(
    call_id: CallId, device: CurrentDevice, session: SessionDep, context: ContextDep, now: NowDep
) -> CallNotes:
    """The lawyer's notes for the visitor, for the kiosk that had the call (to print them)."""
    try:
        notes = video_notes.for_kiosk(
            session, device_id=device.id, call_id=call_id, opener=context.opener, now=now
        )
    except video_notes.NotesRefused as refused:
        raise HTTPException(status_code=refused.status, detail=refused.message) from None
    session.commit()
    return CallNotes(state=notes.state, text=notes.text, lawyer=notes.lawyer)


def ice_config(context: ServerContext, *, who: str) -> dict[str, Any]:
    settings = context.settings
    return {
        "ice_servers": turn.ice_servers(
            urls=settings.turn_urls,
            secret=settings.turn_secret,
            who=who,
            now=context.clock(),
            ttl=timedelta(seconds=settings.turn_ttl_s),
        ),
        "ice_transport_policy": settings.ice_transport_policy,
    }


async def end_call(context: ServerContext, call_id: int, reason: str) -> None:
    def write() -> None:
        with context.session_factory() as session:
            calls.end(session, call_id=call_id, reason=reason, now=context.clock())
            session.commit()

    await run_in_threadpool(write)


async def read_hello(websocket: WebSocket) -> dict[str, Any] | None:
    try:
        hello = json.loads(await asyncio.wait_for(websocket.receive_text(), timeout=_HELLO_TIMEOUT_S))
    except Exception:
        return None
    return hello if isinstance(hello, dict) and hello.get("type") == "hello" else None


@router.websocket("/video/ws")
async def kiosk_socket(websocket: WebSocket) -> None:
    """The kiosk's call page: authenticated by the one-time ticket from a device-token poll
    (the device token itself never enters the web page)."""
    context: ServerContext = websocket.app.state.context
    hub: SignallingHub = websocket.app.state.video_hub
    await websocket.accept()
    hello = await read_hello(websocket)
    call_id = hello.get("call") if hello else None
    ticket = hello.get("ticket") if hello else None
    if not valid_call_id(call_id) or not isinstance(ticket, str) or len(ticket) > 128:
        await websocket.close(code=4401)
        return

    def redeem() -> tuple[str, str] | None:
        with context.session_factory() as session:
            redeemed = calls.redeem_ticket(session, call_id=call_id, ticket=ticket)
            session.commit()
            return (redeemed[0].device_id, redeemed[1]) if redeemed is not None else None

    redeemed = await run_in_threadpool(redeem)
    if redeemed is None:
        await websocket.close(code=4401)
        return
    device_id, resume = redeemed
    await hub.serve(
        websocket,
        call_id=call_id,
        side="kiosk",
        joined={**ice_config(context, who=f"kiosk-{device_id}"), "resume": resume},
        end_call=lambda cid, reason: end_call(context, cid, reason),
        resumed=hello is not None and hello.get("resume") is True,
    )
