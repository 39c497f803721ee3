"""Signalling across server processes through PostgreSQL LISTEN/NOTIFY.

Every process LISTENs on one channel; a message for the other end of a call is a NOTIFY with
{call, to, message}; the process where that end is seated delivers it, the others ignore it.
NOTIFY payloads are limited to 8,000 bytes: an SDP offer of one audio and one video track is
3–6 kB, candidates are sent one by one; a larger message is dropped and logged (the call then
fails to connect and ends after its timeouts).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import select
import threading
from typing import Any

import psycopg2
import psycopg2.extensions

from server.services.signalling import Deliver

log = logging.getLogger(__name__)

CHANNEL = "lawpost_video"
MAX_PAYLOAD = 7900


class PostgresBroker:
    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._deliver: Deliver | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._publisher: Any = None
        self._lock = threading.Lock()

    def attach(self, deliver: Deliver) -> None:
        self._deliver = deliver

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Listen from now on (call inside the server's event loop, at start-up)."""
        self._loop = loop
        listener = psycopg2.connect(self._dsn)
        listener.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        with listener.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        self._publisher = psycopg2.connect(self._dsn)
        self._publisher.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        self._thread = threading.Thread(
            target=self._listen, args=(listener,), name="lawpost-notify", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._publisher is not None:
            with contextlib.suppress(Exception):
                self._publisher.close()

    def _listen(self, connection: Any) -> None:
        try:
            while not self._stop.is_set():
                if select.select([connection], [], [], 0.5) == ([], [], []):
                    continue
                connection.poll()
                while connection.notifies:
                    self._dispatch(connection.notifies.pop(0).payload)
        except Exception:
            log.exception("video signalling listener stopped")
        finally:
            with contextlib.suppress(Exception):
                connection.close()

    def _dispatch(self, payload: str) -> None:
        try:
            note = json.loads(payload)
            call_id, to_side, message = int(note["call"]), str(note["to"]), dict(note["message"])
        except (ValueError, KeyError, TypeError):
            return
        if self._loop is not None and self._deliver is not None:
            deliver = self._deliver
            asyncio.run_coroutine_threadsafe(deliver(call_id, to_side, message), self._loop)

    def _notify(self, payload: str) -> None:
        with self._lock, self._publisher.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))

    async def publish(self, call_id: int, to_side: str, message: dict[str, Any]) -> None:
        payload = json.dumps({"call": call_id, "to": to_side, "message": message}, separators=(",", ":"))
        if len(payload.encode("utf-8")) > MAX_PAYLOAD:
            log.warning("call %s: signalling message of %d bytes dropped", call_id, len(payload))
            return
        await asyncio.get_running_loop().run_in_executor(None, self._notify, payload)
