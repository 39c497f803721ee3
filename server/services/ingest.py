"""Ingest of kiosk batches: each item is created once, recognised as a duplicate, or rejected."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from server.models import Device, IngestItem, RejectedItem, UsageEvent
from server.schemas import ItemResult, ItemStatus, WireItem
from server.services.item_hash import item_hash
from server.services.keys import SealedOpener
from server.services.queue import QUEUE_KIND, validate_queue_payload
from server.services.timestamps import parse_utc
from server.services.usage import usage_event_row, validate_usage_payload

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# Kinds that carry personal data and therefore must arrive sealed (a rating's comment may).
# "form": a guided form from the kiosk (kiosk/forms/submission.py), answers by step and its PDF;
# "video_callback": the phone number of a visitor who asked a lawyer to call back.
SEALED_KINDS = frozenset({"submission", "form", "rating", "video_callback"})
USAGE_KIND = "usage_event"
# Every kind a kiosk sends; anything else is rejected rather than put into the staff inbox.
# "test" is the plain item of connection tests. A new kind is added here with its kiosk feature.
KNOWN_KINDS = SEALED_KINDS | {USAGE_KIND, QUEUE_KIND, "test"}
# What lands in the staff inbox, and so counts against a kiosk's hourly inbox limit.
INBOX_KINDS = SEALED_KINDS | {"test"}
MAX_SEALED_BYTES = 1_000_000
_ITEMS = cast(Table, IngestItem.__table__)
_USAGE = cast(Table, UsageEvent.__table__)
_DEVICES = cast(Table, Device.__table__)


class InboxLimitReached(Exception):
    """The kiosk sent more inbox items this hour than allowed; it keeps them and retries later."""


@dataclass(frozen=True)
class _Accepted:
    item: WireItem
    created_at: datetime
    sealed: bytes | None


def _result(item: WireItem, status: ItemStatus, code: int, reason: str | None = None) -> ItemResult:
    return ItemResult(id=item.id, status=status, code=code, reason=reason)


def _check(item: WireItem, opener: SealedOpener) -> tuple[_Accepted | None, str | None]:
    """The accepted item, or the reason to reject it."""
    if not _KIND.match(item.kind):
        return None, "kind must be lower-case letters, digits and _"
    if item.kind not in KNOWN_KINDS:
        return None, f"unknown kind; this server accepts {', '.join(sorted(KNOWN_KINDS))}"
    if (item.payload is None) == (item.sealed is None):
        return None, "exactly one of payload and sealed must be given"
    expected = item_hash(kind=item.kind, created_at=item.created_at, payload=item.payload, sealed=item.sealed)
    if expected is None:
        return None, "payload is not canonical JSON (NaN or Infinity)"
    if item.hash.lower() != expected:
        return None, "hash does not match the item's content"
    created_at = parse_utc(item.created_at)
    if created_at is None:
        return None, "created_at is not an ISO 8601 timestamp between 1970 and 2200"
    if item.kind in SEALED_KINDS and item.sealed is None:
        return None, f"{item.kind} items carry personal data and must be sealed"
    if item.kind == USAGE_KIND:
        if item.payload is None:
            return None, "usage events are anonymous and must be sent as a plain payload"
        reason = validate_usage_payload(item.payload)
        if reason is not None:
            return None, reason
    if item.kind == QUEUE_KIND:
        if item.payload is None:
            return None, "queue events are anonymous and must be sent as a plain payload"
        reason = validate_queue_payload(item.payload)
        if reason is not None:
            return None, reason
    sealed: bytes | None = None
    if item.sealed is not None:
        sealed, reason = _open_check(item.sealed, opener)
        if sealed is None:
            return None, reason
    return _Accepted(item=item, created_at=created_at, sealed=sealed), None


def _open_check(text: str, opener: SealedOpener) -> tuple[bytes | None, str | None]:
    """The ciphertext if it opens to a JSON object with this server's key (plaintext dropped)."""
    if len(text) > MAX_SEALED_BYTES * 4 // 3 + 4:
        return None, "sealed payload is larger than 1 MB"
    try:
        ciphertext = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None, "sealed is not valid base64"
    plaintext = opener.open(ciphertext)
    if plaintext is None:
        return None, "sealed payload cannot be opened with this server's key"
    try:
        value = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, "sealed payload is not UTF-8 JSON"
    if not isinstance(value, dict):
        return None, "sealed payload must be a JSON object"
    return ciphertext, None


