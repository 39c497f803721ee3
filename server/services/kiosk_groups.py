"""Kiosk groups: which channel (staging | stable) and group a kiosk follows for content updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.models import Device, GroupMember, KioskGroup
from server.models.updates import CHANNELS

# A kiosk in no group follows stable: staging is for the pilot kiosks someone chose.
DEFAULT_CHANNEL = "stable"


class GroupError(Exception):
    """A group change that cannot be made; the message says why (shown in the console)."""


@dataclass(frozen=True)
class Following:
    channel: str
    group: str  # "" = no group


def create(session: Session, *, name: str, channel: str, township: str, by: str, now: datetime) -> KioskGroup:
    name, township = name.strip(), township.strip()
    if not name or len(name) > 64:
        raise GroupError("组名不能为空，最多 64 个字 (a group needs a name of at most 64 characters)")
    if channel not in CHANNELS:
        raise GroupError("渠道只能是 staging 或 stable (channel must be staging or stable)")
    if len(township) > 64:
        raise GroupError("乡镇名最多 64 个字 (township: at most 64 characters)")
    if session.scalar(select(KioskGroup).where(KioskGroup.name == name)) is not None:
        raise GroupError(f"已有名为 {name} 的分组 (a group named {name} exists)")
    group = KioskGroup(name=name, channel=channel, township=township, created_by=by, created_at=now)
    session.add(group)
    session.flush()
    return group


def set_channel(session: Session, *, group_id: int, channel: str) -> KioskGroup:
    group = session.get(KioskGroup, group_id)
    if group is None:
        raise GroupError("分组不存在 (no such group)")
    if channel not in CHANNELS:
        raise GroupError("渠道只能是 staging 或 stable (channel must be staging or stable)")
    group.channel = channel
    return group


def remove(session: Session, *, group_id: int) -> KioskGroup | None:
    group = session.get(KioskGroup, group_id)
    if group is not None:
        session.execute(delete(GroupMember).where(GroupMember.group_id == group_id))
        session.delete(group)
    return group


def assign(session: Session, *, device_id: str, group_id: int | None) -> None:
    """Name a kiosk into a group (None: out of any named group; township matching still applies)."""
    if session.get(Device, device_id) is None:
        raise GroupError("设备不存在 (no such kiosk)")
    member = session.get(GroupMember, device_id)
    if group_id is None:
        if member is not None:
            session.delete(member)
        return
    if session.get(KioskGroup, group_id) is None:
        raise GroupError("分组不存在 (no such group)")
    if member is None:
        session.add(GroupMember(device_id=device_id, group_id=group_id))
    else:
        member.group_id = group_id


def all_groups(session: Session) -> list[KioskGroup]:
    return list(session.scalars(select(KioskGroup).order_by(KioskGroup.name)))


def group_of(device: Device, *, groups: list[KioskGroup], named: dict[str, int]) -> KioskGroup | None:
    """A kiosk's group: the one it was named into, else the first (by name) whose township its
    name contains. Kiosks are named after their hall ("示例镇 1 号机"), which is what a township
    group matches on."""
    group_id = named.get(device.id)
    if group_id is not None:
        for group in groups:
            if group.id == group_id:
                return group
    for group in groups:
        if group.township and group.township in device.name:
            return group
    return None


def memberships(session: Session) -> dict[str, int]:
    return {m.device_id: m.group_id for m in session.scalars(select(GroupMember))}


def following(session: Session, *, device_id: str, name: str) -> Following:
    """group_of() for one kiosk in one statement (it runs on every heartbeat): every group, with
    a flag for the one this kiosk was named into — not the whole fleet's memberships."""
    named = (GroupMember.group_id == KioskGroup.id) & (GroupMember.device_id == device_id)
    rows = session.execute(
        select(KioskGroup.name, KioskGroup.channel, KioskGroup.township, GroupMember.device_id)
        .outerjoin(GroupMember, named)
        .order_by(KioskGroup.name)
    ).all()
    chosen = next((row for row in rows if row.device_id is not None), None)
    if chosen is None:
        chosen = next((row for row in rows if row.township and row.township in name), None)
    if chosen is None:
        return Following(channel=DEFAULT_CHANNEL, group="")
    return Following(channel=chosen.channel, group=chosen.name)
