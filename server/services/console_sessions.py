"""Server-side console sessions: a random cookie, a CSRF token, and a 30-minute idle timeout."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.models import ConsoleSession, User
from server.services import tokens

# Refresh last_seen at most this often: one write per page view is not needed.
_TOUCH_EVERY = timedelta(seconds=30)
# Sessions idle this long (long past any timeout) are deleted.
_KEEP = timedelta(days=7)


@dataclass(frozen=True)
class ActiveSession:
    session: ConsoleSession
    user: User


def start(session: Session, *, user: User, now: datetime) -> str:
    """A new session for `user`; returns the cookie value (only its digest is stored)."""
    # Housekeeping at each login keeps the table small without a scheduler.
    session.execute(delete(ConsoleSession).where(ConsoleSession.last_seen_at < now - _KEEP))
    token = tokens.new_secret()
    session.add(
        ConsoleSession(
            token_hash=tokens.digest(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return token


def resolve(session: Session, *, token: str, now: datetime, idle: timedelta) -> ActiveSession | None:
    row = session.scalars(
        select(ConsoleSession).where(
            ConsoleSession.token_hash == tokens.digest(token), ConsoleSession.ended_at.is_(None)
        )
    ).first()
    if row is None:
        return None
    if now - row.last_seen_at > idle:
        row.ended_at = now
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
    return ActiveSession(session=row, user=user)


def end(session: Session, *, token: str, now: datetime) -> None:
    row = session.scalars(
        select(ConsoleSession).where(ConsoleSession.token_hash == tokens.digest(token))
    ).first()
    if row is not None and row.ended_at is None:
        row.ended_at = now
