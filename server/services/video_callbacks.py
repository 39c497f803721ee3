"""The call-back list for lawyers: visitors who could not be answered and left a phone number.

The requests arrive from kiosks as sealed items of kind "video_callback" (kiosk/video/callback.py)
and stay sealed in the database; the list opens them for the lawyer looking at it, shows the
number masked, and the full number only to a lawyer who presses 显示号码 (audited, PIPL art. 51).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Device, IngestItem
from server.services.keys import SealedOpener
from server.services.video import TOPIC_NAMES

CALLBACK_KIND = "video_callback"
REASON_NAMES = {
    "no_lawyer": "当时没有律师在岗",
    "no_network": "自助机连不上网络",
    "no_answer": "等待太久无人接听",
}


@dataclass(frozen=True)
class CallbackRow:
    item: IngestItem
    township: str
    topic: str
    reason: str
    phone: str  # "" when the sealed payload cannot be opened or was purged

    @property
    def masked(self) -> str:
        """138****5678: enough to tell rows apart, not enough to call."""
        if len(self.phone) < 7:
            return "—"
        return self.phone[:3] + "*" * (len(self.phone) - 7) + self.phone[-4:]


def _opened(item: IngestItem, township: str, opener: SealedOpener) -> CallbackRow:
    fields: dict[str, object] = {}
    if item.sealed is not None and item.purged_at is None:
        plain = opener.open(item.sealed)
        if plain is not None:
            loaded = json.loads(plain.decode("utf-8"))
            fields = loaded if isinstance(loaded, dict) else {}
    topic = str(fields.get("topic", ""))
    reason = str(fields.get("reason", ""))
    return CallbackRow(
        item=item,
        township=township,
        topic=TOPIC_NAMES.get(topic, topic or "—"),
        reason=REASON_NAMES.get(reason, reason or "—"),
        phone="".join(ch for ch in str(fields.get("phone", "")) if ch.isdigit()),
    )


def callbacks(session: Session, *, opener: SealedOpener, done: bool, limit: int = 200) -> list[CallbackRow]:
    """Open requests oldest first (the first to call back); done ones newest first."""
    query = (
        select(IngestItem, Device.name)
        .join(Device, Device.id == IngestItem.device_id)
        .where(IngestItem.kind == CALLBACK_KIND)
        .limit(limit)
    )
    if done:
        query = query.where(IngestItem.handled_at.is_not(None)).order_by(IngestItem.handled_at.desc())
    else:
        query = query.where(IngestItem.handled_at.is_(None)).order_by(IngestItem.created_at, IngestItem.id)
    return [_opened(item, name, opener) for item, name in session.execute(query)]


def callback(session: Session, *, pk: int, opener: SealedOpener) -> CallbackRow | None:
    row = session.execute(
        select(IngestItem, Device.name)
        .join(Device, Device.id == IngestItem.device_id)
        .where(IngestItem.id == pk, IngestItem.kind == CALLBACK_KIND)
    ).first()
    return _opened(row[0], row[1], opener) if row is not None else None
