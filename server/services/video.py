"""The video consultation queue and call records, kept in the database.

Every state change is a single conditional UPDATE, so two lawyers pressing 接听 at once, or
several server processes, cannot both take the same visitor. The media relay itself is in
server/services/signalling.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.models import Device, LawyerDuty, User, VideoCall
from server.services import tokens

# The topics a kiosk offers; anything else is refused (the record holds no free text).
TOPICS = ("labour", "family", "land", "debt", "consumer", "traffic", "other")
TOPIC_NAMES = {
    "labour": "劳动工资",
    "family": "婚姻家庭",
    "land": "土地房产",
    "debt": "借贷纠纷",
    "consumer": "消费维权",
    "traffic": "交通事故",
    "other": "其他",
}
OPEN_STATES = ("waiting", "answered")
# A consultation is rarely shorter; used only for the visitor's rough wait estimate.
_TYPICAL_CALL = timedelta(minutes=8)


class VideoRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# What a visitor can have been reading when they tapped 问律师: a guide, a form, or the answer of
# 问一问 (sent as the guide it leads to — the question typed is never sent).
ABOUT_KINDS = ("guide", "form", "answer")
ABOUT_NAMES = {"guide": "指南", "form": "表格", "answer": "问一问的回答"}


@dataclass(frozen=True)
class About:
    kind: str
    id: str
    title: str

    def describe(self) -> str:
        """What the lawyer reads: 正在看的指南《…》."""
        return f"{ABOUT_NAMES.get(self.kind, self.kind)}《{self.title}》({self.id})"


def about_of(call: VideoCall) -> About | None:
    if not call.about_kind or not call.about_id:
        return None
    return About(kind=call.about_kind, id=call.about_id, title=call.about_title or "")


@dataclass(frozen=True)
class QueueStatus:
    call: VideoCall
    ahead: int
    lawyers_on_duty: int
    estimate_minutes: int


@dataclass(frozen=True)
class WaitingRow:
    call: VideoCall
    township: str
    wait_s: int


def queue_key(call: VideoCall, now: datetime) -> tuple[int, datetime, int]:
    """Waiting order: a booked visitor whose slot has begun goes first (by slot), then everyone else
    by arrival. A booked visitor who came early waits as a walk-in until the slot begins."""
    if call.booking_slot_at is not None and call.booking_slot_at <= now:
        return (0, call.booking_slot_at, call.id)
    return (1, call.requested_at, call.id)


def _waiting(session: Session, now: datetime) -> list[VideoCall]:
    calls = session.scalars(select(VideoCall).where(VideoCall.state == "waiting"))
    return sorted(calls, key=lambda c: queue_key(c, now))


def request_call(
    session: Session,
    *,
    device: Device,
    topic: str,
    now: datetime,
    about: About | None = None,
    booking_slot_at: datetime | None = None,
) -> VideoCall:
    """The device joins the queue; any request of its own still open is closed first."""
    if topic not in TOPICS:
        raise VideoRefused(422, "unknown topic")
    if about is not None and about.kind not in ABOUT_KINDS:
        raise VideoRefused(422, "unknown kind of page")
    session.execute(
        update(VideoCall)
        .where(VideoCall.device_id == device.id, VideoCall.state.in_(OPEN_STATES))
        .values(state="ended", ended_at=now, end_reason="left")
    )
    call = VideoCall(device_id=device.id, topic=topic, state="waiting", requested_at=now, last_poll_at=now,
                     booking_slot_at=booking_slot_at)  # fmt: skip
    if about is not None:
        call.about_kind, call.about_id, call.about_title = about.kind, about.id, about.title
    session.add(call)
    session.flush()
    return call


def _own_call(session: Session, *, device_id: str, call_id: int) -> VideoCall:
    call = session.get(VideoCall, call_id)
    if call is None or call.device_id != device_id:
        raise VideoRefused(404, "no such call")
    return call


def expire_stale(session: Session, *, now: datetime, poll_timeout: timedelta) -> None:
    """Visitors whose kiosk went quiet (power cut, network down) leave the queue."""
    session.execute(
        update(VideoCall)
        .where(VideoCall.state == "waiting", VideoCall.last_poll_at < now - poll_timeout)
        .values(state="ended", ended_at=now, end_reason="abandoned")
    )


def lawyers_on_duty(session: Session, *, now: datetime, seen_timeout: timedelta) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(LawyerDuty)
        .where(LawyerDuty.on_duty.is_(True), LawyerDuty.seen_at >= now - seen_timeout)
    )
    return int(count or 0)


def poll(
    session: Session,
    *,
    device_id: str,
    call_id: int,
    now: datetime,
    poll_timeout: timedelta,
    seen_timeout: timedelta,
) -> tuple[QueueStatus, str | None]:
    """Where the visitor stands; once answered, also a fresh one-time ticket for the call page."""
    expire_stale(session, now=now, poll_timeout=poll_timeout)
    call = _own_call(session, device_id=device_id, call_id=call_id)
    ticket: str | None = None
    if call.state == "waiting":
        call.last_poll_at = now
    elif call.state == "answered":
        # A new ticket on every poll until the page connects: a lost answer costs nothing.
        ticket = tokens.new_secret()
        call.ticket_hash = tokens.digest(ticket)
    ahead = 0
    if call.state == "waiting":
        mine = queue_key(call, now)
        ahead = sum(1 for other in _waiting(session, now) if queue_key(other, now) < mine)
    on_duty = lawyers_on_duty(session, now=now, seen_timeout=seen_timeout)
    estimate = int((ahead + 1) * _TYPICAL_CALL.total_seconds() / 60 / max(on_duty, 1))
    return QueueStatus(call=call, ahead=ahead, lawyers_on_duty=on_duty, estimate_minutes=estimate), ticket


def leave(session: Session, *, device: Device, call_id: int, now: datetime) -> None:
    call = _own_call(session, device_id=device.id, call_id=call_id)
    if call.state == "waiting":
        end(session, call_id=call.id, reason="left", now=now)


def redeem_ticket(session: Session, *, call_id: int, ticket: str) -> tuple[VideoCall, str] | None:
    """The answered call this ticket opens, and the next one-time ticket (the page's way back in
    if its socket drops: sent only over this socket, spent like the first), else None."""
    call = session.get(VideoCall, call_id)
    if call is None or call.state != "answered" or not call.ticket_hash:
        return None
    if not tokens.same_digest(ticket, call.ticket_hash):
        return None
    resume = tokens.new_secret()
    call.ticket_hash = tokens.digest(resume)
    return call, resume


def waiting_list(session: Session, *, now: datetime, poll_timeout: timedelta) -> list[WaitingRow]:
    expire_stale(session, now=now, poll_timeout=poll_timeout)
    rows = session.execute(
        select(VideoCall, Device.name)
        .join(Device, Device.id == VideoCall.device_id)
        .where(VideoCall.state == "waiting")
    ).all()
    return [
        WaitingRow(call=call, township=name, wait_s=max(0, int((now - call.requested_at).total_seconds())))
        for call, name in sorted(rows, key=lambda row: queue_key(row[0], now))
    ]


def set_duty(session: Session, *, user: User, on_duty: bool, now: datetime) -> None:
    duty = session.get(LawyerDuty, user.id)
    if duty is None:
        session.add(LawyerDuty(user_id=user.id, on_duty=on_duty, changed_at=now, seen_at=now))
    else:
        duty.on_duty = on_duty
        duty.changed_at = now
        duty.seen_at = now


def is_on_duty(session: Session, *, user: User) -> bool:
    duty = session.get(LawyerDuty, user.id)
    return bool(duty and duty.on_duty)


def seen(session: Session, *, user: User, now: datetime) -> None:
    duty = session.get(LawyerDuty, user.id)
    if duty is not None:
        duty.seen_at = now


def answer_next(session: Session, *, user: User, now: datetime, poll_timeout: timedelta) -> VideoCall | None:
    """Take the first visitor in queue order (a booked one whose slot has begun, else the longest
    waiting); None when nobody waits. Safe against a second lawyer."""
    expire_stale(session, now=now, poll_timeout=poll_timeout)
    for call in _waiting(session, now):
        taken = session.execute(
            update(VideoCall)
            .where(VideoCall.id == call.id, VideoCall.state == "waiting")
            .values(state="answered", answered_at=now, lawyer=user.username)
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) == 1:
            session.refresh(call)
            return call
    return None


def lawyer_call(session: Session, *, call_id: int, username: str) -> VideoCall | None:
    call = session.get(VideoCall, call_id)
    if call is None or call.state != "answered" or call.lawyer != username:
        return None
    return call


def end(session: Session, *, call_id: int, reason: str, now: datetime) -> None:
    """Close the call once; the first reason given is the one recorded."""
    session.execute(
        update(VideoCall)
        .where(VideoCall.id == call_id, VideoCall.state.in_(OPEN_STATES))
        .values(state="ended", ended_at=now, end_reason=reason, ticket_hash=None)
        .execution_options(synchronize_session=False)
    )


def history(session: Session, *, limit: int = 50) -> list[WaitingRow]:
    rows = session.execute(
        select(VideoCall, Device.name)
        .join(Device, Device.id == VideoCall.device_id)
        .where(VideoCall.answered_at.is_not(None))
        .order_by(VideoCall.id.desc())
        .limit(limit)
    ).all()
    return [
        WaitingRow(
            call=call,
            township=name,
            wait_s=int(((call.answered_at or call.requested_at) - call.requested_at).total_seconds()),
        )
        for call, name in rows
    ]
