"""Who may upload content bundles: console technicians/admins, or a publisher API token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import PublisherToken
from server.services import tokens

TOKEN_PREFIX = "lpp_"
# Console roles that may publish and promote.
PUBLISHER_ROLES = ("admin", "technician")


def create_token(session: Session, *, name: str, by: str, now: datetime) -> tuple[str, PublisherToken]:
    """A new token (returned once; only its digest is stored)."""
    secret = TOKEN_PREFIX + tokens.new_secret()
    row = PublisherToken(
        token_hash=tokens.digest(secret), name=name.strip()[:64] or "publisher", created_by=by, created_at=now
    )
    session.add(row)
    session.flush()
    return secret, row


def authenticate(session: Session, token: str, *, now: datetime) -> PublisherToken | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(PublisherToken).where(PublisherToken.token_hash == tokens.digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    row.last_used_at = now
    return row


def revoke(session: Session, *, token_id: int, now: datetime) -> PublisherToken | None:
    row = session.get(PublisherToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
    return row


def all_tokens(session: Session) -> list[PublisherToken]:
    return list(session.scalars(select(PublisherToken).order_by(PublisherToken.id)))
