"""The staff inbox: items received from kiosks, opened (decrypted) only when a person views one."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import Device, IngestItem, RejectedItem
from server.services.ingest import USAGE_KIND
from server.services.keys import SealedOpener


@dataclass(frozen=True)
class InboxRow:
    item: IngestItem
    device_name: str


PAGE_SIZE = 100


def inbox(session: Session, *, show_handled: bool, limit: int = PAGE_SIZE, offset: int = 0) -> list[InboxRow]:
    query = (
        select(IngestItem, Device.name)
        .join(Device, Device.id == IngestItem.device_id)
        .where(IngestItem.kind != USAGE_KIND)
        .order_by(IngestItem.received_at.desc(), IngestItem.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if not show_handled:
        query = query.where(IngestItem.handled_at.is_(None))
    return [InboxRow(item=item, device_name=name) for item, name in session.execute(query)]


def unhandled_count(session: Session) -> int:
    query = (
        select(func.count())
        .select_from(IngestItem)
        .where(IngestItem.kind != USAGE_KIND, IngestItem.handled_at.is_(None))
    )
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class OpenedItem:
    item: IngestItem
    device_name: str
    fields: dict[str, Any]
    problem: str | None


def open_item(session: Session, *, pk: int, opener: SealedOpener) -> OpenedItem | None:
    """The item with its payload in clear (decrypted here, never written back in clear)."""
    row = session.execute(
        select(IngestItem, Device.name)
        .join(Device, Device.id == IngestItem.device_id)
        .where(IngestItem.id == pk, IngestItem.kind != USAGE_KIND)
    ).first()
    if row is None:
        return None
    item, device_name = row
    fields: dict[str, Any] = {}
    problem: str | None = None
    if item.purged_at is not None:
        problem = "个人信息已按保存期限删除 (personal data deleted after the retention period)"
    elif item.sealed is not None:
        plaintext = opener.open(item.sealed)
        if plaintext is None:
            problem = (
                "无法用服务器现有的私钥解密，可能缺少已轮换的旧私钥文件 "
                "(cannot be opened with the server's keys: a retired key file may be missing)"
            )
        else:
            fields = json.loads(plaintext.decode("utf-8"))
    elif item.payload_json is not None:
        fields = json.loads(item.payload_json)
    return OpenedItem(item=item, device_name=device_name, fields=fields, problem=problem)


def form_pdf(opened: OpenedItem) -> bytes | None:
    """The PDF document inside an opened guided-form item, if it carries a valid one."""
    value = opened.fields.get("pdf") if opened.item.kind == "form" else None
    if not isinstance(value, str):
        return None
    try:
        pdf = base64.b64decode(value, validate=True)
    except binascii.Error:
        return None
    return pdf if pdf.startswith(b"%PDF-") else None


def mark_handled(session: Session, *, pk: int, by: str, now: datetime) -> IngestItem | None:
    item = session.get(IngestItem, pk)
    if item is not None and item.kind != USAGE_KIND and item.handled_at is None:
        item.handled_at = now
        item.handled_by = by
    return item


def rejected(session: Session, *, limit: int = 200) -> list[RejectedItem]:
    query = select(RejectedItem).order_by(RejectedItem.last_seen_at.desc()).limit(limit)
    return list(session.scalars(query))
