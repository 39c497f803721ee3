"""The fleet page's rows, read at most every few seconds per worker process and shown with their age.

Reading the whole fleet for the page's counts and filters cost ~77 ms of one core per view with
2,000 kiosks (ORM rows, status, peripherals): with 20 console users that was a view a second,
each holding the worker's interpreter while heartbeats waited behind it. A snapshot taken at
most every `max_age` serves every view in between; the page says when it was taken. A
technician's own change (revoke, clear an alert) drops the snapshot of the worker that made it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from server.services import devices
from server.services.devices import FleetRow


@dataclass(frozen=True)
class FleetSnapshot:
    rows: list[FleetRow]  # plain columns and detached alerts: read only
    counts: dict[str, int]
    taken_at: datetime


class FleetSnapshots:
    """The latest snapshot of one worker process; views at once wait for one reading, not each
    for their own."""

    def __init__(self, *, max_age: timedelta) -> None:
        self.max_age = max_age
        self._current: FleetSnapshot | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, *, now: datetime, offline_after: timedelta) -> FleetSnapshot:
        with self._lock:
            current = self._current
            # A clock set back (or a test's) must not make a snapshot from the future look new.
            if current is None or not timedelta(0) <= now - current.taken_at <= self.max_age:
                rows = devices.fleet(session, now=now, offline_after=offline_after)
                # The open alerts outlive this request's session: detach them with what they loaded.
                session.expunge_all()
                counts: dict[str, int] = {}
                for row in rows:
                    counts[row.status] = counts.get(row.status, 0) + 1
                current = self._current = FleetSnapshot(rows=rows, counts=counts, taken_at=now)
            return current

    def forget(self) -> None:
        with self._lock:
            self._current = None
