"""Kiosk side of 预约视频: book a slot, look a slip code up, cancel it, and the bookings due now.

A booking holds the kiosk, the topic, the slot and the slip's 4-digit code — no name, no number.
The code is what the visitor types at the kiosk to check in or to cancel, and the kiosk that made
the booking calls it in the hall queue (V<code>) when the slot begins.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response
from pydantic import BaseModel, Field

from server.deps import CurrentDevice, NowDep, SessionDep
from server.models import VideoBooking
from server.schemas import Detail, Str
from server.services import video_rota

router = APIRouter()

SlipCode = Annotated[str, Path(pattern=r"^[0-9]{4}$")]


class BookingRequest(BaseModel):
    topic: Str = Field(min_length=1, max_length=32)
    slot_at: datetime


class Booking(BaseModel):
    booking_id: int
    slot_at: datetime
    code: str = Field(description="the slip's 4-digit code (check-in, cancel, the hall's V<code>)")
    topic: str = ""
    state: str = Field(default="booked", description="booked | arrived | cancelled")
    window: str = Field(default="", description="early | now | late: may the visitor check in now")


def _out(booking: VideoBooking, now: datetime) -> Booking:
    return Booking(
        booking_id=booking.id,
        slot_at=booking.slot_at,
        code=booking.code or "",
        topic=booking.topic,
        state=booking.state,
        window=video_rota.window(booking, now=now),
    )


@router.post("/video/bookings", responses={409: {"model": Detail}, 422: {"model": Detail}})
def book_slot(body: BookingRequest, device: CurrentDevice, session: SessionDep, now: NowDep) -> Booking:
    """Book a free slot of the rota (no personal data: the visitor keeps the printed slip)."""
    if body.slot_at.tzinfo is None:
        raise HTTPException(status_code=422, detail="slot_at needs a time zone")
    try:
        booking = video_rota.book(
            session, device=device, topic=body.topic, slot_at=body.slot_at.astimezone(UTC), now=now
        )
    except video_rota.RotaRefused as refused:
        raise HTTPException(status_code=refused.status, detail=refused.message) from None
    session.commit()
    return _out(booking, now)


@router.get("/video/bookings/due")
def due_bookings(device: CurrentDevice, session: SessionDep, now: NowDep) -> list[Booking]:
    """This kiosk's open bookings whose slot is running: the kiosk calls them in the hall queue."""
    return [_out(b, now) for b in video_rota.due(session, device_id=device.id, now=now)]


@router.get("/video/bookings/{code}", responses={404: {"model": Detail}})
def find_booking(code: SlipCode, device: CurrentDevice, session: SessionDep, now: NowDep) -> Booking:
    """The slip's booking (any kiosk of the deployment: a visitor may come back to another one)."""
    booking = video_rota.by_code(session, code=code, now=now)
    if booking is None:
        raise HTTPException(status_code=404, detail="no booking with this code")
    return _out(booking, now)


@router.post("/video/bookings/{code}/cancel", status_code=204, responses={404: {"model": Detail}})
def cancel_booking(code: SlipCode, device: CurrentDevice, session: SessionDep, now: NowDep) -> Response:
    """取消预约 at a kiosk with the slip's code: the slot is free again for others."""
    booking = video_rota.by_code(session, code=code, now=now)
    if booking is None or not video_rota.cancel(session, booking=booking, by="kiosk", now=now):
        raise HTTPException(status_code=404, detail="no open booking with this code")
    session.commit()
    return Response(status_code=204)
