"""Durable outbox of items for the central server, written in the caller's business transaction."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils
from nacl.public import PublicKey, SealedBox

from kiosk.storage.transactions import require_transaction, write_transaction
from kiosk.sync.enrollment import server_public_key
from kiosk.sync.wire import KIND_USAGE_EVENT, IngestResult, Item, canonical_json, item_hash

NOT_ENROLLED_MESSAGE = (
    "此设备尚未注册到服务器，暂时不能提交含个人信息的材料。请联系工作人员，或拨打 12348。"
    " (This kiosk is not enrolled yet; personal submissions are refused until it is.)"
)


# The server's rule for kinds; checked here so a bad kind fails at once, not in a batch days later.
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class NotEnrolledError(Exception):
    """A personal payload was offered before the kiosk has the server's public key."""

    def __init__(self) -> None:
        super().__init__(NOT_ENROLLED_MESSAGE)


class ResultMismatchError(Exception):
    """An ingest answer does not match the batch it answers; nothing of it may be trusted."""


@dataclass(frozen=True)
class OutboxStats:
    depth: int  # items waiting to be sent
    oldest_pending_at: str | None  # created_at of the oldest waiting item
    rejected: int
    sent: int

    def oldest_pending_age_s(self, now: datetime) -> int | None:
        if self.oldest_pending_at is None:
            return None
        age = now - datetime.fromisoformat(self.oldest_pending_at)
        return max(0, int(age.total_seconds()))


@dataclass(frozen=True)
class RejectedItem:
    id: str
    kind: str
    created_at: str
    code: int | None
    reason: str | None


