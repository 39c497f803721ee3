"""Stateful fuzzing of the kiosk API: codes are made, kiosks enroll, send, replay, beat and are
revoked in any order; the server never answers 5xx and keeps the exactly-once promise.

A model of what each kiosk sent (item id → hash) predicts every per-item answer: a new valid
item is created, the same item again is a duplicate, the same id with other content is rejected.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule
from server_helpers import CHEAP_ARGON2, wire_item
from sqlalchemy import func, select

from server.app import create_app
from server.models import IngestItem
from server.services import devices, enrollment
from server.settings import ServerSettings

texts = st.text(max_size=12)
fresh_items = st.one_of(
    st.builds(lambda q: wire_item(payload={"event": "search", "query": q}), texts),
    st.builds(lambda n: wire_item(kind="test", payload={"n": n}), st.integers()),
    st.builds(
        lambda k: wire_item(kind=k, payload={"x": 1}), st.sampled_from(["invoice", "rating", "Bad-Kind"])
    ),
)


class KioskFleet(RuleBasedStateMachine):
    codes = Bundle("codes")
    kiosks = Bundle("kiosks")

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        settings = ServerSettings(data_dir=Path(self.folder.name) / "server", **CHEAP_ARGON2)
        self.client = TestClient(create_app(settings))
        self.context = self.client.app.state.context  # type: ignore[attr-defined]
        # token → {item id: hash the server stored}
        self.sent: dict[str, dict[str, str]] = {}
        self.revoked: set[str] = set()

    def teardown(self) -> None:
        self.client.close()
        self.context.engine.dispose()
        self.folder.cleanup()

    def _post(self, path: str, body: Any, token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = self.client.post(path, json=body, headers=headers)
        assert answer.status_code < 500, (path, answer.status_code, body)
        return answer

    @rule(target=codes)
    def make_code(self) -> str:
        with self.context.session_factory() as session:
            code, _ = enrollment.create_code(
                session, created_by="fuzz", ttl=timedelta(hours=1), now=self.context.clock()
            )
            session.commit()
        return code

    @rule(target=kiosks, code=consumes(codes), name=texts)
    def enroll(self, code: str, name: str) -> str:
        answer = self._post("/api/v1/enroll", {"code": code, "kiosk_name": name or "k", "app_version": "1"})
        if answer.status_code != 200:
            # Only a name the schema refuses (control characters are fine, surrogates are not).
            assert answer.status_code == 422
            return "not-enrolled.x"
        token: str = answer.json()["device_token"]
        self.sent[token] = {}
        return token

    @rule(code=texts)
    def guess_a_code(self, code: str) -> None:
        answer = self._post("/api/v1/enroll", {"code": code or "x", "kiosk_name": "k", "app_version": "1"})
        assert answer.status_code in (400, 410, 422, 429)

    @rule(
        token=kiosks, fresh=st.lists(fresh_items, max_size=4), replays=st.integers(0, 3), alter=st.booleans()
    )
    def ingest(self, token: str, fresh: list[dict[str, Any]], replays: int, alter: bool) -> None:
        known = self.sent.get(token)
        old = list(known.items())[:replays] if known else []
        items = list(fresh)
        for item_id, _ in old:
            payload = {"event": "search", "query": "changed"} if alter else None
            items.append(wire_item(item_id=item_id, payload=payload or {"event": "search", "query": "again"}))
        if not items:
            return
        answer = self._post("/api/v1/ingest", {"items": items}, token)
        if known is None or token in self.revoked:
            assert answer.status_code == 401
            return
        assert answer.status_code == 200, answer.text
        for item, result in zip(items, answer.json()["results"], strict=True):
            stored = known.get(item["id"])
            if stored is None:
                valid = item["kind"] in ("usage_event", "test")
                assert result["status"] == ("created" if valid else "rejected"), (item, result)
                if valid:
                    known[item["id"]] = item["hash"]
            elif stored == item["hash"]:
                assert result["status"] == "duplicate"
            else:
                assert result["status"] == "rejected"

    @rule(
        token=kiosks, sent_at=st.one_of(st.just("2026-03-02T02:00:00Z"), texts), disk=st.integers(-5, 2**41)
    )
    def heartbeat(self, token: str, sent_at: str, disk: int) -> None:
        body = {
            "sent_at": sent_at,
            "app_version": "1",
            "devices": {},
            "disk_free_mb": disk,
            "outbox_depth": 0,
        }
        answer = self._post("/api/v1/heartbeat", body, token)
        if token not in self.sent or token in self.revoked:
            assert answer.status_code in (401, 422)
        else:
            assert answer.status_code in (200, 422)

    @rule(token=kiosks)
    def revoke(self, token: str) -> None:
        if token not in self.sent:
            return
        with self.context.session_factory() as session:
            devices.revoke(session, device_id=token.split(".")[0], by="fuzz", now=self.context.clock())
            session.commit()
        self.revoked.add(token)

    @invariant()
    def every_created_item_is_stored_once(self) -> None:
        with self.context.session_factory() as session:
            stored = session.scalar(select(func.count()).select_from(IngestItem))
        assert stored == sum(len(items) for items in self.sent.values())


KioskFleet.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=12,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
test_kiosk_api_state_machine = KioskFleet.TestCase
