"""Per-kiosk content-pack adoption: what the updater reported in the heartbeat, and its alerts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Device
from server.schemas import UpdateReport
from server.services import channels, kiosk_groups
from server.services.channels import Pointer
from server.services.timestamps import parse_utc

# Failed update checks in a row before the fleet page raises an alert (a kiosk offline for a
# night fails a few checks and then catches up by itself).
FAILURES_ALERT = 3

MESSAGES = {
    "pack_rolled_back": "内容包健康检查失败，已回退 (pack failed its health check: rolled back)",
    "update_failing": "内容更新连续失败 (content updates keep failing)",
}


def values(report: UpdateReport | None) -> dict[str, Any]:
    """The device row's adoption columns from the updater's report (none without a report)."""
    if report is None:  # a kiosk older than pack publishing: keep what is known
        return {}
    return {
        "pack_id": report.pack_id,
        "pack_version": report.active_version,
        "update_checked_at": parse_utc(report.last_check_at) if report.last_check_at else None,
        "update_failures": report.failures,
        "update_error": report.last_error[:200] if report.last_error else None,
        "rolled_back_version": report.rolled_back_from,
        "rolled_back_at": parse_utc(report.rolled_back_at) if report.rolled_back_at else None,
    }


def conditions(report: UpdateReport | None) -> dict[str, str]:
    """kind → message for the update problems this heartbeat reports."""
    if report is None:
        return {}
    found: dict[str, str] = {}
    if report.rolled_back_from is not None:
        back_to = (
            f"v{report.active_version}" if report.active_version is not None else "出厂内容 (factory pack)"
        )
        found["pack_rolled_back"] = f"{MESSAGES['pack_rolled_back']}: v{report.rolled_back_from} → {back_to}"
    if report.failures >= FAILURES_ALERT:
        error = f": {report.last_error}" if report.last_error else ""
        found["update_failing"] = f"{MESSAGES['update_failing']} ×{report.failures}{error}"
    return found


@dataclass(frozen=True)
class AdoptionRow:
    device: Device
    channel: str
    group: str
    expected: Pointer | None
    # "current", "behind", "rolled_back", "failing", "unknown" (no report yet)
    state: str


def fleet_adoption(session: Session) -> list[AdoptionRow]:
    """Every enrolled kiosk: what it should run (its channel/group pointer) and what it runs."""
    groups = kiosk_groups.all_groups(session)
    named = kiosk_groups.memberships(session)
    pointers = channels.pointers(session)
    rows = []
    devices = session.scalars(
        select(Device).where(Device.revoked_at.is_(None)).order_by(Device.name, Device.id)
    )
    for device in devices:
        group = kiosk_groups.group_of(device, groups=groups, named=named)
        channel = group.channel if group else kiosk_groups.DEFAULT_CHANNEL
        name = group.name if group else ""
        expected = pointers.get((channel, name)) or pointers.get((channel, ""))
        rows.append(AdoptionRow(device, channel, name, expected, _state(device, expected)))
    return rows


def _state(device: Device, expected: Pointer | None) -> str:
    if device.rolled_back_version is not None:
        return "rolled_back"
    if (device.update_failures or 0) >= FAILURES_ALERT:
        return "failing"
    if device.update_checked_at is None and device.pack_version is None:
        return "unknown"
    if expected is None or (device.pack_id == expected.pack_id and device.pack_version == expected.version):
        return "current"
    return "behind"
