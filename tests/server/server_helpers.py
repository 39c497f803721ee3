"""Builders for the server tests: enrolled kiosks, wire items, sealed payloads, logins."""

from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from nacl.public import PublicKey, SealedBox

from kiosk.sync.wire import item_hash
from server.context import ServerContext
from server.models import Device
from server.schemas import WireItem
from server.services import enrollment, users


class FakeClock:
    """A clock tests move by hand (idle timeouts, lockouts, missed heartbeats)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


ADMIN_PASSWORD = "Correct-Horse-42"
# Still argon2id, with a small cost: the production cost (64 MiB, t=3) per login would make the
# console tests take a minute on two shared cores.
CHEAP_ARGON2: dict[str, int] = {"argon2_time_cost": 1, "argon2_memory_kib": 1024}


def enroll_device(context: ServerContext, *, name: str = "示例镇 1 号机") -> tuple[Device, str]:
    now = context.clock()
    with context.session_factory() as session:
        code, _ = enrollment.create_code(session, created_by="test", ttl=timedelta(hours=1), now=now)
        enrolled = enrollment.enroll(session, code=code, kiosk_name=name, app_version="1.0", now=now)
        session.commit()
        return enrolled.device, enrolled.device_token


def heartbeat_over_http(url: str, token: str, context: ServerContext) -> Any:
    """One kiosk heartbeat to a server on loopback (an httpx response)."""
    import httpx

    return httpx.post(
        f"{url}/api/v1/heartbeat",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "sent_at": context.clock().isoformat(),
            "app_version": "1.0",
            "devices": {},
            "disk_free_mb": 40_000,
            "outbox_depth": 0,
        },
        timeout=60,
    )


def seal(payload: dict[str, Any], public_key_b64: str) -> str:
    box = SealedBox(PublicKey(base64.b64decode(public_key_b64)))
    ciphertext = box.encrypt(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return base64.b64encode(bytes(ciphertext)).decode("ascii")


def wire_item(
    *,
    kind: str = "usage_event",
    payload: dict[str, Any] | None = None,
    sealed: str | None = None,
    item_id: str | None = None,
    created_at: str = "2026-03-02T01:30:00Z",
) -> dict[str, Any]:
    """A contract item with a correct hash (as a kiosk would send it)."""
    return {
        "id": item_id or str(uuid.uuid4()),
        "kind": kind,
        "created_at": created_at,
        "hash": item_hash(kind=kind, created_at=created_at, payload=payload, sealed=sealed),
        "payload": payload,
        "sealed": sealed,
    }


def usage(event: str = "search", **fields: Any) -> dict[str, Any]:
    return wire_item(payload={"event": event, **fields})


def as_models(items: list[dict[str, Any]]) -> list[WireItem]:
    return [WireItem.model_validate(item) for item in items]


def create_user(
    context: ServerContext,
    *,
    username: str = "admin",
    role: str = "admin",
    password: str = ADMIN_PASSWORD,
) -> None:
    with context.session_factory() as session:
        users.create_user(
            session,
            username=username,
            password=password,
            role=role,
            now=context.clock(),
            passwords=context.passwords,
        )
        session.commit()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client: TestClient, *, username: str = "admin", password: str = ADMIN_PASSWORD) -> Any:
    page = client.get("/console/login")
    return client.post(
        "/console/login",
        follow_redirects=False,
        data={"username": username, "password": password, "csrf_token": csrf_from(page.text)},
    )


def app_context(client: TestClient) -> ServerContext:
    context: ServerContext = client.app.state.context  # type: ignore[attr-defined]
    return context
