"""The hall queues' statistics from kiosks' anonymous ticket events: per day and service, how
many tickets, called, served, skipped, no-shows, and the mean waiting and service time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import IngestItem
from server.services.stats import StatsFilter

QUEUE_KIND = "queue_event"
QUEUE_EVENTS = frozenset({"issued", "called", "recalled", "served", "skipped", "no_show"})
# Exactly the fields a kiosk sends (kiosk/queue/tickets.py): nothing else may ride along.
_FIELDS = frozenset({"event", "ticket", "day", "service", "number", "counter", "at", "wait_s", "service_s"})


def validate_queue_payload(payload: dict[str, Any]) -> str | None:
    """The reason to reject a ticket event, or None. Anonymous by shape: unknown keys refused."""
    extra = set(payload) - _FIELDS
    if extra:
        return f"queue events carry only {sorted(_FIELDS)}; unexpected {sorted(extra)}"
    if payload.get("event") not in QUEUE_EVENTS:
        return f"queue event must be one of {sorted(QUEUE_EVENTS)}"
    service = payload.get("service")
    if not (isinstance(service, str) and len(service) == 1 and service.isalpha()):
        return "service must be one letter"
    try:
        date.fromisoformat(str(payload.get("day")))
    except ValueError:
        return "day must be YYYY-MM-DD"
    for key in ("wait_s", "service_s"):
        value = payload.get(key)
        if value is not None and (not isinstance(value, int | float) or not 0 <= value <= 86400):
            return f"{key} must be seconds between 0 and 86400"
    return None


@dataclass
class QueueDay:
    day: str
    service: str
    issued: int = 0
    called: int = 0
    served: int = 0
    skipped: int = 0
    no_show: int = 0
    _waits: tuple[float, ...] = ()
    _services: tuple[float, ...] = ()

    @property
    def mean_wait_min(self) -> float | None:
        return round(sum(self._waits) / len(self._waits) / 60, 1) if self._waits else None

    @property
    def mean_service_min(self) -> float | None:
        return round(sum(self._services) / len(self._services) / 60, 1) if self._services else None


def queue_days(session: Session, flt: StatsFilter) -> list[QueueDay]:
    """Rows for the filter's days (the kiosk's queue day) and kiosk, by day then service."""
    # created_at is UTC; a queue day in UTC+8 can start the evening before, so read a day more.
    since = datetime.combine(flt.start - timedelta(days=1), time(), tzinfo=UTC)
    until = datetime.combine(flt.end + timedelta(days=2), time(), tzinfo=UTC)
    query = select(IngestItem.payload_json).where(
        IngestItem.kind == QUEUE_KIND, IngestItem.created_at >= since, IngestItem.created_at < until
    )
    if flt.device_id:
        query = query.where(IngestItem.device_id == flt.device_id)
    rows: dict[tuple[str, str], QueueDay] = {}
    for (text,) in session.execute(query):
        if text is None:
            continue
        event = json.loads(text)
        day = str(event.get("day"))
        if not flt.start.isoformat() <= day <= flt.end.isoformat():
            continue
        row = rows.setdefault((day, str(event["service"])), QueueDay(day, str(event["service"])))
        kind = event["event"]
        if kind in ("issued", "called", "served", "skipped", "no_show"):
            setattr(row, kind, getattr(row, kind) + 1)
        if kind == "called" and event.get("wait_s") is not None:
            row._waits = (*row._waits, float(event["wait_s"]))
        if kind == "served" and event.get("service_s") is not None:
            row._services = (*row._services, float(event["service_s"]))
    return [rows[key] for key in sorted(rows)]
