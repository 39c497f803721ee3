"""Sealed hand-offs: documents for a visitor's phone and unfinished forms, stored as ciphertext.

The key never reaches the server: a phone link carries it in the URL fragment (never sent), a
draft's key is derived from the code the visitor takes away. The row is deleted when it expires,
when its last view is used, or when a draft is taken back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, CleanString, UTCDateTime


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (Index("ix_handoffs_expires_at", "expires_at"),)

    # sha256 of the link's id (or the draft's look-up value): a copy of the table does not give
    # the addresses to open.
    id_hash: Mapped[str] = mapped_column(CleanString(64), primary_key=True)
    kind: Mapped[str] = mapped_column(CleanString(8))  # "phone" | "draft"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Openings left for a phone link; None for drafts (taken once).
    views_left: Mapped[int | None] = mapped_column(Integer, nullable=True)
