"""The kiosk API over HTTP (in process): enroll, 401s, ingest per-item codes, 413, heartbeat."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

from fastapi.testclient import TestClient
from server_helpers import FakeClock, app_context, seal, usage, wire_item
from sqlalchemy import select

from server.app import create_app
from server.models import Alert, Device
from server.services import devices, enrollment
from server.settings import ServerSettings


def _code(client: TestClient, *, hours: float = 1) -> str:
    context = app_context(client)
    with context.session_factory() as session:
        code, _ = enrollment.create_code(
            session, created_by="admin", now=context.clock(), ttl=timedelta(hours=hours)
        )
        session.commit()
    return code


def _enroll(client: TestClient) -> dict[str, str]:
    answer = client.post(
        "/api/v1/enroll", json={"code": _code(client), "kiosk_name": "示例镇", "app_version": "1.0"}
    )
    assert answer.status_code == 200
    body: dict[str, str] = answer.json()
    return body


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_enroll_returns_credentials_and_the_server_key(client: TestClient) -> None:
    body = _enroll(client)
    assert body["device_token"].startswith(body["device_id"] + ".")
    assert body["server_public_key"] == app_context(client).opener.public_key_b64
    assert body["heartbeat_interval_s"] == 30


def test_enroll_status_codes(client: TestClient, clock: FakeClock) -> None:
    unknown = client.post(
        "/api/v1/enroll", json={"code": "AAAA-BBBB-CCCC", "kiosk_name": "x", "app_version": "1"}
    )
    assert unknown.status_code == 400
    assert "unknown" in unknown.json()["detail"]
    code = _code(client)
    body = {"code": code, "kiosk_name": "x", "app_version": "1"}
    assert client.post("/api/v1/enroll", json=body).status_code == 200
    assert client.post("/api/v1/enroll", json=body).status_code == 410
    stale = {**body, "code": _code(client, hours=1)}
    clock.advance(hours=2)
    assert client.post("/api/v1/enroll", json=stale).status_code == 410


def test_requests_without_valid_credentials_get_401(client: TestClient) -> None:
    body = _enroll(client)
    batch = {"items": [usage("search", query="工资")]}
    assert client.post("/api/v1/ingest", json=batch).status_code == 401
    wrong = _auth(body["device_token"][:-2] + "zz")
    answer = client.post("/api/v1/ingest", json=batch, headers=wrong)
    assert answer.status_code == 401
    assert answer.json()["detail"].startswith("此设备未注册或已被停用")
    assert client.post("/api/v1/ingest", json=batch, headers=_auth(body["device_token"])).status_code == 200


def test_a_revoked_device_gets_401(client: TestClient) -> None:
    body = _enroll(client)
    context = app_context(client)
    with context.session_factory() as session:
        devices.revoke(session, device_id=body["device_id"], by="admin", now=context.clock())
        session.commit()
    beat = {
        "sent_at": "2026-03-02T02:00:00Z",
        "app_version": "1",
        "devices": {},
        "disk_free_mb": 9000,
        "outbox_depth": 0,
    }
    assert client.post("/api/v1/heartbeat", json=beat, headers=_auth(body["device_token"])).status_code == 401


def test_ingest_answers_each_item_in_order(client: TestClient) -> None:
    headers = _auth(_enroll(client)["device_token"])
    first = usage("search", query="工资")
    conflict = usage("search", query="离婚")
    conflict["id"] = first["id"]
    sealed = wire_item(
        kind="submission", sealed=seal({"name": "张三"}, app_context(client).opener.public_key_b64)
    )
    client.post("/api/v1/ingest", json={"items": [first]}, headers=headers)
    answer = client.post("/api/v1/ingest", json={"items": [sealed, first, conflict]}, headers=headers)
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [(r["id"], r["status"], r["code"]) for r in results] == [
        (sealed["id"], "created", 201),
        (first["id"], "duplicate", 200),
        (first["id"], "rejected", 422),
    ]
    assert results[2]["reason"]


def test_more_than_500_items_is_413(client: TestClient) -> None:
    headers = _auth(_enroll(client)["device_token"])
    items = [usage("screen_view", screen="home") for _ in range(501)]
    assert client.post("/api/v1/ingest", json={"items": items}, headers=headers).status_code == 413
    assert client.post("/api/v1/ingest", json={"items": items[:500]}, headers=headers).status_code == 200


def test_heartbeat_answers_server_time_and_offset(client: TestClient) -> None:
    beat = {
        "sent_at": "2026-03-02T01:59:50Z",
        "app_version": "1.0",
        "content_version": None,
        "devices": {"printer": "ok", "camera": "not_configured", "microphone": "ok", "speaker": "ok"},
        "disk_free_mb": 9000,
        "outbox_depth": 0,
        "oldest_pending_age_s": None,
        "last_sync_at": "2026-03-02T01:59:00Z",
    }
    enrolled = _enroll(client)
    headers = _auth(enrolled["device_token"])
    answer = client.post("/api/v1/heartbeat", json=beat, headers=headers)
    assert answer.status_code == 200
    assert answer.json() == {
        "server_time": "2026-03-02T02:00:00Z",
        "clock_offset_s": 10.0,
        "heartbeat_interval_s": 30,
        "server_public_key": enrolled["server_public_key"],
        # A kiosk in no group follows the stable content channel (docs/publishing.md).
        "update_channel": "stable",
        "update_group": "",
    }
    bad = client.post("/api/v1/heartbeat", json={**beat, "sent_at": "yesterday"}, headers=headers)
    assert bad.status_code == 422


def test_a_heartbeat_with_a_wrong_secret_is_401_and_changes_nothing(client: TestClient) -> None:
    """The device check is folded into the heartbeat's UPDATE: a right id with a wrong secret,
    a revoked device, or a bad body from a stranger must neither be answered nor write."""
    enrolled = _enroll(client)
    beat = {
        "sent_at": "2026-03-02T02:00:00Z",
        "app_version": "9.9",
        "devices": {},
        "disk_free_mb": 1,
        "outbox_depth": 5,
    }
    wrong = _auth(enrolled["device_id"] + ".not-the-secret")
    assert client.post("/api/v1/heartbeat", json=beat, headers=wrong).status_code == 401
    assert client.post("/api/v1/heartbeat", json={**beat, "sent_at": "x"}, headers=wrong).status_code == 401
    context = app_context(client)
    with context.session_factory() as session:
        device = session.get(Device, enrolled["device_id"])
        assert device is not None and device.last_beat_at is None and device.app_version == "1.0"
        assert session.scalars(select(Alert)).all() == []  # disk_free_mb=1 raised nothing
    right = _auth(enrolled["device_token"])
    assert client.post("/api/v1/heartbeat", json=beat, headers=right).status_code == 200
    with context.session_factory() as session:
        devices.revoke(session, device_id=enrolled["device_id"], by="admin", now=context.clock())
        session.commit()
    # Revoked between two beats: the very next one is refused (nothing cached in the process).
    assert client.post("/api/v1/heartbeat", json=beat, headers=right).status_code == 401


def test_a_stranger_hears_401_before_anything_about_its_body(client: TestClient) -> None:
    """Heartbeat and ingest check the device inside the route, after the body is validated; a
    bad token with a bad body must still be 401 (a kiosk re-enrolls on 401), a good one 422."""
    enrolled = _enroll(client)
    stranger = _auth("nobody.secret")
    for path, bad_body in (("/api/v1/heartbeat", {"sent_at": 5}), ("/api/v1/ingest", {"items": []})):
        answer = client.post(path, json=bad_body, headers=stranger)
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
        assert answer.json()["detail"].startswith("此设备未注册或已被停用")
        assert client.post(path, json=bad_body, headers=_auth(enrolled["device_token"])).status_code == 422


def test_a_payload_with_nan_is_rejected_not_a_server_error(client: TestClient) -> None:
    headers = {**_auth(_enroll(client)["device_token"]), "content-type": "application/json"}
    raw = (
        '{"items": [{"id": "n1", "kind": "usage_event", "created_at": "2026-03-02T01:00:00Z",'
        ' "hash": "00", "payload": {"event": "session_end", "duration_s": NaN},'
        ' "sealed": null}]}'
    )
    answer = client.post("/api/v1/ingest", content=raw, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["results"][0]["status"] == "rejected"


def test_a_body_above_the_limit_is_refused_before_it_is_read(
    sqlite_settings: ServerSettings, clock: FakeClock
) -> None:
    small = replace(sqlite_settings, max_request_mb=1)
    with TestClient(create_app(small, clock=clock)) as client:
        huge = b'{"items": [' + b" " * (2 * 1024 * 1024) + b"]}"
        answer = client.post("/api/v1/ingest", content=huge, headers={"content-type": "application/json"})
        assert answer.status_code == 413

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
            yield b'{"items": ['
            for _ in range(40):
                yield b" " * 65536
            yield b"]}"

        streamed = client.post(
            "/api/v1/ingest", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        assert client.get("/healthz").status_code == 200


def test_timestamps_at_the_edge_of_the_calendar_are_refused_not_server_errors(
    client: TestClient,
) -> None:
    # Found by fuzzing: converting year 1 or 9999 to UTC or to Beijing time overflowed (500).
    headers = _auth(_enroll(client)["device_token"])
    items = [
        wire_item(payload={"event": "search"}, created_at="0001-01-01T00:00:00+01:00"),
        wire_item(payload={"event": "search"}, created_at="9999-12-31T23:00:00Z"),
    ]
    answer = client.post("/api/v1/ingest", json={"items": items}, headers=headers)
    assert answer.status_code == 200
    assert [r["status"] for r in answer.json()["results"]] == ["rejected", "rejected"]
    beat = {
        "sent_at": "9999-12-31T23:59:59-05:00",
        "app_version": "1",
        "devices": {},
        "disk_free_mb": 9000,
        "outbox_depth": 0,
    }
    assert client.post("/api/v1/heartbeat", json=beat, headers=headers).status_code == 422
