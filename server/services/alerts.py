"""Alerts derived from heartbeats: raised when a condition appears, listed until a technician
clears them (an alert whose condition went away is marked resolved but stays listed, so a
printer that ran out of paper at night is still seen in the morning)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, and_, insert, select, update
from sqlalchemy.orm import Session

from server.models import Alert, Device
from server.schemas import HeartbeatRequest
from server.settings import ServerSettings

MESSAGES = {
    "printer_no_paper": "打印机缺纸 (printer out of paper)",
    "printer_error": "打印机故障 (printer error)",
    "camera_error": "摄像头故障 (camera error)",
    "microphone_error": "麦克风故障 (microphone error)",
    "speaker_error": "扬声器故障 (speaker error)",
    "disk_low": "磁盘空间不足 (disk low)",
    "outbox_stuck": "待上传数据积压 (outbox stuck)",
    "clock_skew": "设备时钟偏差过大 (clock off by more than 5 minutes)",
}
CLOCK_SKEW_S = 300.0
_ALERTS = cast(Table, Alert.__table__)


def conditions(beat: HeartbeatRequest, *, clock_offset_s: float, settings: ServerSettings) -> dict[str, str]:
    """kind → message for every problem this heartbeat reports."""
    found: dict[str, str] = {}
    peripherals = beat.devices.model_dump()
    if peripherals.get("printer") == "no_paper":
        found["printer_no_paper"] = MESSAGES["printer_no_paper"]
    for name in ("printer", "camera", "microphone", "speaker"):
        if peripherals.get(name) == "error":
            found[f"{name}_error"] = MESSAGES[f"{name}_error"]
    used = disk_used_percent(beat.disk_free_mb, beat.disk_total_mb)
    if beat.disk_free_mb < settings.disk_low_mb or (
        used is not None and used >= settings.disk_alert_percent
    ):
        share = f", {used:.0f} % used" if used is not None else ""
        found["disk_low"] = f"{MESSAGES['disk_low']}: {beat.disk_free_mb} MB free{share}"
    if beat.oldest_pending_age_s is not None and beat.oldest_pending_age_s > settings.outbox_stuck_s:
        hours = beat.oldest_pending_age_s / 3600
        found["outbox_stuck"] = f"{MESSAGES['outbox_stuck']}: {hours:.1f} h, {beat.outbox_depth}"
    if abs(clock_offset_s) > CLOCK_SKEW_S:
        found["clock_skew"] = f"{MESSAGES['clock_skew']}: {clock_offset_s:+.0f} s"
    return found


def disk_used_percent(free_mb: int, total_mb: int | None) -> float | None:
    if not total_mb or free_mb > total_mb:
        return None
    return 100.0 * (total_mb - free_mb) / total_mb


def apply(session: Session, *, device: Device, found: dict[str, str], now: datetime) -> None:
    """Open, refresh or mark resolved the device's uncleared alerts to match `found`."""
    apply_for(session, device_id=device.id, found=found, now=now)


def apply_for(session: Session, *, device_id: str, found: dict[str, str], now: datetime) -> None:
    """apply() by device id, in Core statements (it runs on every heartbeat). A healthy kiosk
    costs one UPDATE that marks nothing resolved; only a beat reporting a problem reads its
    open alerts."""
    open_alert = and_(_ALERTS.c.device_id == device_id, _ALERTS.c.cleared_at.is_(None))
    if not found:
        session.execute(
            update(_ALERTS).where(open_alert, _ALERTS.c.resolved_at.is_(None)).values(resolved_at=now)
        )
        return
    rows = session.execute(select(_ALERTS.c.id, _ALERTS.c.kind, _ALERTS.c.resolved_at).where(open_alert))
    open_alerts = {row.kind: row for row in rows}
    for kind, message in found.items():
        row = open_alerts.get(kind)
        if row is None:
            session.execute(
                insert(_ALERTS).values(
                    device_id=device_id, kind=kind, message=message[:200], raised_at=now, last_seen_at=now
                )
            )
        else:
            session.execute(
                update(_ALERTS)
                .where(_ALERTS.c.id == row.id)
                .values(last_seen_at=now, message=message[:200], resolved_at=None)
            )
    gone = [row.id for kind, row in open_alerts.items() if kind not in found and row.resolved_at is None]
    if gone:
        session.execute(update(_ALERTS).where(_ALERTS.c.id.in_(gone)).values(resolved_at=now))


def clear(session: Session, *, alert_id: int, by: str, now: datetime) -> Alert | None:
    alert = session.get(Alert, alert_id)
    if alert is not None and alert.cleared_at is None:
        alert.cleared_at = now
        alert.cleared_by = by
    return alert
