"""Runs the work of console logins in worker threads, a bounded number at a time.

An argon2 check takes a core and 64 MiB for ~50-100 ms. Run inline it held the request's
database connection (SQLite has one) and a worker thread, so 40 parallel failed logins made a
kiosk heartbeat wait seconds. Here a login waits for its turn on async limiters, holding neither
a thread nor a connection while it waits: one limiter for the checks, one for the logins' short
database steps (so a login flood cannot take all of the thread pool kiosks' requests run in).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from server.services.users import Passwords

T = TypeVar("T")
# Threads the logins' database steps may use at once (the pool has 40 for everything).
DB_THREADS = 2


class GateFull(Exception):
    """So many checks are queued that a new one would only time out: answer "busy" at once."""


class PasswordGate:
    # Queued checks per running one before new logins are turned away (≈ seconds of work).
    QUEUE_FACTOR = 32

    def __init__(self, passwords: Passwords, *, limit: int) -> None:
        self.passwords = passwords
        self.limit = max(1, limit)
        self.max_in_flight = self.limit * self.QUEUE_FACTOR
        # One limiter per event loop: uvicorn has one per process, tests start several.
        self._limiters: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[anyio.CapacityLimiter, anyio.CapacityLimiter]
        ] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        # Checks asked for and not yet answered (running or waiting); read by tests and benches.
        self.in_flight = 0

    def _limiter(self, index: int) -> anyio.CapacityLimiter:
        loop = asyncio.get_running_loop()
        with self._lock:
            limiters = self._limiters.get(loop)
            if limiters is None:
                limiters = (anyio.CapacityLimiter(self.limit), anyio.CapacityLimiter(DB_THREADS))
                self._limiters[loop] = limiters
            return limiters[index]

    async def run_db(self, function: Callable[[], T]) -> T:
        """A login's database step, in one of a few threads reserved for logins."""
        return await anyio.to_thread.run_sync(function, limiter=self._limiter(1))

    async def verify(self, stored: str, password: str) -> bool:
        """Whether `password` matches `stored`; raises GateFull when the queue is full."""
        with self._lock:
            if self.in_flight >= self.max_in_flight:
                raise GateFull
            self.in_flight += 1
        try:
            return await anyio.to_thread.run_sync(
                self.passwords.verify, stored, password, limiter=self._limiter(0)
            )
        finally:
            with self._lock:
                self.in_flight -= 1
