"""The hall queues' statistics from kiosks' anonymous ticket events: per day and service, how
many tickets, called, served, skipped, no-shows, and the mean waiting and service time."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import IngestItem
from server.services.stats import StatsFilter

QUEUE_KIND = "queue_event"
QUEUE_EVENTS = frozenset({"issued", "called", "recalled", "served", "skipped", "no_show", "transferred"})
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


@dataclass(frozen=True)
class TicketView:
    """What the visitor's phone shows for one ticket (from the kiosk's synced events)."""

    number: str
    service: str
    day: str
    state: str  # waiting | called | served | skipped | no_show
    counter: str | None
    ahead: int
    wait_min: tuple[int, int] | None  # an estimated range in minutes, None when unknown
    as_of: datetime  # the newest event the server has from that kiosk's queue


def ticket_ref(token: str) -> str:
    """The hash the kiosk sends instead of the token (kiosk/queue/tickets.py Ticket.ref)."""
    import hashlib

    return hashlib.sha256(token.encode("ascii", errors="replace")).hexdigest()[:32]


def _events_of_day(session: Session, *, device_id: str, day: str, since: datetime) -> list[dict[str, Any]]:
    rows = session.execute(
        select(IngestItem.payload_json, IngestItem.created_at).where(
            IngestItem.kind == QUEUE_KIND, IngestItem.device_id == device_id,
            IngestItem.created_at >= since,
        ).order_by(IngestItem.created_at, IngestItem.id)
    ).all()
    events = [json.loads(text) | {"_at": at} for text, at in rows if text]
    return [e for e in events if e.get("day") == day]


def ticket_view(session: Session, *, token: str, now: datetime, zone: Any) -> TicketView | None:
    """The ticket behind a phone link, valid on its queue day only; None when unknown or expired."""
    if not 16 <= len(token) <= 64 or not token.replace("-", "").replace("_", "").isalnum():
        return None
    ref = ticket_ref(token)
    since = now - timedelta(days=2)
    found = session.execute(
        select(IngestItem.device_id, IngestItem.payload_json).where(
            IngestItem.kind == QUEUE_KIND, IngestItem.received_at >= since,
            IngestItem.payload_json.like(f'%"ticket": "{ref}"%'),
        ).limit(1)
    ).first()
    if found is None or found[1] is None:
        return None
    device_id, first = found[0], json.loads(found[1])
    if first["day"] < (now.astimezone(zone) - timedelta(days=1)).date().isoformat():
        return None  # yesterday's ticket is no longer valid
    events = _events_of_day(session, device_id=device_id, day=first["day"], since=since)
    state: dict[str, tuple[str, str | None]] = {}  # ticket ref → (state, counter)
    issued: dict[str, str] = {}  # ticket ref → number, of this service
    served_s: list[float] = []
    counters: set[str] = set()
    for e in events:
        if e["service"] != first["service"]:
            continue
        kind = e["event"]
        if kind == "issued":
            issued[e["ticket"]] = e["number"]
            state[e["ticket"]] = ("waiting", None)
        elif kind in ("called", "recalled"):
            state[e["ticket"]] = ("called", e.get("counter"))
            counters.add(str(e.get("counter")))
        else:
            state[e["ticket"]] = (kind, e.get("counter"))
            if kind == "served" and e.get("service_s"):
                served_s.append(float(e["service_s"]))
    mine = issued.get(ref, first["number"])
    my_state, counter = state.get(ref, ("waiting", None))
    ahead = sum(
        1 for r, number in issued.items()
        if state.get(r, ("waiting", None))[0] == "waiting" and int(number[1:]) < int(mine[1:])
    )
    wait = None
    if my_state == "waiting" and served_s:
        # people ahead × rolling mean service time ÷ counters at work, give or take a third
        per_person = sum(served_s[-10:]) / len(served_s[-10:]) / max(1, len(counters)) / 60
        wait = (int(ahead * per_person * 0.7), max(1, math.ceil(ahead * per_person * 1.3)))
    as_of = max((e["_at"] for e in events), default=now)
    return TicketView(number=mine, service=first["service"], day=first["day"], state=my_state,
                      counter=counter, ahead=ahead if my_state == "waiting" else 0, wait_min=wait,
                      as_of=as_of)
