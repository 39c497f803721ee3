"""Per-address throttle of failed attempts (console logins, enrollment codes).

Account lockout stops guessing one account's password; it does not stop one address trying one
password against every account, or guessing enrollment codes. This counts failures per client
address in memory (per server process: with N uvicorn workers an address gets up to N times the
limit; a restart forgets, which is acceptable for a brake, not a record — the audit log is).

Attempts are counted *before* they are checked (`reserve`) and given back on success
(`release`): checking first let 40 parallel failures from one address all through, none 429.
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

    def reserve(self, address: str, *, now: datetime) -> bool:
        """Count an attempt as failed until it succeeds; False (nothing counted) if over the limit."""
        with self._lock:
            times = self._recent(address, now)
            if len(times) >= self._max:
                return False
            times.append(now)
            self._forget_expired(now)
            return True

    def release(self, address: str, *, reserved_at: datetime) -> None:
        """The reserved attempt succeeded: it no longer counts."""
        with self._lock:
            times = self._failures.get(address)
            if times is not None and reserved_at in times:
                times.remove(reserved_at)

    def failed(self, address: str, *, now: datetime) -> None:
        with self._lock:
            self._recent(address, now).append(now)
            self._forget_expired(now)

    def _forget_expired(self, now: datetime) -> None:
        # Bound memory: forget addresses whose failures have all expired.
        if len(self._failures) > 10_000:
            for key in [k for k, v in self._failures.items() if not v or now - v[-1] > self._window]:
                del self._failures[key]
