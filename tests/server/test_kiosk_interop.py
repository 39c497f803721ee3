"""The kiosk's own sync client and outbox against the real server over loopback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from live_server import serving
from sqlalchemy import select

from kiosk.storage.database import open_database
from kiosk.storage.transactions import write_transaction
from kiosk.sync import outbox, usage
from kiosk.sync.client import EnrollRefusedError, SyncClient, UnauthorizedError, enroll
from kiosk.sync.enrollment import Secret, save_enrollment
from server.app import create_app
from server.context import ServerContext
from server.models import IngestItem, UsageEvent
from server.services import devices, enrollment
from server.settings import ServerSettings


@pytest.fixture
def live(sqlite_settings: ServerSettings) -> Iterator[tuple[str, ServerContext]]:
    app = create_app(sqlite_settings)
    with serving(app) as url:
        yield url, app.state.context


def test_a_kiosk_enrolls_queues_and_syncs_exactly_once(
    live: tuple[str, ServerContext], tmp_path: Path
) -> None:
    url, context = live
    with context.session_factory() as session:
        code, _ = enrollment.create_code(session, created_by="t", now=context.clock(), ttl=timedelta(hours=1))
        session.commit()
    answer = enroll(server_url=url, code=code, kiosk_name="互通测试机", app_version="1.0")
    with pytest.raises(EnrollRefusedError):
        enroll(server_url=url, code=code, kiosk_name="again", app_version="1.0")

    db = open_database(tmp_path / "kiosk")
    save_enrollment(db, server_url=url, kiosk_name="互通测试机", answer=answer)
    usage.record_event(db, event="search", query="我叫张三 欠工资 13812345678", topic="labour")
    with write_transaction(db):
        outbox.enqueue(db, kind="submission", payload={"姓名": "张三", "事项": "法律援助"}, personal=True)
    batch = outbox.pending_batch(db, limit=100)
    client = SyncClient(server_url=url, token=Secret(answer["device_token"]))
    try:
        first = client.ingest(batch)
        again = client.ingest(batch)
    finally:
        client.close()
    assert [r["status"] for r in first] == ["created", "created"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    with context.session_factory() as session:
        assert len(session.scalars(select(IngestItem)).all()) == 2
        event = session.scalars(select(UsageEvent)).one()
        assert event.query is not None
        assert "张三" not in event.query
        assert "13812345678" not in event.query


def test_a_revoked_kiosk_is_told_it_is_unauthorized(live: tuple[str, ServerContext]) -> None:
    url, context = live
    with context.session_factory() as session:
        code, _ = enrollment.create_code(session, created_by="t", now=context.clock(), ttl=timedelta(hours=1))
        session.commit()
    answer = enroll(server_url=url, code=code, kiosk_name="停用测试机", app_version="1.0")
    with context.session_factory() as session:
        devices.revoke(session, device_id=answer["device_id"], by="t", now=context.clock())
        session.commit()
    client = SyncClient(server_url=url, token=Secret(answer["device_token"]))
    try:
        with pytest.raises(UnauthorizedError):
            client.heartbeat(
                {
                    "sent_at": "2026-03-02T02:00:00Z",
                    "app_version": "1",
                    "content_version": None,
                    "devices": {"printer": "ok", "camera": "ok", "microphone": "ok", "speaker": "ok"},
                    "disk_free_mb": 9000,
                    "outbox_depth": 0,
                    "oldest_pending_age_s": None,
                    "last_sync_at": None,
                }
            )
    finally:
        client.close()