def utc_now_text(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")


def enqueue(
    db: sqlite_utils.Database,
    *,
    kind: str,
    payload: Mapping[str, Any],
    personal: bool,
    created_at: datetime | None = None,
) -> str:
    """Add one item to the outbox and return its id, inside the caller's open transaction.

    Call it in the same `with write_transaction(db):` block (kiosk.storage.transactions, BEGIN IMMEDIATE)
    that writes the record the item belongs to, so both or neither survive a power cut; it raises
    NoTransactionError outside a transaction and never commits. sqlite-utils' `db.atomic()` is a
    deferred BEGIN: it works, but a block that reads before it writes can fail with "database is
    locked" while the sync worker commits, so prefer write_transaction.

    A personal payload is sealed to the server's public key before it is written (the kiosk cannot
    read it back); before enrollment there is no key and NotEnrolledError is raised, so the
    caller's transaction rolls back.
    """
    require_transaction(db, "outbox.enqueue")
    if not _KIND.match(kind):
        raise ValueError(f"outbox kind {kind!r} must be 1-32 lower-case letters, digits or _")
    item_id = str(uuid.uuid4())
    created = utc_now_text(created_at)
    body = json.loads(canonical_json(dict(payload)))  # JSON-clean copy; fails early on bad types
    plain: str | None = None
    sealed: str | None = None
    if personal:
        key = server_public_key(db)
        if key is None:
            raise NotEnrolledError
        ciphertext = SealedBox(PublicKey(key)).encrypt(canonical_json(body))
        sealed = base64.b64encode(ciphertext).decode("ascii")
        digest = item_hash(kind=kind, created_at=created, payload=None, sealed=sealed)
    else:
        plain = canonical_json(body).decode("utf-8")
        digest = item_hash(kind=kind, created_at=created, payload=body, sealed=None)
    db.execute(
        "insert into sync_outbox (id, kind, created_at, hash, payload, sealed) "
        "values (?, ?, ?, ?, ?, ?)",
        [item_id, kind, created, digest, plain, sealed],
    )
    return item_id


def pending_batch(db: sqlite_utils.Database, *, limit: int) -> list[Item]:
    """The oldest `limit` unsent items, in the order they were queued, as wire items."""
    rows = db.execute(
        "select id, kind, created_at, hash, payload, sealed from sync_outbox "
        "where state = 'pending' order by seq limit ?",
        [limit],
    ).fetchall()
    return [
        Item(
            id=row[0],
            kind=row[1],
            created_at=row[2],
            hash=row[3],
            payload=None if row[4] is None else json.loads(row[4]),
            sealed=row[5],
        )
        for row in rows
    ]


def enable_secure_delete(db: sqlite_utils.Database) -> None:
    # Per connection: freed pages and cells are overwritten with zeros, so a tombstoned payload
    # does not linger in the file's free space.
    db.execute("pragma secure_delete = on")


def apply_results(
    db: sqlite_utils.Database,
    *,
    items: Sequence[Item],
    results: Sequence[IngestResult],
    now: datetime | None = None,
) -> tuple[int, int]:
    """Record the server's per-item answers in one transaction; returns (acked, rejected).

    Only a created/duplicate answer for the same id turns a row into a tombstone (payload and
    sealed bytes deleted); a rejected answer keeps the row for the technician. The answer must list
    exactly the batch's ids in order, else ResultMismatchError and nothing changes.
    """
    if [r["id"] for r in results] != [i["id"] for i in items]:
        raise ResultMismatchError("ingest answer does not list the batch's items in order")
    at = utc_now_text(now)
    acked = rejected = 0
    enable_secure_delete(db)
    with write_transaction(db):
        for result in results:
            if result["status"] in ("created", "duplicate"):
                cursor = db.execute(
                    "update sync_outbox set state = 'sent', payload = null, sealed = null, "
                    "acked_at = ?, ack_status = ? where id = ? and state = 'pending'",
                    [at, result["status"], result["id"]],
                )
                acked += cursor.rowcount
            else:
                cursor = db.execute(
                    "update sync_outbox set state = 'rejected', reject_code = ?, "
                    "reject_reason = ? where id = ? and state = 'pending'",
                    [result["code"], result["reason"], result["id"]],
                )
                rejected += cursor.rowcount
    return acked, rejected


def reject_locally(
    db: sqlite_utils.Database, *, item_id: str, code: int, reason: str
) -> None:
    """Set aside one item the server refuses as a whole request (kept for the technician)."""
    with write_transaction(db):
        db.execute(
            "update sync_outbox set state = 'rejected', reject_code = ?, reject_reason = ? "
            "where id = ? and state = 'pending'",
            [code, reason, item_id],
        )


def count_attempt(db: sqlite_utils.Database, *, ids: Sequence[str]) -> None:
    """Note one more failed attempt for these items (shown to the technician, never a limit)."""
    with write_transaction(db):
        db.conn.executemany(
            "update sync_outbox set attempts = attempts + 1 where id = ? and state = 'pending'",
            [[i] for i in ids],
        )


def stats(db: sqlite_utils.Database) -> OutboxStats:
    row = db.execute(
        "select coalesce(sum(state = 'pending'), 0), "
        "min(case when state = 'pending' then created_at end), "
        "coalesce(sum(state = 'rejected'), 0), coalesce(sum(state = 'sent'), 0) from sync_outbox"
    ).fetchone()
    return OutboxStats(depth=row[0], oldest_pending_at=row[1], rejected=row[2], sent=row[3])


def rejected_items(db: sqlite_utils.Database, *, limit: int = 200) -> list[RejectedItem]:
    """Items the server refused, newest first, for the technician screen."""
    rows = db.execute(
        "select id, kind, created_at, reject_code, reject_reason from sync_outbox "
        "where state = 'rejected' order by seq desc limit ?",
        [limit],
    ).fetchall()
    return [RejectedItem(id=r[0], kind=r[1], created_at=r[2], code=r[3], reason=r[4]) for r in rows]


def prune_tombstones(db: sqlite_utils.Database, *, older_than_days: int, now: datetime | None = None) -> int:
    """Delete tombstones of items acknowledged more than `older_than_days` ago; returns how many.

    Without it the table grows by every item ever sent (~50 MB a year at 500 items a day). Only
    'sent' rows go: pending items are never touched and rejected ones stay for the technician.
    """
    cutoff = utc_now_text((now or datetime.now(UTC)) - timedelta(days=older_than_days))
    with write_transaction(db):
        cursor = db.execute(
            "delete from sync_outbox where state = 'sent' and acked_at is not null and acked_at < ?",
            [cutoff],
        )
    return int(cursor.rowcount)


# Kinds that may be dropped, oldest first, when a kiosk stays offline so long that its outbox
# would fill the disk: anonymous statistics only. Sealed submissions, tickets and ratings are
# never dropped (a visitor's matter or a citizen's opinion is not ours to lose).
DROPPABLE_KINDS = (KIND_USAGE_EVENT,)


def drop_oldest_usage(db: sqlite_utils.Database, *, keep: int) -> int:
    """Delete the oldest pending plain items of DROPPABLE_KINDS beyond the newest `keep`; returns
    how many went. The caller logs it: statistics lost is something the technician must see."""
    marks = ",".join("?" * len(DROPPABLE_KINDS))
    with write_transaction(db):
        row = db.execute(
            f"select seq from sync_outbox where state = 'pending' and sealed is null "
            f"and kind in ({marks}) order by seq desc limit 1 offset ?",
            [*DROPPABLE_KINDS, keep],
        ).fetchone()
        if row is None:
            return 0
        cursor = db.execute(
            f"delete from sync_outbox where state = 'pending' and sealed is null "
            f"and kind in ({marks}) and seq <= ?",
            [*DROPPABLE_KINDS, row[0]],
        )
    return int(cursor.rowcount)


def truncate_wal(db: sqlite_utils.Database) -> bool:
    """Copy the WAL into the main file and cut it to zero bytes; False if a reader prevented it.

    Old page images (including payloads since tombstoned) otherwise stay in the -wal file until
    they are overwritten.
    """
    row = db.execute("pragma wal_checkpoint(truncate)").fetchone()
    return row is not None and row[0] == 0
