"""Items ingested from kiosks (the permanent record of each id) and the ones rejected."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, CleanString, CleanText, UTCDateTime


class IngestItem(Base):
    __tablename__ = "ingest_items"
    # Permanent: a row is never deleted, so a replayed id is always recognised.
    __table_args__ = (
        UniqueConstraint("device_id", "item_id"),
        Index("ix_ingest_items_inbox", "kind", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    item_id: Mapped[str] = mapped_column(CleanString(64))
    kind: Mapped[str] = mapped_column(CleanString(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    hash: Mapped[str] = mapped_column(CleanString(64))
    # Personal data stays sealed to the server key at rest; opened only when staff view it.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # Anonymous plain payloads other than usage events (those live in usage_events).
    payload_json: Mapped[str | None] = mapped_column(CleanText(), nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    handled_by: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)
    # Set when the personal data was deleted after the retention period; the row itself stays as
    # the tombstone that keeps the id answered "duplicate" forever.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RejectedItem(Base):
    __tablename__ = "rejected_items"
    __table_args__ = (UniqueConstraint("device_id", "item_id", "hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    item_id: Mapped[str] = mapped_column(CleanString(64))
    kind: Mapped[str] = mapped_column(CleanString(32))
    hash: Mapped[str] = mapped_column(CleanString(64))
    reason: Mapped[str] = mapped_column(CleanString(300))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=1)
