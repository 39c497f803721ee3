"""The server rotates its key: a kiosk adopts the new one from a heartbeat, and items it sealed to
the old key before it knew are still accepted (the server keeps the retired key)."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from fault_proxy import FaultPlan, FaultProxy
from sqlalchemy import select
from sync_helpers import FAST, enroll_with
from sync_server import start_server

from kiosk.sync import outbox
from kiosk.sync.enrollment import server_public_key
from kiosk.sync.worker import SyncWorker
from server.models import IngestItem
from server.services import submissions
from server.services.keys import rotate_key


def _until(check: object, what: str) -> None:
    deadline = time.monotonic() + 30  # only against hanging, never a timing
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def test_kiosk_adopts_a_rotated_key_and_nothing_sealed_before_is_lost(
    kiosk_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    data = tmp_path / "server"
    data.mkdir()
    first = start_server(data)
    # The kiosk talks to one address throughout; behind it the server restarts on another port.
    proxy = FaultProxy(upstream_port=first.port, plan=FaultPlan()).start()
    worker: SyncWorker | None = None
    second = None
    try:
        enroll_with(kiosk_db, first, url=proxy.url)
        old_key = server_public_key(kiosk_db)
        with kiosk_db.atomic():
            outbox.enqueue(kiosk_db, kind="submission", payload={"name": "申请人甲"}, personal=True)
        first.stop()
        rotate_key(first.context.settings.resolved_private_key_path, now=datetime.now(UTC))
        second = start_server(data)
        proxy.upstream_port = second.port
        database_path = Path(kiosk_db.execute("pragma database_list").fetchone()[2])
        worker = SyncWorker(database_path=database_path, settings=FAST, rng=random.Random(1))
        worker.start()
        _until(lambda: worker.status().sent_count == 1, "the old-key item was accepted")
        _until(lambda: server_public_key(kiosk_db) != old_key, "the kiosk adopted the new key")
        with kiosk_db.atomic():
            outbox.enqueue(kiosk_db, kind="submission", payload={"name": "申请人乙"}, personal=True)
        worker.notify()
        _until(lambda: worker.status().sent_count == 2, "the new-key item was accepted")
        assert worker.status().rejected_count == 0
        with second.context.session_factory() as session:
            rows = list(session.scalars(select(IngestItem).order_by(IngestItem.id)))
            names = [
                opened.fields.get("name")
                for row in rows
                if (opened := submissions.open_item(session, pk=row.id, opener=second.context.opener))
            ]
        assert names == ["申请人甲", "申请人乙"]
    finally:
        if worker is not None:
            worker.stop()
        proxy.close()
        if second is not None:
            second.stop()
        first.stop()
