"""Video consultation: the call record (no media is ever stored) and the lawyers' duty state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, CleanString, UTCDateTime


class VideoCall(Base):
    """One visitor's request for a lawyer, from joining the queue to the end of the call.

    The row is the queue (state "waiting", ordered by requested_at) and, afterwards, the record
    the issue asks for: start, end, who, topic. Audio and video are never recorded.
    """

    __tablename__ = "video_calls"
    __table_args__ = (Index("ix_video_calls_state", "state", "requested_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    # A topic id from the kiosk's fixed list (labour, family, land, ...), never free text.
    topic: Mapped[str] = mapped_column(CleanString(32))
    # waiting → answered → ended, or waiting → left / abandoned (the kiosk stopped asking).
    state: Mapped[str] = mapped_column(CleanString(16))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The kiosk polls while waiting; a request not polled for a while is dropped from the queue.
    last_poll_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    lawyer: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # hangup_kiosk, hangup_lawyer, kiosk_lost, lawyer_lost, left, abandoned
    end_reason: Mapped[str | None] = mapped_column(CleanString(32), nullable=True)
    # sha256 of the one-time ticket the kiosk's call page opens its WebSocket with.
    ticket_hash: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)
    # What the visitor was reading when they tapped 问律师 (guide / form / answer): the content
    # pack's id and title, never anything the visitor typed (migration 0005).
    about_kind: Mapped[str | None] = mapped_column(CleanString(16), nullable=True)
    about_id: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)
    about_title: Mapped[str | None] = mapped_column(CleanString(80), nullable=True)
    # The lawyer's notes for the visitor: personal data, so only sealed to the server's own key;
    # opened for the kiosk that had the call (to print) and for the lawyer's history.
    notes_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    notes_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    notes_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A visitor who checked in with a booking: from this slot on they go before walk-ins (预约).
    booking_slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LawyerDuty(Base):
    """Whether a lawyer is on duty; `seen_at` is refreshed by their open console page."""

    __tablename__ = "lawyer_duty"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    on_duty: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LawyerShift(Base):
    """One on-duty slot of the rota (值班表): a lawyer answers video calls from starts_at to ends_at."""

    __tablename__ = "lawyer_shifts"
    __table_args__ = (Index("ix_lawyer_shifts_ends_at", "ends_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lawyer: Mapped[str] = mapped_column(CleanString(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(CleanString(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VideoBooking(Base):
    """A visitor's appointment for a video consultation at a rota slot. No name, no number: the
    visitor keeps the printed slip with the booking number and time."""

    __tablename__ = "video_bookings"
    __table_args__ = (Index("ix_video_bookings_slot_at", "slot_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    topic: Mapped[str] = mapped_column(CleanString(32))
    slot_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(CleanString(16))  # booked | arrived | cancelled
    # The 4-digit code on the slip (5000–9999, unique among open bookings): typed at the kiosk to
    # check in or cancel, and the hall display calls it as V<code> at the slot's start.
    code: Mapped[str | None] = mapped_column(CleanString(8), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)  # user, or "kiosk"
    call_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the call it checked in to
