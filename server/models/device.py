"""Kiosks, the one-time codes that enroll them, and the alerts their heartbeats raise."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, CleanString, CleanText, UTCDateTime


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # sha256 of the code: the code itself is shown once, at creation.
    code_hash: Mapped[str] = mapped_column(CleanString(64), unique=True)
    hint: Mapped[str] = mapped_column(CleanString(8))
    note: Mapped[str] = mapped_column(CleanString(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(CleanString(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    device_id: Mapped[str | None] = mapped_column(CleanString(40), nullable=True)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(CleanString(40), primary_key=True)
    name: Mapped[str] = mapped_column(CleanString(100))
    # sha256 of a 256-bit random secret: a slow hash buys nothing for such a secret and would
    # cost ~50 ms on every heartbeat.
    secret_hash: Mapped[str] = mapped_column(CleanString(64))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    enrolled_app_version: Mapped[str] = mapped_column(CleanString(40), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)
    # Latest heartbeat (history is not kept: 2,000 kiosks beat 5.7 million times a day).
    last_beat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    app_version: Mapped[str | None] = mapped_column(CleanString(40), nullable=True)
    content_version: Mapped[str | None] = mapped_column(CleanString(40), nullable=True)
    devices_json: Mapped[str | None] = mapped_column(CleanText(), nullable=True)
    disk_free_mb: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outbox_depth: Mapped[int | None] = mapped_column(Integer, nullable=True)
    oldest_pending_age_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    clock_offset_s: Mapped[float | None] = mapped_column(nullable=True)
    last_ingest_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Content-pack adoption, from the updater's status in the heartbeat (docs/publishing.md).
    pack_id: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)
    pack_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    update_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    update_failures: Mapped[int | None] = mapped_column(Integer, nullable=True)
    update_error: Mapped[str | None] = mapped_column(CleanString(200), nullable=True)
    # The version that failed its health check and was rolled back from, and when.
    rolled_back_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rolled_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_open", "device_id", "kind", "cleared_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    kind: Mapped[str] = mapped_column(CleanString(32))
    message: Mapped[str] = mapped_column(CleanString(200))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The condition went away by itself; the alert stays listed until a technician clears it.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cleared_by: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)
