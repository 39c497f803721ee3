"""Append-only log of technician actions; each entry hashes the previous one so edits show."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from kiosk.storage.transactions import write_transaction

_GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    at: str
    actor: str
    action: str
    detail: str


def _entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    body = json.dumps(
        [prev_hash, entry.at, entry.actor, entry.action, entry.detail], ensure_ascii=False
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def append(self, *, actor: str, action: str, detail: str = "") -> AuditEntry:
        entry = AuditEntry(datetime.now(UTC).isoformat(timespec="seconds"), actor, action, detail)
        with write_transaction(self._db):
            row = self._db.execute("select hash from audit_log order by id desc limit 1").fetchone()
            prev = row[0] if row else _GENESIS
            self._db.execute(
                "insert into audit_log (at, actor, action, detail, prev_hash, hash) "
                "values (?, ?, ?, ?, ?, ?)",
                [entry.at, actor, action, detail, prev, _entry_hash(prev, entry)],
            )
        return entry

    def recent(self, limit: int = 20) -> list[AuditEntry]:
        rows = self._db.execute(
            "select at, actor, action, detail from audit_log order by id desc limit ?", [limit]
        ).fetchall()
        return [AuditEntry(*row) for row in rows]

    def verify(self) -> bool:
        """True when no entry was changed, removed from the middle, or reordered."""
        prev = _GENESIS
        for at, actor, action, detail, prev_hash, stored in self._db.execute(
            "select at, actor, action, detail, prev_hash, hash from audit_log order by id"
        ).fetchall():
            if prev_hash != prev or _entry_hash(prev, AuditEntry(at, actor, action, detail)) != stored:
                return False
            prev = stored
        return True
