"""Anonymous usage events kept for the justice bureau's statistics."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, CleanString, UTCDateTime


class UsageEvent(Base):
    __tablename__ = "usage_events"
    __table_args__ = (
        Index("ix_usage_events_day_event", "day", "event"),
        Index("ix_usage_events_device_day", "device_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_pk: Mapped[int] = mapped_column(ForeignKey("ingest_items.id"), unique=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Calendar day in the statistics time zone, stored so grouping is the same on both databases.
    day: Mapped[date] = mapped_column(Date)
    event: Mapped[str] = mapped_column(CleanString(20))
    screen: Mapped[str | None] = mapped_column(CleanString(80), nullable=True)
    topic: Mapped[str | None] = mapped_column(CleanString(80), nullable=True)
    guide_id: Mapped[str | None] = mapped_column(CleanString(80), nullable=True)
    query: Mapped[str | None] = mapped_column(CleanString(200), nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    lang: Mapped[str | None] = mapped_column(CleanString(10), nullable=True)
