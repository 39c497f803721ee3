"""Sealed hand-offs: store a kiosk's ciphertext, give it to a phone (N views) or back to a kiosk
(a draft, once), and delete what has expired. The server never holds a key to any of it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.models import Device, Handoff

PHONE = "phone"
DRAFT = "draft"
# Limits a kiosk may ask for; the kiosk's own defaults are lower (docs/take-home.md).
MAX_TTL = {PHONE: timedelta(days=7), DRAFT: timedelta(days=30)}
MAX_VIEWS = 20
MAX_CIPHERTEXT_BYTES = 2 * 1024 * 1024
# A phone link's id: 128 random bits, base64url (22 characters); a draft's look-up value: 32 hex.
_PHONE_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
_DRAFT_ID = re.compile(r"^[0-9a-f]{32}$")


class HandoffRefused(ValueError):
    """The kiosk's request breaks a limit; the message says which."""


@dataclass(frozen=True)
class Stored:
    expires_at: datetime
    views_left: int | None


def _hash(kind: str, ident: str) -> str:
    return hashlib.sha256(f"{kind}:{ident}".encode("ascii")).hexdigest()


def valid_id(kind: str, ident: str) -> bool:
    pattern = _PHONE_ID if kind == PHONE else _DRAFT_ID
    return bool(pattern.match(ident))


def purge_expired(session: Session, *, now: datetime) -> int:
    """Delete every hand-off past its time; returns how many."""
    result = session.execute(delete(Handoff).where(Handoff.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def store(session: Session, *, device: Device, kind: str, ident: str, ciphertext: bytes,
          ttl: timedelta, views: int | None, now: datetime) -> Stored:  # fmt: skip
    """Keep one ciphertext under its id; storing the same id again replaces it (a kiosk retry)."""
    if kind not in MAX_TTL or not valid_id(kind, ident):
        raise HandoffRefused("unknown kind or malformed id")
    if not timedelta(minutes=1) <= ttl <= MAX_TTL[kind]:
        raise HandoffRefused(f"ttl must be between 60 s and {int(MAX_TTL[kind].total_seconds())} s")
    if kind == PHONE and (views is None or not 1 <= views <= MAX_VIEWS):
        raise HandoffRefused(f"views must be between 1 and {MAX_VIEWS}")
    if not 29 <= len(ciphertext) <= MAX_CIPHERTEXT_BYTES:
        raise HandoffRefused(f"ciphertext must be 29 to {MAX_CIPHERTEXT_BYTES} bytes")
    purge_expired(session, now=now)
    key = _hash(kind, ident)
    row = session.get(Handoff, key)
    if row is not None and row.device_id != device.id:
        raise HandoffRefused("id already in use")  # 128 random bits: only a misbehaving kiosk
    if row is None:
        row = Handoff(id_hash=key, kind=kind, device_id=device.id)
        session.add(row)
    row.ciphertext = ciphertext
    row.created_at = now
    row.expires_at = now + ttl
    row.views_left = views if kind == PHONE else None
    return Stored(expires_at=row.expires_at, views_left=row.views_left)


def phone_link_alive(session: Session, *, ident: str, now: datetime) -> bool:
    """Whether a phone link still opens, without using a view."""
    if not valid_id(PHONE, ident):
        return False
    row = session.execute(
        select(Handoff.expires_at, Handoff.views_left).where(Handoff.id_hash == _hash(PHONE, ident))
    ).first()
    return row is not None and row[0] > now and (row[1] or 0) > 0


def open_for_phone(session: Session, *, ident: str, now: datetime) -> tuple[bytes, int] | None:
    """The ciphertext of a phone link and the views left after this one; None when unknown,
    expired or used up. The last view deletes the row."""
    if not valid_id(PHONE, ident):
        return None
    row = session.get(Handoff, _hash(PHONE, ident), with_for_update=True)
    if row is None or row.expires_at <= now or (row.views_left or 0) <= 0:
        if row is not None:
            session.delete(row)
        return None
    ciphertext = row.ciphertext
    left = (row.views_left or 1) - 1
    if left <= 0:
        session.delete(row)
    else:
        row.views_left = left
    return ciphertext, left


def take_draft(session: Session, *, ident: str, now: datetime) -> bytes | None:
    """A draft's ciphertext, deleted as it is handed back (a code opens a draft once)."""
    if not valid_id(DRAFT, ident):
        return None
    row = session.execute(
        select(Handoff).where(Handoff.id_hash == _hash(DRAFT, ident)).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        return None
    session.delete(row)
    return row.ciphertext if row.expires_at > now else None
