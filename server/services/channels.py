"""Channel pointers (which pack version staging/stable and each group run), promotion, schedules.

The database is the record; after every change the channel's signed file in the repository is
rewritten from it (online key) with a new snapshot and timestamp, so a kiosk sees the change on
its next check. None of this needs a publisher's offline key: it can only point at packs a
publisher signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ChannelEntry, PublishedPack, ScheduledChange
from server.models.updates import CHANNELS


class ChannelError(Exception):
    """A channel change that cannot be made; the message says why."""


class ChannelWriter(Protocol):
    """The part of the update repository this module needs (server.services.update_repo)."""

    def write_channel(self, channel: str, document: dict[str, object], *, now: datetime) -> None: ...


@dataclass(frozen=True)
class Pointer:
    pack_id: str
    version: int


def document(session: Session, channel: str) -> dict[str, object]:
    """The channel file's content: {"default": {...} | None, "groups": {name: {...}}}."""
    default: dict[str, object] | None = None
    groups: dict[str, object] = {}
    rows = session.scalars(select(ChannelEntry).where(ChannelEntry.channel == channel))
    for row in sorted(rows, key=lambda r: r.group_name):
        entry = {"pack_id": row.pack_id, "version": row.version}
        if row.group_name:
            groups[row.group_name] = entry
        else:
            default = entry
    return {"default": default, "groups": groups}


def pointers(session: Session) -> dict[tuple[str, str], Pointer]:
    """(channel, group or "") → what it points at."""
    return {
        (row.channel, row.group_name): Pointer(row.pack_id, row.version)
        for row in session.scalars(select(ChannelEntry))
    }


def _check(session: Session, *, channel: str, group: str, pack_id: str, version: int) -> None:
    if channel not in CHANNELS:
        raise ChannelError("渠道只能是 staging 或 stable (channel must be staging or stable)")
    if len(group) > 64:
        raise ChannelError("分组名最多 64 个字 (group: at most 64 characters)")
    found = session.scalar(
        select(PublishedPack).where(PublishedPack.pack_id == pack_id, PublishedPack.version == version)
    )
    if found is None:
        raise ChannelError(
            f"内容包 {pack_id} v{version} 尚未发布 (pack {pack_id} v{version} was never published)"
        )


def set_pointer(
    session: Session,
    writer: ChannelWriter,
    *,
    channel: str,
    group: str,
    pack_id: str,
    version: int,
    by: str,
    now: datetime,
) -> None:
    """Point a channel (for everyone, or one group) at a published pack and sign the change."""
    _check(session, channel=channel, group=group, pack_id=pack_id, version=version)
    row = session.scalar(
        select(ChannelEntry).where(ChannelEntry.channel == channel, ChannelEntry.group_name == group)
    )
    if row is None:
        session.add(
            ChannelEntry(
                channel=channel, group_name=group, pack_id=pack_id, version=version, set_by=by, set_at=now
            )
        )
    else:
        row.pack_id, row.version, row.set_by, row.set_at = pack_id, version, by, now
    session.flush()
    writer.write_channel(channel, document(session, channel), now=now)


def clear_group(session: Session, writer: ChannelWriter, *, channel: str, group: str, now: datetime) -> None:
    """A group's own entry goes; its kiosks follow the channel's default again."""
    row = session.scalar(
        select(ChannelEntry).where(ChannelEntry.channel == channel, ChannelEntry.group_name == group)
    )
    if row is not None and group:
        session.delete(row)
        session.flush()
        writer.write_channel(channel, document(session, channel), now=now)


def forget_group(session: Session, writer: ChannelWriter, *, group: str, by: str, now: datetime) -> None:
    """A deleted group's own pointers leave the signed channel files; its schedules are cancelled."""
    rows = list(session.scalars(select(ChannelEntry).where(ChannelEntry.group_name == group)))
    for row in rows:
        session.delete(row)
    for change in pending(session):
        if change.group_name == group:
            change.cancelled_at, change.cancelled_by = now, by
    session.flush()
    for channel in sorted({row.channel for row in rows}):
        writer.write_channel(channel, document(session, channel), now=now)


def promote(session: Session, writer: ChannelWriter, *, by: str, now: datetime) -> Pointer:
    """stable's default := staging's default (what the pilot kiosks have been running)."""
    staging = pointers(session).get(("staging", ""))
    if staging is None:
        raise ChannelError("staging 渠道还没有内容包，无法推广 (nothing on staging to promote)")
    set_pointer(
        session, writer, channel="stable", group="", pack_id=staging.pack_id, version=staging.version,
        by=by, now=now,
    )  # fmt: skip
    return staging


def schedule(
    session: Session,
    *,
    channel: str,
    group: str,
    pack_id: str,
    version: int,
    due_at: datetime,
    by: str,
    now: datetime,
) -> ScheduledChange:
    _check(session, channel=channel, group=group, pack_id=pack_id, version=version)
    if due_at <= now:
        raise ChannelError("生效时间必须晚于现在 (the time must be in the future)")
    change = ScheduledChange(
        channel=channel, group_name=group, pack_id=pack_id, version=version, due_at=due_at,
        created_by=by, created_at=now,
    )  # fmt: skip
    session.add(change)
    session.flush()
    return change


def cancel(session: Session, *, change_id: int, by: str, now: datetime) -> ScheduledChange | None:
    change = session.get(ScheduledChange, change_id)
    if change is None or change.applied_at is not None or change.cancelled_at is not None:
        return None
    change.cancelled_at, change.cancelled_by = now, by
    return change


def pending(session: Session) -> list[ScheduledChange]:
    return list(
        session.scalars(
            select(ScheduledChange)
            .where(ScheduledChange.applied_at.is_(None), ScheduledChange.cancelled_at.is_(None))
            .order_by(ScheduledChange.due_at, ScheduledChange.id)
        )
    )


def apply_due(session: Session, writer: ChannelWriter, *, now: datetime) -> list[ScheduledChange]:
    """Apply every scheduled change whose time has come, oldest first (the caller commits). One
    that can no longer be applied (its pack left packs.json meanwhile) is cancelled with the
    reason, so it neither blocks the others nor is retried every minute."""
    applied = []
    for change in pending(session):
        if change.due_at > now:
            break
        try:
            set_pointer(
                session, writer, channel=change.channel, group=change.group_name, pack_id=change.pack_id,
                version=change.version, by=f"schedule:{change.created_by}"[:64], now=now,
            )  # fmt: skip
        except ChannelError as exc:
            change.cancelled_at, change.cancelled_by = now, f"system: {exc}"[:64]
            continue
        change.applied_at = now
        applied.append(change)
    return applied
