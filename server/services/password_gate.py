"""Runs the work of console logins in worker threads, a bounded number at a time.

An argon2 check takes a core and 64 MiB for ~50-100 ms. Run inline it held the request's
database connection (SQLite has one) and a worker thread, so 40 parallel failed logins made a
kiosk heartbeat wait seconds. Here a login waits for its turn on async limiters, holding neither
a thread nor a connection while it waits: one limiter for the checks, one for the logins' short
database steps (so a login flood cannot take all of the thread pool kiosks' requests run in).

The checks themselves run in the gate's own threads at a lower CPU priority (a higher nice
value) than the rest of the process. argon2 releases the GIL, so a check never stalled the
event loop through the interpreter; it stalled it through the cores: one check is four
threads of hashing (parallelism 4) at the same priority as the worker's event loop, on a
2-core server. Niced, the kernel gives the kiosks' requests the cores first and a check takes
what they leave (its wall time, which the budget counts, grows when the server is busy, so a
busy server also admits fewer checks).
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import anyio
import anyio.to_thread

from server.services.users import Passwords

T = TypeVar("T")
# Threads the logins' database steps may use at once (the pool has 40 for everything).
DB_THREADS = 2
# Name prefix of the threads that run checks (seen in py-spy and thread dumps).
CHECK_THREAD_PREFIX = "password-check"


def set_aside_for_checks(niceness: int, cores: int) -> None:
    """Lower the calling thread's CPU priority by `niceness` and keep it on the last `cores`
    cores (0: any). Linux keeps both per thread, and the threads it starts — argon2's four
    lanes — inherit them, so a check never occupies more than `cores` cores and yields those
    to the kiosks' requests. Elsewhere this does nothing: a process-wide setting would slow
    the requests too."""
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    if niceness > 0:
        current = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, current + niceness))
    allowed = sorted(os.sched_getaffinity(thread))
    if 0 < cores < len(allowed):
        os.sched_setaffinity(thread, allowed[-cores:])


class GateFull(Exception):
    """So many checks are queued that a new one would only time out: answer "busy" at once."""


class PasswordGate:
    """At most `limit` checks at once, at most `limit * QUEUE_FACTOR` waiting, and — the budget
    — checks may take at most `share` seconds per second on average (banked up to `bank` s).
    `admit()` says whether a new login may queue at all.

    The budget keeps a login flood from many addresses off the kiosks' CPU: a production check
    costs ~0.25 s of CPU here, so 40 failed logins a second would want ten cores. With the
    budget a flood takes a fixed share per worker process and the rest of it is answered "busy"
    at once, for the cost of a page. It is counted in seconds of checking (wall time of each
    check), not in checks, so a cheap test cost never meets it and a slower machine checks
    fewer."""

    # Queued checks per running one before new logins are turned away (≈ seconds of work).
    QUEUE_FACTOR = 32
    # ... and, whatever their number, once the queue is this many seconds of checking long
    # (going by the recent checks): on a busy server the niced checks run slower, and a login
    # that would wait a minute is better told "busy, retry" now.
    MAX_WAIT_S = 10.0

    def __init__(
        self, passwords: Passwords, *, limit: int, share: float = 0.0, bank: float = 1.0,
        clock: Callable[[], float] = time.monotonic, niceness: int = 0, cores: int = 0,
    ) -> None:  # fmt: skip
        self.passwords = passwords
        self.limit = max(1, limit)
        # The checks' own threads (started on first use), `niceness` below the process and on
        # `cores` of the machine's cores.
        self._checkers = ThreadPoolExecutor(
            max_workers=self.limit,
            thread_name_prefix=CHECK_THREAD_PREFIX,
            initializer=set_aside_for_checks,
            initargs=(niceness, cores),
        )
        self.max_in_flight = self.limit * self.QUEUE_FACTOR
        self.share = share  # 0: no budget, only the queue bound
        self.bank = bank
        self._clock = clock
        self._seconds = bank  # checking time available now; may go below 0 after a long check
        self._stamp = clock()
        # One limiter per event loop: uvicorn has one per process, tests start several.
        self._limiters: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[anyio.CapacityLimiter, anyio.CapacityLimiter]
        ] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self.recent_check_s = 0.0  # moving average of the checks' wall time
        self._running_since: list[float] = []  # start of each check running now
        # Checks asked for and not yet answered (running or waiting); read by tests and benches.
        self.in_flight = 0

    def admit(self) -> bool:
        """Whether a new login may queue for a check now."""
        with self._lock:
            if self.in_flight >= self.max_in_flight:
                return False
            # A check running for longer than the recent ones (starved on a busy server)
            # counts at its length so far: logins must not queue behind it unseen.
            running = self._clock() - min(self._running_since) if self._running_since else 0.0
            if self.in_flight * max(self.recent_check_s, running) / self.limit > self.MAX_WAIT_S:
                return False
            if self.share <= 0:
                return True
            self._refill()
            return self._seconds > 0

    def _refill(self) -> None:
        now = self._clock()
        self._seconds = min(self.bank, self._seconds + (now - self._stamp) * self.share)
        self._stamp = now

    def _spent(self, seconds: float) -> None:
        with self._lock:
            self.recent_check_s = (
                seconds if not self.recent_check_s else 0.8 * self.recent_check_s + 0.2 * seconds
            )
            if self.share > 0:
                self._refill()
                self._seconds -= seconds

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

    def _timed_verify(self, stored: str, password: str) -> bool:
        started = self._clock()
        with self._lock:
            self._running_since.append(started)
        try:
            return self.passwords.verify(stored, password)
        finally:
            with self._lock:
                self._running_since.remove(started)
            self._spent(self._clock() - started)

    async def verify(self, stored: str, password: str) -> bool:
        """Whether `password` matches `stored`; raises GateFull when the queue is full."""
        with self._lock:
            if self.in_flight >= self.max_in_flight:
                raise GateFull
            self.in_flight += 1
        try:
            async with self._limiter(0):
                # A cancelled login leaves its check to finish in its thread, as anyio's did.
                return await asyncio.wrap_future(self._checkers.submit(self._timed_verify, stored, password))
        finally:
            with self._lock:
                self.in_flight -= 1

    def close(self) -> None:
        """Let the check threads end once idle (the server is stopping)."""
        self._checkers.shutdown(wait=False, cancel_futures=True)
