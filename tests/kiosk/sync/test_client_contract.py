"""The sync client against the real server app over loopback: the wire contract, end to end."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlite_utils
from fault_proxy import GARBAGE, THROTTLE_429, TRUNCATE, FaultPlan, FaultProxy
from sync_helpers import enroll_with
from sync_server import LiveServer

from kiosk.sync import outbox
from kiosk.sync.client import (
    EnrollRefusedError,
    RequestRejectedError,
    SyncClient,
    TransientError,
    UnauthorizedError,
    enroll,
)
from kiosk.sync.enrollment import Secret, load_enrollment
from kiosk.sync.wire import HeartbeatRequest, Item, item_hash


@pytest.fixture
def client(kiosk_db: sqlite_utils.Database, live_server: LiveServer) -> Iterator[SyncClient]:
    enroll_with(kiosk_db, live_server)
    enrollment = load_enrollment(kiosk_db)
    assert enrollment is not None
    client = SyncClient(server_url=live_server.url, token=enrollment.device_token)
    yield client
    client.close()


def _queue(db: sqlite_utils.Database, count: int) -> list[Item]:
    with db.atomic():
        for n in range(count):
            outbox.enqueue(db, kind="test", payload={"n": n}, personal=False)
        outbox.enqueue(db, kind="submission", payload={"name": "王五", "n": count}, personal=True)
    return outbox.pending_batch(db, limit=1000)


def test_enroll_refuses_unknown_and_used_codes(live_server: LiveServer) -> None:
    with pytest.raises(EnrollRefusedError, match="注册码无效"):
        enroll(server_url=live_server.url, code="NO-SUCH-CODE", kiosk_name="k", app_version="0")
    code = live_server.new_code()
    enroll(server_url=live_server.url, code=code, kiosk_name="k", app_version="0")
    with pytest.raises(EnrollRefusedError, match="已被使用或已过期"):
        enroll(server_url=live_server.url, code=code, kiosk_name="k", app_version="0")


def test_created_then_duplicate_then_rejected_on_changed_content(
    kiosk_db: sqlite_utils.Database, client: SyncClient
) -> None:
    items = _queue(kiosk_db, 3)
    assert [r["status"] for r in client.ingest(items)] == ["created"] * 4
    assert [r["status"] for r in client.ingest(items)] == ["duplicate"] * 4
    changed = Item(**items[0])
    changed["payload"] = {"n": 999}
    changed["hash"] = item_hash(
        kind="test", created_at=items[0]["created_at"], payload={"n": 999}, sealed=None
    )
    (result,) = client.ingest([changed])
    assert result["status"] == "rejected"
    assert result["code"] == 422


def test_hash_mismatch_is_rejected_per_item(client: SyncClient) -> None:
    good = Item(id=str(uuid.uuid4()), kind="test", created_at="2026-11-27T10:00:00.000+00:00",
                hash="", payload={"a": 1}, sealed=None)
    good["hash"] = item_hash(kind="test", created_at=good["created_at"], payload={"a": 1},
                             sealed=None)
    bad = Item(**good)
    bad["id"] = str(uuid.uuid4())
    bad["hash"] = "0" * 64
    statuses = [r["status"] for r in client.ingest([good, bad])]
    assert statuses == ["created", "rejected"]


def test_wrong_token_is_unauthorized(live_server: LiveServer) -> None:
    stranger = SyncClient(server_url=live_server.url, token=Secret("nobody.secret"))
    with pytest.raises(UnauthorizedError, match="此设备未注册或已被停用"):
        stranger.ingest([])
    stranger.close()


def test_oversized_batch_is_refused_as_a_whole(
    kiosk_db: sqlite_utils.Database, client: SyncClient
) -> None:
    items = _queue(kiosk_db, 500)  # 501 items
    with pytest.raises(RequestRejectedError) as refused:
        client.ingest(items)
    assert refused.value.status == 413


def test_heartbeat_reports_clock_offset(client: SyncClient) -> None:
    answer = client.heartbeat(
        HeartbeatRequest(
            sent_at="2026-01-01T00:00:00+00:00",
            app_version="0.1.0",
            content_version=None,
            devices={"printer": "ok", "camera": "not_configured", "microphone": "ok",
                     "speaker": "ok"},
            disk_free_mb=50_000,
            disk_total_mb=100_000,
            outbox_depth=0,
            oldest_pending_age_s=None,
            last_sync_at=None,
        )
    )
    assert answer["clock_offset_s"] > 0  # the server's clock is far past 2026-01-01
    assert answer["heartbeat_interval_s"] == 30


@pytest.mark.parametrize("fault", [GARBAGE, TRUNCATE])
def test_mangled_answers_are_transient(
    kiosk_db: sqlite_utils.Database, live_server: LiveServer, fault: str
) -> None:
    enroll_with(kiosk_db, live_server)
    enrollment = load_enrollment(kiosk_db)
    assert enrollment is not None
    proxy = FaultProxy(upstream_port=live_server.port, plan=FaultPlan(weights={fault: 1.0}))
    proxy.start()
    client = SyncClient(server_url=proxy.url, token=enrollment.device_token)
    try:
        with pytest.raises(TransientError):
            client.ingest(_queue(kiosk_db, 2))
    finally:
        client.close()
        proxy.close()
    assert proxy.counts[fault] == 1


def test_throttled_answer_carries_retry_after(
    kiosk_db: sqlite_utils.Database, live_server: LiveServer
) -> None:
    enroll_with(kiosk_db, live_server)
    enrollment = load_enrollment(kiosk_db)
    assert enrollment is not None
    proxy = FaultProxy(
        upstream_port=live_server.port,
        plan=FaultPlan(weights={THROTTLE_429: 1.0}, retry_after_s=7),
    )
    proxy.start()
    client = SyncClient(server_url=proxy.url, token=enrollment.device_token)
    try:
        with pytest.raises(TransientError) as busy:
            client.ingest(_queue(kiosk_db, 1))
    finally:
        client.close()
        proxy.close()
    assert busy.value.retry_after_s == 7


def test_unreachable_server_is_transient() -> None:
    with socket_closed_port() as port:
        client = SyncClient(server_url=f"http://127.0.0.1:{port}", token=Secret("a.b"))
        with pytest.raises(TransientError, match="无法连接服务器"):
            client.ingest([])
        client.close()


class socket_closed_port:
    """A loopback port with nothing listening on it."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    def __exit__(self, *_exc: object) -> None:
        return None


def test_a_kiosk_disk_80_percent_full_reaches_the_server_as_an_alert(
    kiosk_db: sqlite_utils.Database, live_server: LiveServer
) -> None:
    from sqlalchemy import select

    from server.models import Alert

    device = enroll_with(kiosk_db, live_server)
    enrollment = load_enrollment(kiosk_db)
    assert enrollment is not None
    client = SyncClient(server_url=live_server.url, token=enrollment.device_token)
    try:
        client.heartbeat(
            HeartbeatRequest(
                sent_at=outbox.utc_now_text(), app_version="0.1.0", content_version=None,
                devices={"printer": "ok", "camera": "ok", "microphone": "ok", "speaker": "ok"},
                disk_free_mb=6_000, disk_total_mb=30_000, outbox_depth=0,
                oldest_pending_age_s=None, last_sync_at=None,
            )
        )
    finally:
        client.close()
    with live_server.context.session_factory() as session:
        alerts = session.scalars(select(Alert).where(Alert.device_id == device)).all()
    assert [(a.kind, a.message) for a in alerts] == [
        ("disk_low", "磁盘空间不足 (disk low): 6000 MB free, 80 % used")
    ]
