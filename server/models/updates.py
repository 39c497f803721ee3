"""Published content packs, channel pointers, scheduled changes, kiosk groups and publisher tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, CleanString, UTCDateTime

CHANNELS = ("staging", "stable")


class PublishedPack(Base):
    """One pack version accepted from a signed bundle (its blobs and manifest are in the repo)."""

    __tablename__ = "published_packs"
    __table_args__ = (UniqueConstraint("pack_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[str] = mapped_column(CleanString(64))
    version: Mapped[int] = mapped_column(Integer)
    # The channel it was uploaded to (later moves are ChannelEntry rows, not edits of this one).
    channel: Mapped[str] = mapped_column(CleanString(16))
    # The packs.json version (publisher-signed) that first listed this pack version.
    packs_version: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[str] = mapped_column(CleanString(40), default="")
    total_bytes: Mapped[int] = mapped_column(Integer, default=0)
    files: Mapped[int] = mapped_column(Integer, default=0)
    uploaded_by: Mapped[str] = mapped_column(CleanString(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChannelEntry(Base):
    """What one channel points at, for everyone (group "") or for one kiosk group."""

    __tablename__ = "channel_entries"
    __table_args__ = (UniqueConstraint("channel", "group_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(CleanString(16))
    group_name: Mapped[str] = mapped_column(CleanString(64), default="")
    pack_id: Mapped[str] = mapped_column(CleanString(64))
    version: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str] = mapped_column(CleanString(64))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ScheduledChange(Base):
    """A channel pointer change that takes effect at `due_at` (applied by the server's job)."""

    __tablename__ = "scheduled_changes"
    __table_args__ = (Index("ix_scheduled_changes_due", "applied_at", "cancelled_at", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(CleanString(16))
    group_name: Mapped[str] = mapped_column(CleanString(64), default="")
    pack_id: Mapped[str] = mapped_column(CleanString(64))
    version: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(CleanString(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(CleanString(64), nullable=True)


class KioskGroup(Base):
    """Kiosks that update together: named members, plus every kiosk whose name holds `township`."""

    __tablename__ = "kiosk_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(CleanString(64), unique=True)
    # The channel the group's kiosks follow (a pilot township on staging, the rest on stable).
    channel: Mapped[str] = mapped_column(CleanString(16))
    township: Mapped[str] = mapped_column(CleanString(64), default="")
    created_by: Mapped[str] = mapped_column(CleanString(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GroupMember(Base):
    """A kiosk named into a group; a kiosk is in at most one group by name."""

    __tablename__ = "group_members"

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("kiosk_groups.id"))


class PublisherToken(Base):
    """A bearer token allowed to upload bundles (CI, a technician's laptop); shown once."""

    __tablename__ = "publisher_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(CleanString(64), unique=True)
    name: Mapped[str] = mapped_column(CleanString(64))
    created_by: Mapped[str] = mapped_column(CleanString(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
