"""Attacks on the server's edges, replayed as found: forged addresses and Host names, malformed
input that made 500s, enrollment-code guessing, and a kiosk filling the staff inbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import serving
from server_helpers import (
    CHEAP_ARGON2,
    FakeClock,
    app_context,
    create_user,
    csrf_from,
    enroll_device,
    login,
    wire_item,
)
from sqlalchemy import func, select

from server.app import create_app
from server.edge import forwarded_client, parse_networks
from server.models import AuditEntry, IngestItem
from server.services import enrollment
from server.settings import ServerSettings


def _audit(client: TestClient, action: str) -> list[AuditEntry]:
    with app_context(client).session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _live_login_spray(url: str, *, attempts: int, forwarded: str) -> list[int]:
    statuses = []
    with httpx.Client(base_url=url, timeout=30) as browser:
        page = browser.get("/console/login")
        token = csrf_from(page.text)
        for number in range(attempts):
            answer = browser.post(
                "/console/login",
                data={"username": f"user{number}", "password": "Guess-2026-x", "csrf_token": token},
                # A new forged address each time: the trick that walked around the limit.
                headers={"X-Forwarded-For": f"{forwarded}{number}"},
            )
            statuses.append(answer.status_code)
            token = csrf_from(answer.text)
    return statuses


# --- 3. X-Forwarded-For ----------------------------------------------------------------------------


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    app = create_app(ServerSettings(data_dir=tmp_path / "server", **CHEAP_ARGON2))
    with serving(app) as url, TestClient(app) as local:
        yield url, local


def test_a_forged_forwarded_address_neither_hides_nor_escapes_the_limit(
    live_app: tuple[str, TestClient],
) -> None:
    url, local = live_app
    statuses = _live_login_spray(url, attempts=25, forwarded="203.0.113.")
    assert statuses == [401] * 20 + [429] * 5
    addresses = {entry.ip for entry in _audit(local, "login.bad_credentials")}
    assert addresses == {"127.0.0.1"}


def test_a_configured_proxy_is_believed(tmp_path: Path) -> None:
    settings = ServerSettings(data_dir=tmp_path / "server", trusted_proxies=("127.0.0.1",), **CHEAP_ARGON2)
    app = create_app(settings)
    with serving(app) as url, TestClient(app) as local:
        assert _live_login_spray(url, attempts=3, forwarded="203.0.113.") == [401] * 3
        addresses = sorted(entry.ip for entry in _audit(local, "login.bad_credentials"))
    assert addresses == ["203.0.113.0", "203.0.113.1", "203.0.113.2"]


def test_only_hops_appended_by_our_proxies_are_believed() -> None:
    proxies = parse_networks(["10.0.0.0/8", "127.0.0.1"])
    # The client wrote "1.2.3.4" itself; nginx appended the real address it saw.
    assert forwarded_client("127.0.0.1", "1.2.3.4, 198.51.100.7", proxies) == "198.51.100.7"
    assert forwarded_client("127.0.0.1", "198.51.100.7, 10.1.2.3", proxies) == "198.51.100.7"
    assert forwarded_client("198.51.100.7", "1.2.3.4", proxies) == "198.51.100.7"
    assert forwarded_client("127.0.0.1", "not-an-address", proxies) == "127.0.0.1"
    with pytest.raises(ValueError, match="trusted_proxies"):
        parse_networks(["nginx.local"])


# --- 7. malformed input answers 4xx ----------------------------------------------------------------


def test_a_lone_surrogate_in_json_is_a_422_not_a_500(client: TestClient) -> None:
    context = app_context(client)
    _, token = enroll_device(context)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    bodies = {
        "/api/v1/enroll": '{"code": "\\ud800", "kiosk_name": "x", "app_version": "1"}',
        "/api/v1/heartbeat": '{"sent_at": "\\ud800", "app_version": "1", "devices": {}, '
        '"disk_free_mb": 1, "outbox_depth": 0}',
        "/api/v1/ingest": '{"items": [{"id": "\\udfff", "kind": "test", "created_at": "x", "hash": "h"}]}',
    }
    deep = (
        '{"items": [{"id": "1", "kind": "test", "created_at": "x", "hash": "h",'
        ' "payload": {"a": ["\\ud800"]}}]}'
    )
    assert client.post("/api/v1/ingest", content=deep.encode(), headers=auth).status_code == 422
    for path, body in bodies.items():
        answer = client.post(path, content=body.encode("ascii"), headers=auth)
        assert answer.status_code == 422, path
        assert "\\ud800" not in answer.text and "input" not in answer.json()["detail"][0]
    # A valid code with a surrogate in the kiosk name: refused before it reaches the database.
    with context.session_factory() as session:
        code, _ = enrollment.create_code(session, created_by="t", ttl=timedelta(hours=1), now=context.clock())
        session.commit()
    body = f'{{"code": "{code}", "kiosk_name": "\\ud800", "app_version": "1"}}'
    assert client.post("/api/v1/enroll", content=body.encode(), headers=auth).status_code == 422


def test_a_surrogate_in_an_extra_peripheral_is_refused(client: TestClient) -> None:
    _, token = enroll_device(app_context(client))
    body = (
        '{"sent_at": "2026-03-02T02:00:00Z", "app_version": "1", "disk_free_mb": 1, "outbox_depth": 0,'
        ' "devices": {"printer": "ok", "id_reader": "\\ud800"}}'
    )
    answer = client.post(
        "/api/v1/heartbeat",
        content=body.encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert answer.status_code < 500


def test_ids_in_console_paths_beyond_64_bits_are_4xx(client: TestClient) -> None:
    create_user(app_context(client))
    login(client)
    token = csrf_from(client.get("/console/codes").text)
    for bad in (str(2**64), str(2**70), "-1", "0", "1e3", "x"):
        _bad_ids_are_4xx(client, bad, token)


def _bad_ids_are_4xx(client: TestClient, bad: str, token: str) -> None:
    for method, path in [
        ("GET", f"/console/inbox/{bad}"),
        ("POST", f"/console/inbox/{bad}/handled"),
        ("POST", f"/console/users/{bad}/unlock"),
        ("POST", f"/console/codes/{bad}/expire"),
        ("POST", f"/console/alerts/{bad}/clear"),
    ]:
        answer = client.request(method, path, data={"csrf_token": token}, follow_redirects=False)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)
    for path in (f"/console/inbox?page={bad}", f"/console/fleet?page={bad}", f"/console/audit?page={bad}"):
        assert client.get(path, follow_redirects=False).status_code < 500, path


# --- 8. Host header -----------------------------------------------------------------------------


def test_an_unknown_host_is_refused_and_redirects_are_relative(client: TestClient) -> None:
    answer = client.get("/console", headers={"Host": "evil.example"}, follow_redirects=False)
    assert answer.status_code == 400
    create_user(app_context(client))
    login(client)
    for path in ("/", "/console", "/console/"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code in (303, 307), path
        assert answer.headers["location"].startswith("/console/"), path


def test_the_public_origin_host_is_accepted(tmp_path: Path) -> None:
    settings = ServerSettings(
        data_dir=tmp_path / "server", public_origin="https://lawpost.example.gov.cn:8443"
    )
    with TestClient(create_app(settings)) as browser:
        assert browser.get("/healthz", headers={"Host": "lawpost.example.gov.cn:8443"}).status_code == 200
        assert browser.get("/healthz", headers={"Host": "[::1]:8000"}).status_code == 200
        assert (
            browser.get("/healthz", headers={"Host": "lawpost.example.gov.cn.evil.example"}).status_code
            == 400
        )
        assert browser.get("/healthz", headers={"Host": ""}).status_code == 400


# --- 9. enrollment codes, inbox items ----------------------------------------------------------------


def test_guessing_enrollment_codes_is_throttled_and_audited(client: TestClient, clock: FakeClock) -> None:
    guess = {"code": "AAAA-BBBB-CCCC", "kiosk_name": "x", "app_version": "1"}
    statuses = [client.post("/api/v1/enroll", json=guess).status_code for _ in range(40)]
    assert statuses == [400] * 10 + [429] * 30
    assert len(_audit(client, "device.enroll_refused")) == 1  # thinned out: one a minute
    assert len(_audit(client, "device.enroll_throttled")) == 1
    context = app_context(client)
    with context.session_factory() as session:
        code, _ = enrollment.create_code(session, created_by="t", ttl=timedelta(hours=1), now=context.clock())
        session.commit()
    assert client.post("/api/v1/enroll", json={**guess, "code": code}).status_code == 429
    clock.advance(minutes=15, seconds=1)
    assert client.post("/api/v1/enroll", json={**guess, "code": code}).status_code == 200


def _ingest(client: TestClient, token: str, items: list[dict[str, object]]) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    answer: httpx.Response = client.post("/api/v1/ingest", json={"items": items}, headers=headers)
    return answer


def test_only_known_kinds_reach_the_inbox_and_ratings_must_be_sealed(client: TestClient) -> None:
    _, token = enroll_device(app_context(client))
    answer = _ingest(
        client,
        token,
        [
            wire_item(kind="invoice", payload={"text": "<b>pay now</b>"}),
            wire_item(kind="rating", payload={"level": 5, "comment": "张三 13800000000"}),
        ],
    )
    assert [r["status"] for r in answer.json()["results"]] == ["rejected", "rejected"]
    assert "unknown kind" in answer.json()["results"][0]["reason"]
    assert "sealed" in answer.json()["results"][1]["reason"]


def test_one_kiosk_cannot_bury_the_inbox(client: TestClient, clock: FakeClock) -> None:
    context = app_context(client)
    _, token = enroll_device(context)
    limit = context.settings.max_inbox_items_per_device_hour
    assert (
        _ingest(client, token, [wire_item(kind="test", payload={"n": n}) for n in range(limit)]).status_code
        == 200
    )
    over = _ingest(client, token, [wire_item(kind="test", payload={"n": "one more"})])
    assert over.status_code == 429
    assert over.headers["retry-after"]
    # Usage and queue events are not inbox items and still flow, however many a busy hall sends.
    usage = wire_item(payload={"event": "screen_view", "screen": "home"})
    assert _ingest(client, token, [usage]).json()["results"][0]["status"] == "created"
    tickets = [
        wire_item(kind="queue_event", payload={
            "event": "issued", "service": "A", "number": f"A{n:03d}", "day": "2026-03-02",
            "at": "2026-03-02T01:30:00Z"})
        for n in range(1, limit + 2)
    ]
    assert _ingest(client, token, tickets).status_code == 200
    with context.session_factory() as session:
        stored = session.scalar(select(func.count()).select_from(IngestItem).where(IngestItem.kind == "test"))
    assert stored == limit
    clock.advance(hours=1, seconds=1)
    assert _ingest(client, token, [wire_item(kind="test", payload={"n": "later"})]).status_code == 200


def test_a_request_that_cannot_get_a_connection_is_503_not_500(client: TestClient) -> None:
    context = app_context(client)
    _, token = enroll_device(context)
    pool = context.engine.pool
    pool._timeout = 0.2  # type: ignore[attr-defined]  # 30 s in production
    beat = {
        "sent_at": "2026-03-02T02:00:00Z",
        "app_version": "1",
        "devices": {},
        "disk_free_mb": 1,
        "outbox_depth": 0,
    }
    with context.engine.connect():  # SQLite's only pooled connection, held by someone else
        answer = client.post("/api/v1/heartbeat", json=beat, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "10"
    assert (
        client.post("/api/v1/heartbeat", json=beat, headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
