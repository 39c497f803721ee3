"""Limits audit rows that anyone can cause without logging in (throttled logins, bad codes).

Each throttled login wrote a row: 300 requests in a second filled the audit page. Now the first
such event per (action, address) in a minute is written and the rest are counted; the next row
written for that pair says how many were left out. Many addresses at once (a botnet, IPv6
address hopping) share one row per action and minute once `max_rows` rows were written in it.
The count of the last minute of an attack is written with the next such event (or is lost
with a restart); the per-address throttle and the web server's access log still see them all.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

ANY_ADDRESS = "*"


class AuditBrake:
    def __init__(self, *, window: timedelta = timedelta(minutes=1), max_rows: int = 30) -> None:
        self._window = window
        self._max_rows = max_rows
        self._lock = threading.Lock()
        # (action, address) → (when its last row was written, events left out since)
        self._last: dict[tuple[str, str], tuple[datetime, int]] = {}
        self._window_start: datetime | None = None
        self._rows = 0

    def admit(self, action: str, address: str, *, now: datetime) -> tuple[str, int] | None:
        """(address to record, events left out before this one), or None: do not write a row."""
        with self._lock:
            if self._window_start is None or now - self._window_start >= self._window:
                self._window_start, self._rows = now, 0
                self._forget(now)
            key = (action, address)
            if key not in self._last and self._rows >= self._max_rows:
                key = (action, ANY_ADDRESS)
            written = self._last.get(key)
            if written is not None and now - written[0] < self._window:
                self._last[key] = (written[0], written[1] + 1)
                return None
            self._rows += 1
            self._last[key] = (now, 0)
            return key[1], written[1] if written is not None else 0

    def _forget(self, now: datetime) -> None:
        if len(self._last) > 10_000:
            stale = [k for k, (at, left) in self._last.items() if not left and now - at > self._window]
            for key in stale:
                del self._last[key]
