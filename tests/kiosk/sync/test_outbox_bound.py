"""The outbox cannot fill the disk: offline, the oldest anonymous usage events go first, and
nothing a visitor submitted (sealed items), no ticket and no rating is ever dropped."""

from __future__ import annotations

import logging
import random
import time
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from nacl.public import PrivateKey
from sync_helpers import FAST, enroll_locally

from kiosk.storage.transactions import write_transaction
from kiosk.sync import outbox
from kiosk.sync.usage import record_event
from kiosk.sync.worker import SyncWorker


def _queue_mixture(db: sqlite_utils.Database, key: PrivateKey, *, usage: int) -> None:
    """Interleaved: usage events, a sealed submission, a ticket event, a plain rating."""
    enroll_locally(db, key)  # an unreachable server: the kiosk is offline
    for n in range(usage):
        record_event(db, event="screen_view", screen=f"s{n}")
        if n % 50 == 0:
            with write_transaction(db):
                outbox.enqueue(db, kind="submission", payload={"name": "张三"}, personal=True)
                outbox.enqueue(db, kind="ticket_event", payload={"n": n}, personal=False)
                outbox.enqueue(db, kind="rating", payload={"rating": 5}, personal=False)


def _pending(db: sqlite_utils.Database) -> dict[str, int]:
    rows = db.execute(
        "select kind, count(*) from sync_outbox where state = 'pending' group by kind"
    ).fetchall()
    return {kind: count for kind, count in rows}


def test_oldest_usage_events_are_dropped_and_nothing_else(
    kiosk_db: sqlite_utils.Database, server_key: PrivateKey
) -> None:
    _queue_mixture(kiosk_db, server_key, usage=300)
    dropped = outbox.drop_oldest_usage(kiosk_db, keep=120)
    assert dropped == 180
    assert _pending(kiosk_db) == {"usage_event": 120, "submission": 6, "ticket_event": 6, "rating": 6}
    screens = [
        row[0] for row in kiosk_db.execute(
            "select json_extract(payload, '$.screen') from sync_outbox "
            "where kind = 'usage_event' order by seq"
        ).fetchall()
    ]
    assert screens == [f"s{n}" for n in range(180, 300)]  # the newest are kept
    assert outbox.drop_oldest_usage(kiosk_db, keep=120) == 0


def test_an_offline_worker_bounds_usage_events_and_logs_it(
    kiosk_db: sqlite_utils.Database, server_key: PrivateKey, caplog: pytest.LogCaptureFixture
) -> None:
    _queue_mixture(kiosk_db, server_key, usage=250)
    path = Path(kiosk_db.execute("pragma database_list").fetchone()[2])
    settings = replace(FAST, max_pending_usage_events=100)
    worker = SyncWorker(database_path=path, settings=settings, rng=random.Random(1))
    with caplog.at_level(logging.WARNING, logger="lawpost.sync"):
        worker.start()
        try:
            deadline = time.monotonic() + 10
            while _pending(kiosk_db).get("usage_event", 0) > 100 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            worker.stop()
    assert _pending(kiosk_db) == {"usage_event": 100, "submission": 5, "ticket_event": 5, "rating": 5}
    assert worker.usage_events_dropped == 150
    assert any("dropped the 150 oldest unsent usage events" in r.getMessage() for r in caplog.records)
