"""Heartbeats: latest state, clock offset, offline after missed beats, alerts until cleared."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from server_helpers import FakeClock, enroll_device
from sqlalchemy import select

from server.context import ServerContext
from server.models import Alert, Device
from server.schemas import HeartbeatRequest, HeartbeatResponse
from server.services import alerts, devices, heartbeat


def _beat(context: ServerContext, device_id: str, **changes: Any) -> HeartbeatResponse:
    body: dict[str, Any] = {
        "sent_at": (context.clock() - timedelta(seconds=2)).isoformat(),
        "app_version": "1.2.0",
        "content_version": "2026.03",
        "devices": {"printer": "ok", "camera": "ok", "microphone": "ok", "speaker": "ok"},
        "disk_free_mb": 50_000,
        "outbox_depth": 0,
        "oldest_pending_age_s": None,
        "last_sync_at": None,
    }
    body.update(changes)
    with context.session_factory() as session:
        device = session.get(Device, device_id)
        assert device is not None
        answer = heartbeat.record(
            session,
            device=device,
            beat=HeartbeatRequest(**body),
            now=context.clock(),
            settings=context.settings,
            server_public_key=context.opener.public_key_b64,
        )
        session.commit()
        return answer


def _open_alerts(context: ServerContext) -> dict[str, Alert]:
    with context.session_factory() as session:
        rows = session.scalars(select(Alert).where(Alert.cleared_at.is_(None)))
        return {row.kind: row for row in rows}


def _status(context: ServerContext, device_id: str) -> str:
    with context.session_factory() as session:
        offline_after = timedelta(seconds=context.settings.offline_after_s)
        rows = devices.fleet(session, now=context.clock(), offline_after=offline_after)
        return next(row.status for row in rows if row.device.id == device_id)


def test_a_beat_records_state_and_the_clock_offset(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    answer = _beat(context, device.id, outbox_depth=7)
    assert answer.clock_offset_s == 2.0
    assert answer.heartbeat_interval_s == 30
    with context.session_factory() as session:
        stored = session.get(Device, device.id)
        assert stored is not None
        assert stored.app_version == "1.2.0"
        assert stored.content_version == "2026.03"
        assert stored.outbox_depth == 7
        assert stored.last_beat_at == context.clock()


def test_a_kiosk_that_missed_three_beats_is_offline(context: ServerContext, clock: FakeClock) -> None:
    device, _ = enroll_device(context)
    assert _status(context, device.id) == "never"
    _beat(context, device.id)
    clock.advance(seconds=89)
    assert _status(context, device.id) == "online"
    clock.advance(seconds=2)
    assert _status(context, device.id) == "offline"
    _beat(context, device.id)
    assert _status(context, device.id) == "online"


def test_problems_raise_alerts(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    _beat(
        context,
        device.id,
        devices={"printer": "no_paper", "camera": "error", "microphone": "ok", "speaker": "ok"},
        disk_free_mb=800,
        outbox_depth=40,
        oldest_pending_age_s=7200,
    )
    assert set(_open_alerts(context)) == {
        "printer_no_paper",
        "camera_error",
        "disk_low",
        "outbox_stuck",
    }


def test_a_fixed_problem_stays_listed_as_resolved_until_cleared(
    context: ServerContext, clock: FakeClock
) -> None:
    device, _ = enroll_device(context)
    _beat(context, device.id, devices={"printer": "no_paper"})
    clock.advance(seconds=30)
    _beat(context, device.id)
    alert = _open_alerts(context)["printer_no_paper"]
    assert alert.resolved_at == context.clock()
    with context.session_factory() as session:
        alerts.clear(session, alert_id=alert.id, by="tech", now=context.clock())
        session.commit()
    assert _open_alerts(context) == {}


def test_a_problem_that_continues_keeps_one_alert(context: ServerContext, clock: FakeClock) -> None:
    device, _ = enroll_device(context)
    for _ in range(3):
        _beat(context, device.id, disk_free_mb=100)
        clock.advance(seconds=30)
    with context.session_factory() as session:
        assert len(list(session.scalars(select(Alert)))) == 1


def test_a_problem_after_clearing_raises_a_new_alert(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    _beat(context, device.id, disk_free_mb=100)
    first = _open_alerts(context)["disk_low"]
    with context.session_factory() as session:
        alerts.clear(session, alert_id=first.id, by="tech", now=context.clock())
        session.commit()
    _beat(context, device.id, disk_free_mb=100)
    assert _open_alerts(context)["disk_low"].id != first.id


def test_a_far_off_clock_raises_an_alert(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    answer = _beat(context, device.id, sent_at=(context.clock() - timedelta(minutes=10)).isoformat())
    assert answer.clock_offset_s == 600.0
    assert "clock_skew" in _open_alerts(context)


def test_a_disk_80_percent_full_raises_disk_low_and_an_old_kiosk_is_judged_by_mb(
    context: ServerContext,
) -> None:
    device, _ = enroll_device(context)
    _beat(context, device.id, disk_free_mb=20_500, disk_total_mb=100_000)  # 79.5 % used
    assert "disk_low" not in _open_alerts(context)
    _beat(context, device.id, disk_free_mb=20_000, disk_total_mb=100_000)
    assert _open_alerts(context)["disk_low"].message == "磁盘空间不足 (disk low): 20000 MB free, 80 % used"
    old, _ = enroll_device(context, name="旧机")
    _beat(context, old.id, disk_free_mb=5_000)  # no disk_total_mb: only the 1 GB rule applies
    with context.session_factory() as session:
        kinds = session.scalars(select(Alert.kind).where(Alert.device_id == old.id)).all()
    assert kinds == []
