"""Device authentication, revocation and the fleet's online/offline status."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Alert, Device
from server.services import tokens


def authenticate(session: Session, token: str) -> Device | None:
    """The enrolled, unrevoked device whose token this is, else None."""
    device_id, sep, secret = token.partition(".")
    if not sep or not device_id or not secret or len(device_id) > 40:
        return None
    device = session.get(Device, device_id)
    if device is None or device.revoked_at is not None:
        return None
    return device if tokens.same_digest(secret, device.secret_hash) else None


def revoke(session: Session, *, device_id: str, by: str, now: datetime) -> Device | None:
    device = session.get(Device, device_id)
    if device is not None and device.revoked_at is None:
        device.revoked_at = now
        device.revoked_by = by
    return device


def status(device: Device, *, now: datetime, offline_after: timedelta) -> str:
    """ "revoked", "never" (no beat yet), "online" or "offline" (missed the allowed beats)."""
    if device.revoked_at is not None:
        return "revoked"
    if device.last_beat_at is None:
        return "never"
    return "online" if now - device.last_beat_at <= offline_after else "offline"


@dataclass(frozen=True)
class FleetRow:
    device: Device
    status: str
    peripherals: dict[str, str]
    open_alerts: list[Alert]


def fleet(session: Session, *, now: datetime, offline_after: timedelta) -> list[FleetRow]:
    devices = list(session.scalars(select(Device).order_by(Device.name, Device.id)))
    alerts: dict[str, list[Alert]] = {}
    for alert in session.scalars(select(Alert).where(Alert.cleared_at.is_(None)).order_by(Alert.raised_at)):
        alerts.setdefault(alert.device_id, []).append(alert)
    return [
        FleetRow(
            device=d,
            status=status(d, now=now, offline_after=offline_after),
            peripherals=_peripherals(d),
            open_alerts=alerts.get(d.id, []),
        )
        for d in devices
    ]


def _peripherals(device: Device) -> dict[str, str]:
    if not device.devices_json:
        return {}
    try:
        raw = json.loads(device.devices_json)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
