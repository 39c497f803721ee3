"""A burst of kiosk requests larger than the server's thread pool is answered, not stalled.

The fleet benchmark (bench/fleet_rate.py) found the server on SQLite answering nothing for 30 s at
40 heartbeats/s: the device check and the route run as two thread calls, so 40 device checks
waiting for SQLite's one connection took every thread while the request holding it waited for a
thread. Here 120 kiosks beat at once over loopback against the real app under uvicorn.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from datetime import UTC, datetime

import httpx
from live_server import serving
from server_helpers import enroll_device

from server.app import create_app
from server.request_gate import RequestGate
from server.settings import ServerSettings

BURST = 120


async def _burst(base: str, tokens: list[str]) -> list[int]:
    beat = {
        "sent_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "app_version": "1.0.0",
        "devices": {"printer": "ok"},
        "disk_free_mb": 40_000,
        "outbox_depth": 0,
    }
    limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=BURST)
    # 20 s: below the pool's 30 s time-out, after which the stalled requests used to fail.
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=20) as client:
        answers = await asyncio.gather(
            *(
                client.post("/api/v1/heartbeat", json=beat, headers={"Authorization": f"Bearer {token}"})
                for token in tokens
            ),
            return_exceptions=True,
        )
    return [a.status_code if isinstance(a, httpx.Response) else 0 for a in answers]


def test_a_burst_beyond_the_thread_pool_is_answered_on_sqlite(sqlite_settings: ServerSettings) -> None:
    app = create_app(sqlite_settings)
    context = app.state.context
    tokens = [enroll_device(context, name=f"镇 {n} 号机")[1] for n in range(BURST)]
    with serving(app) as base:
        started = time.monotonic()
        statuses = asyncio.run(_burst(base, tokens))
        took = time.monotonic() - started
    assert statuses.count(200) == BURST, sorted(set(statuses))
    assert took < 20


def _call(gate: RequestGate, method: str, path: str) -> Awaitable[None]:
    scope = {"type": "http", "method": method, "path": path, "headers": []}

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: object) -> None:
        return None

    return gate(scope, receive, send)


def test_the_gate_holds_back_requests_beyond_its_limit_but_never_a_waiting_login() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        release = asyncio.Event()
        entered: list[str] = []

        async def app(scope: dict[str, object], _receive: object, _send: object) -> None:
            entered.append(str(scope["path"]))
            if scope["path"] in ("/console/login", "/slow"):
                await release.wait()  # a login queued on the password checks; a slow page

        gate = RequestGate(app, limit=1)  # type: ignore[arg-type]
        login = asyncio.create_task(_call(gate, "POST", "/console/login"))
        slow = asyncio.create_task(_call(gate, "GET", "/slow"))
        await asyncio.sleep(0.05)
        beat = asyncio.create_task(_call(gate, "POST", "/api/v1/heartbeat"))
        await asyncio.sleep(0.05)
        while_full = list(entered)
        release.set()
        await asyncio.gather(login, slow, beat)
        return while_full, entered

    while_full, entered = asyncio.run(scenario())
    # The login waits outside the count; the slow page takes the one place; the beat waits for it.
    assert while_full == ["/console/login", "/slow"]
    assert entered == ["/console/login", "/slow", "/api/v1/heartbeat"]
