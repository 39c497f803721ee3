"""Append-only audit log of logins and admin actions; each entry hashes the previous one."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.models import AuditEntry
from server.services.audit_brake import ANY_ADDRESS, AuditBrake

GENESIS = "0" * 64
# Any constant works; it names the advisory lock that serialises appends on PostgreSQL.
_PG_LOCK_KEY = 7_151_003


def _entry_hash(
    prev_hash: str, *, at: datetime, actor: str, action: str, target: str, detail: str, ip: str
) -> str:
    body = json.dumps([prev_hash, at.isoformat(), actor, action, target, detail, ip], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    now: datetime,
    target: str = "",
    detail: str = "",
    ip: str = "",
) -> AuditEntry:
    """Append an entry in the caller's transaction (it commits with the action it records)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.entry_hash if last else GENESIS
    # Microseconds are dropped so the hash survives a round trip through either database.
    at = now.replace(microsecond=0)
    fields = {
        "actor": actor[:64],
        "action": action[:64],
        "target": target[:200],
        "detail": detail[:500],
        "ip": ip[:64],
    }
    entry = AuditEntry(
        at=at, prev_hash=prev_hash, entry_hash=_entry_hash(prev_hash, at=at, **fields), **fields
    )
    session.add(entry)
    session.flush()
    return entry


def record_unauthenticated(
    session: Session, brake: AuditBrake, *, actor: str, action: str, now: datetime, ip: str
) -> bool:
    """Record an event anyone can cause, unless the brake leaves it out; True if written."""
    admitted = brake.admit(action, ip, now=now)
    if admitted is None:
        return False
    address, left_out = admitted
    detail = f"{left_out} more left out since the previous entry" if left_out else ""
    if address == ANY_ADDRESS:
        detail = f"many addresses; {detail or 'first of this minute'}"
    record(session, actor=actor, action=action, now=now, ip=ip, detail=detail)
    return True


def first_broken_entry(session: Session) -> int | None:
    """Id of the first entry whose chain does not verify, or None if the whole log is intact."""
    prev_hash = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        expected = _entry_hash(
            prev_hash,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            target=entry.target,
            detail=entry.detail,
            ip=entry.ip,
        )
        if entry.prev_hash != prev_hash or entry.entry_hash != expected:
            return entry.id
        prev_hash = entry.entry_hash
    return None


PAGE_SIZE = 100


def recent(
    session: Session, *, limit: int = PAGE_SIZE, offset: int = 0, action: str = ""
) -> list[AuditEntry]:
    """Newest first; `action` keeps only entries with that action (e.g. "login.throttled")."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query))


def actions(session: Session) -> list[str]:
    """Every action that occurs in the log, for the filter."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
