"""The audit log: logins and admin actions, each entry chained to the previous one by hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, CleanString, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(CleanString(64))
    action: Mapped[str] = mapped_column(CleanString(64))
    target: Mapped[str] = mapped_column(CleanString(200), default="")
    detail: Mapped[str] = mapped_column(CleanString(500), default="")
    ip: Mapped[str] = mapped_column(CleanString(64), default="")
    prev_hash: Mapped[str] = mapped_column(CleanString(64))
    entry_hash: Mapped[str] = mapped_column(CleanString(64), unique=True)
