"""Per-address throttle of failed console logins (password spraying across many accounts).

Account lockout stops guessing one account's password; it does not stop one address trying one
password against every account. This counts failures per client address in memory (one server
process; a restart forgets, which is acceptable for a brake, not a record — the audit log is).
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta


class LoginThrottle:
    def __init__(self, *, max_failures: int = 20, window: timedelta = timedelta(minutes=15)) -> None:
        self._max = max_failures
        self._window = window
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: datetime) -> deque[datetime]:
        times = self._failures.setdefault(address, deque())
        while times and now - times[0] > self._window:
            times.popleft()
        return times

    def blocked(self, address: str, *, now: datetime) -> bool:
        with self._lock:
            return len(self._recent(address, now)) >= self._max

    def failed(self, address: str, *, now: datetime) -> None:
        with self._lock:
            self._recent(address, now).append(now)
            # Bound memory: forget addresses whose failures have all expired.
            if len(self._failures) > 10_000:
                for key in [k for k, v in self._failures.items() if not v or now - v[-1] > self._window]:
                    del self._failures[key]
