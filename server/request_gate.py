"""ASGI middleware that lets a bounded number of requests into the app at once; the rest wait.

Why: every sync route and sync dependency runs on anyio's thread pool (40 threads a process), one
request on one thread at a time — but the kiosk API's device check (`get_current_device`) and the
route that follows are two separate thread calls sharing one database transaction. With 40
requests inside, all 40 threads could be taken by device checks waiting for a pooled connection
(SQLite has one) while the request holding it waited for a thread to run its route: nothing moved
until the pool time-out (30 s), and then every waiting request failed. `bench.fleet_rate` found
it at 40 heartbeats/s on SQLite. With fewer requests inside than threads, the holder always finds
a thread. Waiting here costs no thread and no connection (an asyncio semaphore per event loop).

Requests that wait without a thread are let through, so they cannot fill the gate and hold up
kiosks behind them: WebSockets, long polls (a kiosk waiting for a lawyer to answer) and the
console login (async: its database steps and the password check run on the password gate's own
few threads, and a login flood queues there for seconds each — server/services/password_gate.py).
"""

from __future__ import annotations

import asyncio
import re
import weakref

from starlette.types import ASGIApp, Receive, Scope, Send

# Below anyio's 40 worker threads, leaving room for the password checks' own limiters.
DEFAULT_LIMIT = 24
_LONG_POLL = re.compile(r"^/api/v1/video/calls/[^/]+$")
_LOGIN = "/console/login"


class RequestGate:
    def __init__(self, app: ASGIApp, *, limit: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.limit = limit
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _semaphore(self) -> asyncio.Semaphore:
        # One per event loop: uvicorn runs one per process, tests may start several.
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self.limit)
        return slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _waits_without_a_thread(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        async with self._semaphore():
            await self.app(scope, receive, send)


def _waits_without_a_thread(method: str, path: str) -> bool:
    return (method == "GET" and _LONG_POLL.match(path) is not None) or (
        method == "POST" and path == _LOGIN
    )
