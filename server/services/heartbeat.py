"""Records a kiosk's heartbeat: its latest state, clock offset and the alerts it implies."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from server.models import Device
from server.schemas import HeartbeatRequest, HeartbeatResponse
from server.services import adoption, alerts, kiosk_groups
from server.services.timestamps import iso, parse_utc
from server.settings import ServerSettings


class InvalidHeartbeat(Exception):
    """The heartbeat cannot be read; the message says which field is wrong."""


def record(
    session: Session,
    *,
    device: Device,
    beat: HeartbeatRequest,
    now: datetime,
    settings: ServerSettings,
    server_public_key: str,
) -> HeartbeatResponse:
    sent_at = parse_utc(beat.sent_at)
    if sent_at is None:
        raise InvalidHeartbeat("sent_at is not an ISO 8601 timestamp")
    last_sync_at = parse_utc(beat.last_sync_at) if beat.last_sync_at else None
    if beat.last_sync_at and last_sync_at is None:
        raise InvalidHeartbeat("last_sync_at is not an ISO 8601 timestamp")
    offset = round((now - sent_at).total_seconds(), 3)
    device.last_beat_at = now
    device.app_version = beat.app_version
    device.content_version = beat.content_version
    device.devices_json = json.dumps(beat.devices.model_dump(), ensure_ascii=False)[:2000]
    device.disk_free_mb = beat.disk_free_mb
    device.outbox_depth = beat.outbox_depth
    device.oldest_pending_age_s = beat.oldest_pending_age_s
    device.last_sync_at = last_sync_at
    device.clock_offset_s = offset
    adoption.record(device, beat.updates)
    found = alerts.conditions(beat, clock_offset_s=offset, settings=settings)
    found.update(adoption.conditions(beat.updates))
    alerts.apply(session, device=device, found=found, now=now)
    session.flush()
    follows = kiosk_groups.following(session, device)
    return HeartbeatResponse(
        server_time=iso(now),
        clock_offset_s=offset,
        heartbeat_interval_s=settings.heartbeat_interval_s,
        server_public_key=server_public_key,
        update_channel=follows.channel,
        update_group=follows.group,
    )
