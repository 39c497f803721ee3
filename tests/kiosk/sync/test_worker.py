"""The sync worker thread against the real server: drains, heartbeats, halts on 401, backs off."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from fault_proxy import THROTTLE_429, FaultPlan, FaultProxy
from sqlalchemy import func, select
from sync_helpers import FAST, enroll_with
from sync_server import LiveServer

from kiosk.config import SyncSettings
from kiosk.storage.database import DATABASE_FILE
from kiosk.sync import outbox
from kiosk.sync.usage import record_event
from kiosk.sync.worker import Backoff, SyncStatus, SyncWorker
from server.models import Device, IngestItem, UsageEvent


def wait_for(worker: SyncWorker, check: Callable[[SyncStatus], bool]) -> SyncStatus:
    """Poll the status until `check` holds (a deadline only against hanging, never a timing)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = worker.status()
        if check(status):
            return status
        time.sleep(0.02)
    raise AssertionError(f"condition never held; last status {worker.status()}")


@pytest.fixture
def kiosk_path(kiosk_db: sqlite_utils.Database) -> Path:
    return Path(kiosk_db.execute("pragma database_list").fetchone()[2])


@pytest.fixture
def worker_factory(kiosk_path: Path) -> Iterator[Callable[..., SyncWorker]]:
    started: list[SyncWorker] = []

    def make(settings: SyncSettings = FAST) -> SyncWorker:
        worker = SyncWorker(database_path=kiosk_path, settings=settings, rng=random.Random(1))
        worker.start()
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.stop()


def _server_count(
    server: LiveServer, model: type[IngestItem] | type[UsageEvent], device: str
) -> int:
    with server.context.session_factory() as session:
        query = select(func.count()).select_from(model).where(model.device_id == device)
        return int(session.scalar(query) or 0)


def test_worker_drains_everything_exactly_once(
    kiosk_db: sqlite_utils.Database,
    live_server: LiveServer,
    worker_factory: Callable[..., SyncWorker],
) -> None:
    device = enroll_with(kiosk_db, live_server)
    with kiosk_db.atomic():
        for n in range(60):
            outbox.enqueue(kiosk_db, kind="test", payload={"n": n}, personal=False)
        for n in range(20):
            outbox.enqueue(
                kiosk_db, kind="submission", payload={"name": f"申请人{n}"}, personal=True
            )
    for _ in range(20):
        record_event(kiosk_db, event="search", query="工伤 电话13812345678", lang="zh_CN")
    worker = worker_factory()
    status = wait_for(worker, lambda s: s.outbox_depth == 0 and s.sent_count == 100)
    assert status.enrolled
    assert status.device_id == device
    assert status.last_success_at is not None
    assert status.last_error is None
    assert status.rejected_count == 0
    assert status.clock_offset_s is not None
    assert abs(status.clock_offset_s) < 60  # same machine, same clock
    assert _server_count(live_server, IngestItem, device) == 100
    assert _server_count(live_server, UsageEvent, device) == 20
    with live_server.context.session_factory() as session:
        beat = session.get(Device, device)
        assert beat is not None
        assert beat.last_beat_at is not None
        query = select(UsageEvent.query).where(UsageEvent.device_id == device)
        queries = set(session.scalars(query))
    assert queries == {"工伤 电话〔电话〕"}


def test_idle_worker_prunes_old_tombstones(
    kiosk_db: sqlite_utils.Database,
    live_server: LiveServer,
    worker_factory: Callable[..., SyncWorker],
) -> None:
    enroll_with(kiosk_db, live_server)
    with kiosk_db.atomic():
        old = outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    # A tombstone acknowledged months ago, as a kiosk in service for a year would have.
    kiosk_db.execute(
        "update sync_outbox set state = 'sent', payload = null, acked_at = '2026-01-01T00:00:00.000+00:00' "
        "where id = ?",
        [old],
    )
    kiosk_db.conn.commit()
    worker = worker_factory(replace(FAST, tombstone_days=90))
    wait_for(worker, lambda s: s.last_success_at is not None and s.sent_count == 0)
    assert kiosk_db.execute("select count(*) from sync_outbox").fetchone()[0] == 0


def test_new_items_are_sent_when_notified(
    kiosk_db: sqlite_utils.Database,
    live_server: LiveServer,
    worker_factory: Callable[..., SyncWorker],
) -> None:
    enroll_with(kiosk_db, live_server)
    worker = worker_factory(replace(FAST, heartbeat_interval_s=3600))
    wait_for(worker, lambda s: s.last_success_at is not None)
    record_event(kiosk_db, event="screen_view", screen="home")
    worker.notify()
    wait_for(worker, lambda s: s.sent_count == 1)


