"""Runs argon2 password checks in worker threads, a bounded number at a time.

A check takes a core and 64 MiB for ~50-100 ms. Run inline it held the request's database
connection (SQLite has one) and a worker thread, so 40 parallel failed logins made a kiosk
heartbeat wait seconds. Here a login waits for its turn on an async limiter, holding neither.
"""

from __future__ import annotations

import asyncio
import threading
import weakref

import anyio
import anyio.to_thread

from server.services.users import Passwords


class PasswordGate:
    def __init__(self, passwords: Passwords, *, limit: int) -> None:
        self.passwords = passwords
        self.limit = max(1, limit)
        # One limiter per event loop: uvicorn has one per process, tests start several.
        self._limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()
        # Checks asked for and not yet answered (running or waiting); read by tests and benches.
        self.in_flight = 0

    def _limiter(self) -> anyio.CapacityLimiter:
        loop = asyncio.get_running_loop()
        with self._lock:
            limiter = self._limiters.get(loop)
            if limiter is None:
                limiter = self._limiters[loop] = anyio.CapacityLimiter(self.limit)
            return limiter

    async def verify(self, stored: str, password: str) -> bool:
        with self._lock:
            self.in_flight += 1
        try:
            return await anyio.to_thread.run_sync(
                self.passwords.verify, stored, password, limiter=self._limiter()
            )
        finally:
            with self._lock:
                self.in_flight -= 1
