"""What the hall sees of today's queue: per service who waits and who is called, the recent calls."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from kiosk.queue.services import QueueRules


@dataclass(frozen=True)
class ServiceStatus:
    letter: str
    name: str
    name_en: str
    counters: list[str]
    open_now: bool
    reopens: str | None  # local ISO time of the next opening when closed
    waiting: int
    last_issued: str | None
    mean_service_s: float | None  # mean of today's finished services (for the wait estimate)


@dataclass(frozen=True)
class Call:
    number: str
    service: str
    counter: str
    called_at: str
    calls: int
    state: str


@dataclass(frozen=True)
class QueueStatus:
    day: str
    services: list[ServiceStatus]
    current: list[Call]  # tickets being called or served now, newest first
    recent: list[Call]  # the last few finished calls, newest first

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def queue_status(
    db: sqlite_utils.Database, rules: QueueRules, *, now: datetime | None = None, recent: int = 5
) -> QueueStatus:
    at = (now or datetime.now(UTC)).astimezone(UTC)
    local = rules.local(at)
    day = rules.business_day(at).isoformat()
    rows = db.execute(
        "select coalesce(queued_for, service), sum(state = 'waiting'), "
        "max(case when queued_for is null and seq > 0 then seq end), "
        "avg(case when state = 'served' and first_called_at is not null then "
        "(julianday(finished_at) - julianday(first_called_at)) * 86400 end) "
        "from queue_tickets where day = ? group by coalesce(queued_for, service)",
        [day],
    ).fetchall()
    by_letter = {r[0]: r for r in rows}
    services = []
    for service in rules.services:
        row = by_letter.get(service.letter)
        is_open = service.is_open(local)
        reopens = None if is_open else service.next_opening(local)
        services.append(ServiceStatus(
            letter=service.letter, name=service.name, name_en=service.name_en,
            counters=list(service.counters), open_now=is_open,
            reopens=None if reopens is None else reopens.isoformat(timespec="minutes"),
            waiting=int(row[1] or 0) if row else 0,
            last_issued=f"{service.letter}{row[2]:03d}" if row and row[2] else None,
            mean_service_s=None if row is None or row[3] is None else round(float(row[3]), 1),
        ))
    calls = db.execute(
        "select number, service, counter, last_called_at, calls, state from queue_tickets "
        "where day = ? and last_called_at is not null order by last_called_at desc limit ?",
        [day, 50],
    ).fetchall()
    current = [Call(*c) for c in calls if c[5] == "called"]
    finished = [Call(*c) for c in calls if c[5] != "called"][:recent]
    return QueueStatus(day=day, services=services, current=current, recent=finished)


def status_from_json(data: dict[str, Any]) -> QueueStatus:
    """The status as `as_json()` wrote it (e.g. fetched from the kiosk's /status.json)."""
    return QueueStatus(
        day=str(data["day"]),
        services=[ServiceStatus(**s) for s in data["services"]],
        current=[Call(**c) for c in data["current"]],
        recent=[Call(**c) for c in data["recent"]],
    )
