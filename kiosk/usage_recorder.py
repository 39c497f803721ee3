"""Queues anonymous usage events from the UI on one background thread with its own connection."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.storage.database import connect

log = logging.getLogger(__name__)


class UsageRecorder:
    """`record(event=..., ...)` returns at once; a single writer thread commits each event to the
    outbox (synchronous=FULL costs an fsync, which must never stall a touch)."""

    def __init__(self, database_path: Path, *, on_recorded: Any = None) -> None:
        self._path = database_path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lawpost-usage")
        self._local = threading.local()
        self._on_recorded = on_recorded
        self._closed = False

    def _db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = connect(self._path)
            self._local.db = db
        return db

    def record(self, **fields: Any) -> None:
        if self._closed:
            return
        self._executor.submit(self._write, fields)

    def _write(self, fields: dict[str, Any]) -> None:
        # Imported here, on the writer thread: the outbox's encryption stack is not needed to
        # draw the first frame.
        from kiosk.sync.usage import record_event

        try:
            record_event(self._db(), **fields)
        except Exception as exc:  # statistics must never take the kiosk down
            log.warning("usage event not recorded: %s", type(exc).__name__)
            return
        if self._on_recorded is not None:
            self._on_recorded()

    def flush(self) -> None:
        """Wait until every event recorded so far is committed."""
        self._executor.submit(lambda: None).result(timeout=30)

    def close(self) -> None:
        self._closed = True
        self._executor.submit(self._close_connection)
        self._executor.shutdown(wait=True)

    def _close_connection(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