def _remember_rejection(
    session: Session, *, device: Device, item: WireItem, reason: str, now: datetime
) -> None:
    existing = session.scalars(
        select(RejectedItem).where(
            RejectedItem.device_id == device.id,
            RejectedItem.item_id == item.id,
            RejectedItem.hash == item.hash[:64],
        )
    ).first()
    if existing is not None:
        existing.attempts += 1
        existing.last_seen_at = now
        return
    session.add(
        RejectedItem(
            device_id=device.id,
            item_id=item.id,
            kind=item.kind[:32],
            hash=item.hash[:64],
            reason=reason[:300],
            first_seen_at=now,
            last_seen_at=now,
            attempts=1,
        )
    )


def _insert(
    session: Session,
    *,
    rows: list[dict[str, Any]],
    created: list[_Accepted],
    device: Device,
    zone: ZoneInfo,
) -> None:
    # Core, and the new keys matched by item id rather than by row order: with
    # sort_by_parameter_order SQLite inserted the batch one row per statement.
    statement = insert(_ITEMS).returning(_ITEMS.c.id, _ITEMS.c.item_id)
    pks = {item_id: pk for pk, item_id in session.execute(statement, rows)}
    usage_rows = [
        usage_event_row(
            accepted.item.payload,
            device_id=device.id,
            item_pk=pks[accepted.item.id],
            occurred_at=accepted.created_at,
            zone=zone,
        )
        for accepted in created
        if accepted.item.kind == USAGE_KIND and accepted.item.payload is not None
    ]
    if usage_rows:
        session.execute(insert(_USAGE), usage_rows)


def _check_inbox_rate(
    session: Session, *, device: Device, rows: list[dict[str, Any]], now: datetime, limit: int
) -> None:
    # Only items that land in the staff inbox count: anonymous usage and queue events are
    # statistics, and a busy hall sends hundreds of ticket events an hour.
    new = sum(1 for row in rows if row["kind"] in INBOX_KINDS)
    if not new:
        return
    recent = session.scalar(
        select(func.count())
        .select_from(IngestItem)
        .where(
            IngestItem.device_id == device.id,
            IngestItem.kind.in_(INBOX_KINDS),
            IngestItem.received_at > now - timedelta(hours=1),
        )
    )
    if int(recent or 0) + new > limit:
        raise InboxLimitReached


def ingest_batch(
    session: Session,
    *,
    device: Device,
    items: Sequence[WireItem],
    opener: SealedOpener,
    zone: ZoneInfo,
    now: datetime,
    max_inbox_per_hour: int | None = None,
) -> list[ItemResult]:
    """Results in the items' order; the caller commits the batch in one transaction.

    Raises InboxLimitReached (nothing stored) when the batch's new inbox items would take the
    kiosk past `max_inbox_per_hour`: a compromised kiosk cannot bury the staff inbox.
    """
    ids = list({item.id for item in items})
    stored: dict[str, str] = dict(
        session.execute(
            select(IngestItem.item_id, IngestItem.hash).where(
                IngestItem.device_id == device.id, IngestItem.item_id.in_(ids)
            )
        ).all()
    )
    results: list[ItemResult] = []
    # Bulk inserts, not ORM objects: building 1,000 instances per batch cost more than the SQL.
    rows: list[dict[str, Any]] = []
    created: list[_Accepted] = []
    for item in items:
        if item.id in stored:
            if stored[item.id] == item.hash.lower():
                results.append(_result(item, "duplicate", 200))
                continue
            conflict = "an item with this id and different content was already received"
            _remember_rejection(session, device=device, item=item, reason=conflict, now=now)
            results.append(_result(item, "rejected", 422, conflict))
            continue
        accepted, reason = _check(item, opener)
        if accepted is None:
            why = reason or "rejected"
            _remember_rejection(session, device=device, item=item, reason=why, now=now)
            results.append(_result(item, "rejected", 422, why))
            continue
        rows.append(
            {
                "device_id": device.id,
                "item_id": item.id,
                "kind": item.kind,
                "created_at": accepted.created_at,
                "received_at": now,
                "hash": item.hash.lower(),
                "sealed": accepted.sealed,
                "payload_json": (
                    json.dumps(item.payload, ensure_ascii=False)
                    if item.payload is not None and item.kind != USAGE_KIND
                    else None
                ),
            }
        )
        created.append(accepted)
        stored[item.id] = item.hash.lower()
        results.append(_result(item, "created", 201))
    if max_inbox_per_hour is not None:
        _check_inbox_rate(session, device=device, rows=rows, now=now, limit=max_inbox_per_hour)
    if rows:
        _insert(session, rows=rows, created=created, device=device, zone=zone)
        session.execute(update(_DEVICES).where(_DEVICES.c.id == device.id).values(last_ingest_at=now))
        # The object says what the row now says, without a second UPDATE at flush (it may
        # also belong to another session: callers pass the device they authenticated).
        set_committed_value(device, "last_ingest_at", now)
    session.flush()
    return results
