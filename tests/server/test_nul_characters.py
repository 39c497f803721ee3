"""NUL characters (which PostgreSQL cannot store in text) are refused or removed, never a 5xx."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from server_helpers import create_user, csrf_from, login

from kiosk.sync.wire import item_hash
from server.app import create_app
from server.services import enrollment
from server.settings import ServerSettings


def test_nul_characters_anywhere_never_cause_a_server_error(settings: ServerSettings) -> None:
    app = create_app(settings)
    context = app.state.context
    with TestClient(app) as client:
        with context.session_factory() as session:
            code, _ = enrollment.create_code(
                session, created_by="t", now=context.clock(), ttl=timedelta(hours=1)
            )
            session.commit()
        bad_enroll = client.post(
            "/api/v1/enroll", json={"code": code, "kiosk_name": "a\x00b", "app_version": "1"}
        )
        assert bad_enroll.status_code == 422
        token = client.post(
            "/api/v1/enroll", json={"code": code, "kiosk_name": "ok", "app_version": "1"}
        ).json()["device_token"]
        headers = {"Authorization": f"Bearer {token}"}
        beat = {
            "sent_at": "2026-03-02T02:00:00Z",
            "app_version": "1\x00",
            "devices": {},
            "disk_free_mb": 1,
            "outbox_depth": 0,
        }
        assert client.post("/api/v1/heartbeat", json=beat, headers=headers).status_code == 422
        item = {
            "id": "x\x00",
            "kind": "usage_event",
            "created_at": "2026-03-02T02:00:00Z",
            "hash": "0",
            "payload": {"event": "search"},
            "sealed": None,
        }
        assert client.post("/api/v1/ingest", json={"items": [item]}, headers=headers).status_code == 422
        payload = {"event": "search", "query": "工资\x00", "topic": "la\x00bour"}
        created_at = "2026-03-02T02:00:00Z"
        good = {
            "id": "y",
            "kind": "usage_event",
            "created_at": created_at,
            "hash": item_hash(kind="usage_event", created_at=created_at, payload=payload, sealed=None),
            "payload": payload,
            "sealed": None,
        }
        answer = client.post("/api/v1/ingest", json={"items": [good]}, headers=headers)
        assert answer.status_code == 200
        assert answer.json()["results"][0]["status"] == "created"
        bad_token = {"Authorization": "Bearer a\x00.b"}
        assert client.post("/api/v1/heartbeat", json=beat, headers=bad_token).status_code in (401, 422)
        create_user(context)
        page = client.get("/console/login")
        answer = client.post(
            "/console/login",
            data={"username": "ad\x00min", "password": "x", "csrf_token": csrf_from(page.text)},
        )
        assert answer.status_code == 401
        login(client)
        assert client.get("/console/stats?kiosk=a%00b").status_code == 200
        codes = client.get("/console/codes")
        created = client.post(
            "/console/codes", data={"hours": "1", "note": "n\x00ote", "csrf_token": csrf_from(codes.text)}
        )
        assert created.status_code == 200
