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


def status(device: Device | FleetKiosk, *, now: datetime, offline_after: timedelta) -> str:
    """ "revoked", "never" (no beat yet), "online" or "offline" (missed the allowed beats)."""
    if device.revoked_at is not None:
        return "revoked"
    if device.last_beat_at is None:
        return "never"
    return "online" if now - device.last_beat_at <= offline_after else "offline"


@dataclass(frozen=True, slots=True)
class FleetKiosk:
    """What the fleet page shows of one kiosk, read as plain columns.

    Building 2,000 ORM `Device` objects (identity map, every column, attribute instrumentation)
    cost about three times reading these columns as tuples, all of it holding the worker's
    interpreter while heartbeats waited (docs/benchmarks.md, the fleet under load).
    """

    id: str
    name: str
    revoked_at: datetime | None
    last_beat_at: datetime | None
    last_sync_at: datetime | None
    app_version: str | None
    content_version: str | None
    pack_version: int | None
    rolled_back_version: int | None
    devices_json: str | None
    disk_free_mb: int | None
    outbox_depth: int | None
    clock_offset_s: float | None


_FLEET_COLUMNS = [Device.__table__.c[name] for name in FleetKiosk.__dataclass_fields__]


@dataclass(frozen=True)
class FleetRow:
    device: FleetKiosk
    status: str
    open_alerts: list[Alert]

    @property
    def peripherals(self) -> dict[str, str]:
        # Parsed when a row is shown (a page of 100), not for the whole fleet at every reading.
        return _peripherals(self.device.devices_json)


def fleet(session: Session, *, now: datetime, offline_after: timedelta) -> list[FleetRow]:
    kiosks = [
        FleetKiosk(*row) for row in session.execute(select(*_FLEET_COLUMNS).order_by(Device.name, Device.id))
    ]
    alerts: dict[str, list[Alert]] = {}
    for alert in session.scalars(select(Alert).where(Alert.cleared_at.is_(None)).order_by(Alert.raised_at)):
        alerts.setdefault(alert.device_id, []).append(alert)
    return [
        FleetRow(
            device=kiosk,
            status=status(kiosk, now=now, offline_after=offline_after),
            open_alerts=alerts.get(kiosk.id, []),
        )
        for kiosk in kiosks
    ]


def _peripherals(devices_json: str | None) -> dict[str, str]:
    if not devices_json:
        return {}
    try:
        raw = json.loads(devices_json)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