def test_revoked_device_halts_and_keeps_the_queue(
    kiosk_db: sqlite_utils.Database,
    live_server: LiveServer,
    worker_factory: Callable[..., SyncWorker],
) -> None:
    device = enroll_with(kiosk_db, live_server)
    live_server.revoke(device)
    with kiosk_db.atomic():
        for n in range(5):
            outbox.enqueue(kiosk_db, kind="test", payload={"n": n}, personal=False)
    worker = worker_factory()
    status = wait_for(worker, lambda s: s.halted)
    assert status.last_error is not None
    assert "此设备未注册或已被停用" in status.last_error
    assert status.outbox_depth == 5
    assert outbox.stats(kiosk_db).depth == 5
    # Nothing is tried while halted: the server sees no further request from the old token.
    worker.notify()
    time.sleep(0.2)
    assert worker.status().halted
    # A technician enrolls the kiosk again (`lawpost enroll --force`): the queue goes out.
    enroll_with(kiosk_db, live_server)
    worker.notify()
    status = wait_for(worker, lambda s: s.outbox_depth == 0)
    assert not status.halted
    assert status.last_error is None


def test_throttled_worker_waits_retry_after_then_recovers(
    kiosk_db: sqlite_utils.Database,
    live_server: LiveServer,
    worker_factory: Callable[..., SyncWorker],
) -> None:
    plan = FaultPlan(weights={THROTTLE_429: 1.0}, retry_after_s=120)
    proxy = FaultProxy(upstream_port=live_server.port, plan=plan).start()
    try:
        enroll_with(kiosk_db, live_server, url=proxy.url)
        with kiosk_db.atomic():
            outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
        worker = worker_factory()
        status = wait_for(worker, lambda s: s.retry_in_s is not None)
        assert status.retry_in_s == 120  # Retry-After, not the 0.2 s backoff cap
        assert status.last_error is not None
        assert "429" in status.last_error
        assert status.outbox_depth == 1
        worker.notify()  # new work does not cut a server-mandated wait short
        time.sleep(0.3)
        assert worker.status().outbox_depth == 1
        plan.weights = {}  # the server is fine again
        worker.sync_now()  # the technician's button does
        status = wait_for(worker, lambda s: s.outbox_depth == 0)
        assert status.last_error is None
        assert status.retry_in_s is None
    finally:
        proxy.close()


def test_item_refused_as_a_whole_request_is_set_aside_alone(
    kiosk_db: sqlite_utils.Database,
    live_server: LiveServer,
    worker_factory: Callable[..., SyncWorker],
) -> None:
    enroll_with(kiosk_db, live_server)
    with kiosk_db.atomic():
        for n in range(9):
            outbox.enqueue(kiosk_db, kind="test", payload={"n": n}, personal=False)
        # A row no current server accepts (kind longer than 32 characters): the server answers
        # 422 for the whole batch, the worker splits the batch until the row is alone.
        kiosk_db.execute(
            "insert into sync_outbox (id, kind, created_at, hash, payload) values "
            "('odd-one', ?, '2026-11-27T00:00:00.000+00:00', 'x', '{}')",
            ["k" * 40],
        )
    worker = worker_factory()
    status = wait_for(worker, lambda s: s.sent_count == 9 and s.rejected_count == 1)
    assert status.outbox_depth == 0
    assert status.rejected_count == 1
    (aside,) = outbox.rejected_items(kiosk_db)
    assert aside.id == "odd-one"
    assert aside.code == 422


def test_unenrolled_worker_waits_quietly(worker_factory: Callable[..., SyncWorker]) -> None:
    worker = worker_factory()
    time.sleep(0.2)
    status = worker.status()
    assert not status.enrolled
    assert status.last_error is None


def test_full_jitter_backoff_grows_to_the_cap_and_resets() -> None:
    backoff = Backoff(base_s=1.0, cap_s=900.0, rng=random.Random(7))
    ceilings = [min(900.0, 2.0**n) for n in range(15)]
    draws = [backoff.next_delay() for _ in ceilings]
    assert all(0 <= d <= c for d, c in zip(draws, ceilings, strict=True))
    assert max(draws[10:]) > 100  # reaches well into the capped range
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_database_file_name_is_the_kiosk_one(kiosk_path: Path) -> None:
    assert kiosk_path.name == DATABASE_FILE


def test_sync_settings_out_of_range_are_refused(tmp_path: Path) -> None:
    from kiosk.config import ConfigError, load_settings

    config = tmp_path / "bad.toml"
    config.write_text("[sync]\nbatch_size = 501\nbackoff_base_s = 2.0\nbackoff_cap_s = 1.0\n")
    with pytest.raises(ConfigError, match=r"sync.batch_size.*backoff_cap_s"):
        load_settings(config)


def test_backoff_resets_when_the_network_returns(
    kiosk_db: sqlite_utils.Database, kiosk_path: Path, live_server: LiveServer
) -> None:
    enroll_with(kiosk_db, live_server, url="http://127.0.0.1:9")  # nothing listens there
    with kiosk_db.atomic():
        outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    worker = SyncWorker(database_path=kiosk_path, settings=FAST, rng=random.Random(3))
    for attempt in range(1, 5):
        _delay, failing = worker.cycle(kiosk_db)
        assert failing
        assert worker.status().failures_in_a_row == attempt
    assert outbox.stats(kiosk_db).depth == 1  # nothing dropped while failing
    enroll_with(kiosk_db, live_server)  # the network is back
    _delay, failing = worker.cycle(kiosk_db)
    assert not failing
    assert worker.status().failures_in_a_row == 0
    assert outbox.stats(kiosk_db).depth == 0
