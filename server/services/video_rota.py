"""The lawyers' duty rota (值班表) and bookings of video consultations at its slots.

A shift is one lawyer on duty from a start to an end. Bookable slots are SLOT long inside the
shifts; a slot takes as many bookings as lawyers are on the rota for all of it. Outside the
shifts the kiosk shows the next one and offers its free slots, or a call-back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import Device, LawyerShift, VideoBooking
from server.services.video import TOPICS

SLOT = timedelta(minutes=20)
# A booking starts at least this long from now (the visitor must get back to the hall).
LEAD = timedelta(minutes=30)
HORIZON = timedelta(days=14)
MAX_SHIFT = timedelta(hours=12)
# Check-in with the slip's code opens this long before the slot and closes at the slot's end: a
# visitor who is early sits down; one who is later than the slot books again or joins as a walk-in.
EARLY = timedelta(minutes=10)
# Slip codes: four digits from 5000, so the hall display's V<code> never meets an ordinary V001–V999.
CODE_RANGE = range(5000, 10000)
OPEN_BOOKING = ("booked",)


class RotaRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class BookingRow:
    booking: VideoBooking
    township: str


def add_shift(
    session: Session, *, lawyer: str, starts_at: datetime, ends_at: datetime, by: str, now: datetime
) -> LawyerShift:
    if ends_at <= starts_at:
        raise RotaRefused(422, "结束时间要晚于开始时间 (the end must be after the start)")
    if ends_at - starts_at > MAX_SHIFT:
        raise RotaRefused(422, "一个班次最长 12 小时 (a shift is at most 12 hours)")
    if ends_at <= now:
        raise RotaRefused(422, "这个时间已经过去了 (this time has passed)")
    overlap = session.scalar(
        select(func.count()).select_from(LawyerShift).where(
            LawyerShift.lawyer == lawyer, LawyerShift.starts_at < ends_at, LawyerShift.ends_at > starts_at
        )
    )  # fmt: skip
    if overlap:
        raise RotaRefused(409, "与这位律师已有的班次重叠 (overlaps a shift of this lawyer)")
    shift = LawyerShift(lawyer=lawyer, starts_at=starts_at, ends_at=ends_at, created_by=by, created_at=now)
    session.add(shift)
    session.flush()
    return shift


def remove_shift(session: Session, *, shift_id: int, by: str, is_admin: bool) -> bool:
    shift = session.get(LawyerShift, shift_id)
    if shift is None or (not is_admin and shift.lawyer != by):
        return False
    session.delete(shift)
    return True


def upcoming_shifts(session: Session, *, now: datetime, limit: int = 100) -> list[LawyerShift]:
    query = (
        select(LawyerShift)
        .where(LawyerShift.ends_at > now, LawyerShift.starts_at < now + HORIZON)
        .order_by(LawyerShift.starts_at, LawyerShift.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def on_rota_now(session: Session, *, now: datetime) -> bool:
    return any(s.starts_at <= now < s.ends_at for s in upcoming_shifts(session, now=now))


def next_shift(session: Session, *, now: datetime) -> LawyerShift | None:
    """The shift running now, or else the next one to start."""
    shifts = upcoming_shifts(session, now=now)
    return shifts[0] if shifts else None


def _ceil(moment: datetime, step: timedelta) -> datetime:
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    steps = -(-(moment - midnight) // step)
    return midnight + steps * step


def free_slots(session: Session, *, now: datetime, limit: int = 3) -> list[datetime]:
    """The first `limit` slot starts that still have a lawyer free (capacity minus bookings)."""
    shifts = upcoming_shifts(session, now=now)
    booked: dict[datetime, int] = {}
    for slot_at, count in session.execute(
        select(VideoBooking.slot_at, func.count())
        .where(VideoBooking.state == "booked", VideoBooking.slot_at >= now)
        .group_by(VideoBooking.slot_at)
    ):
        booked[slot_at] = int(count)
    found: list[datetime] = []
    candidate = _ceil(now + LEAD, SLOT)
    for shift in shifts:
        moment = max(candidate, _ceil(shift.starts_at, SLOT))
        while moment + SLOT <= shift.ends_at and len(found) < limit:
            capacity = sum(1 for s in shifts if s.starts_at <= moment and moment + SLOT <= s.ends_at)
            if moment not in found and booked.get(moment, 0) < capacity:
                found.append(moment)
            moment += SLOT
    return sorted(found)[:limit]


def book(session: Session, *, device: Device, topic: str, slot_at: datetime, now: datetime) -> VideoBooking:
    if topic not in TOPICS:
        raise RotaRefused(422, "unknown topic")
    if slot_at not in free_slots(session, now=now, limit=10_000):
        raise RotaRefused(409, "this slot is no longer free")
    used = set(session.scalars(select(VideoBooking.code).where(VideoBooking.state.in_(OPEN_BOOKING))))
    code = str(secrets.choice(CODE_RANGE))
    while code in used:  # at most a few hundred open bookings against 5,000 codes
        code = str(secrets.choice(CODE_RANGE))
    booking = VideoBooking(
        device_id=device.id, topic=topic, slot_at=slot_at, created_at=now, state="booked", code=code
    )
    session.add(booking)
    session.flush()
    return booking


def bookings(session: Session, *, now: datetime, limit: int = 100) -> list[BookingRow]:
    rows = session.execute(
        select(VideoBooking, Device.name)
        .join(Device, Device.id == VideoBooking.device_id)
        .where(VideoBooking.slot_at >= now - SLOT, VideoBooking.state == "booked")
        .order_by(VideoBooking.slot_at, VideoBooking.id)
        .limit(limit)
    ).all()
    return [BookingRow(booking=b, township=name) for b, name in rows]


def by_code(session: Session, *, code: str, now: datetime) -> VideoBooking | None:
    """The booking with this slip code whose slot has not ended yet (open, used or cancelled)."""
    if not code.isdigit() or len(code) != 4:
        return None
    rows = session.scalars(
        select(VideoBooking)
        .where(VideoBooking.code == code, VideoBooking.slot_at > now - SLOT)
        .order_by(VideoBooking.state != "booked", VideoBooking.slot_at)
    )
    return next(iter(rows), None)


def window(booking: VideoBooking, *, now: datetime) -> str:
    """early (check-in not open yet) | now | late (the slot is over)."""
    if now < booking.slot_at - EARLY:
        return "early"
    return "now" if now < booking.slot_at + SLOT else "late"


def cancel(session: Session, *, booking: VideoBooking, by: str, now: datetime) -> bool:
    """Cancel an open booking (the slot is free again for others); False if it is not open."""
    if booking.state not in OPEN_BOOKING:
        return False
    booking.state, booking.cancelled_at, booking.cancelled_by = "cancelled", now, by
    return True


def due(session: Session, *, device_id: str, now: datetime) -> list[VideoBooking]:
    """This kiosk's open bookings whose slot has started and not ended: the hall calls them."""
    rows = session.scalars(
        select(VideoBooking)
        .where(
            VideoBooking.device_id == device_id,
            VideoBooking.state.in_(OPEN_BOOKING),
            VideoBooking.slot_at <= now,
            VideoBooking.slot_at > now - SLOT,
        )
        .order_by(VideoBooking.slot_at, VideoBooking.id)
    )
    return list(rows)
