"""Records a kiosk's heartbeat: its latest state, clock offset and the alerts it implies.

The hot path of the server (2,000 kiosks beat 67 times a second), so it is written in Core
statements on the row, not ORM objects: the device check and the state update are one
`UPDATE devices … WHERE id = ? AND secret_hash = ? AND revoked_at IS NULL RETURNING name`,
then one statement for the alerts and one for the kiosk's group. `bench.request_cpu` measures it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, update
from sqlalchemy.orm import Session

from server.models import Device
from server.schemas import HeartbeatRequest, HeartbeatResponse
from server.services import adoption, alerts, devices, kiosk_groups, tokens
from server.services.timestamps import iso, parse_utc
from server.settings import ServerSettings

_DEVICES = cast(Table, Device.__table__)


class InvalidHeartbeat(Exception):
    """The heartbeat cannot be read; the message says which field is wrong."""


def record_for_token(
    session: Session,
    *,
    token: str,
    beat: HeartbeatRequest,
    now: datetime,
    settings: ServerSettings,
    server_public_key: str,
) -> HeartbeatResponse | None:
    """Check the device token and record the beat; None if the token is not an enrolled,
    unrevoked device's (nothing is written then: the UPDATE matched no row).

    The secret's sha256 is compared in the WHERE clause rather than with compare_digest: what
    the comparison's timing could reveal is how much of sha256(guess) matches the stored digest,
    which says nothing about the 256-bit secret (the same reasoning as a token looked up by its
    hash)."""
    device_id, sep, secret = token.partition(".")
    if not sep or not device_id or not secret or len(device_id) > 40:
        return None
    who = and_(
        _DEVICES.c.id == device_id,
        _DEVICES.c.secret_hash == tokens.digest(secret),
        _DEVICES.c.revoked_at.is_(None),
    )
    try:
        values, offset = _state(beat, now)
    except InvalidHeartbeat:
        # Unknown devices hear 401 whatever they sent; only a known one learns what is wrong.
        if devices.authenticate(session, token) is None:
            return None
        raise
    return _record(session, who=who, device_id=device_id, values=values, offset=offset, beat=beat,
                   now=now, settings=settings, server_public_key=server_public_key)  # fmt: skip


def record(
    session: Session,
    *,
    device: Device,
    beat: HeartbeatRequest,
    now: datetime,
    settings: ServerSettings,
    server_public_key: str,
) -> HeartbeatResponse:
    """Record a beat of a device already authenticated (tests, tools)."""
    values, offset = _state(beat, now)
    answer = _record(session, who=_DEVICES.c.id == device.id, device_id=device.id, values=values,
                     offset=offset, beat=beat, now=now, settings=settings,
                     server_public_key=server_public_key)  # fmt: skip
    session.expire(device)  # the row was changed under the ORM object
    assert answer is not None
    return answer


def _state(beat: HeartbeatRequest, now: datetime) -> tuple[dict[str, Any], float]:
    """The device row's new values from the beat, and the kiosk's clock offset."""
    sent_at = parse_utc(beat.sent_at)
    if sent_at is None:
        raise InvalidHeartbeat("sent_at is not an ISO 8601 timestamp")
    last_sync_at = parse_utc(beat.last_sync_at) if beat.last_sync_at else None
    if beat.last_sync_at and last_sync_at is None:
        raise InvalidHeartbeat("last_sync_at is not an ISO 8601 timestamp")
    offset = round((now - sent_at).total_seconds(), 3)
    values: dict[str, Any] = {
        "last_beat_at": now,
        "app_version": beat.app_version,
        "content_version": beat.content_version,
        "devices_json": json.dumps(beat.devices.model_dump(), ensure_ascii=False)[:2000],
        "disk_free_mb": beat.disk_free_mb,
        "outbox_depth": beat.outbox_depth,
        "oldest_pending_age_s": beat.oldest_pending_age_s,
        "last_sync_at": last_sync_at,
        "clock_offset_s": offset,
    }
    values.update(adoption.values(beat.updates))
    return values, offset


def _record(
    session: Session,
    *,
    who: ColumnElement[bool],
    device_id: str,
    values: dict[str, Any],
    offset: float,
    beat: HeartbeatRequest,
    now: datetime,
    settings: ServerSettings,
    server_public_key: str,
) -> HeartbeatResponse | None:
    name = session.execute(update(_DEVICES).where(who).values(values).returning(_DEVICES.c.name)).scalar()
    if name is None:
        return None
    found = alerts.conditions(beat, clock_offset_s=offset, settings=settings)
    found.update(adoption.conditions(beat.updates))
    alerts.apply_for(session, device_id=device_id, found=found, now=now)
    follows = kiosk_groups.following(session, device_id=device_id, name=name)
    return HeartbeatResponse(
        server_time=iso(now),
        clock_offset_s=offset,
        heartbeat_interval_s=settings.heartbeat_interval_s,
        server_public_key=server_public_key,
        update_channel=follows.channel,
        update_group=follows.group,
    )
