"""Signalling across two server processes sharing PostgreSQL (LISTEN/NOTIFY): the kiosk's socket
on one, the lawyer's console and socket on the other, as behind a proxy without sticky routing."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from server_helpers import create_user, csrf_from, enroll_device, login

from server.app import create_app
from server.models import VideoCall
from server.settings import ServerSettings

PASSWORD = "Lawyer-pass-2026!"


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_call_whose_ends_reach_different_processes(settings: ServerSettings) -> None:
    kiosk_app, lawyer_app = create_app(settings), create_app(settings)
    with TestClient(kiosk_app) as kiosk_side, TestClient(lawyer_app) as lawyer_side:
        context = kiosk_app.state.context
        _device, token = enroll_device(context, name="石桥镇 1 号机")
        kiosk = {"Authorization": f"Bearer {token}"}
        create_user(context, username="lawyer1", role="lawyer", password=PASSWORD)
        login(lawyer_side, username="lawyer1", password=PASSWORD)
        csrf = csrf_from(lawyer_side.get("/console/video").text)
        lawyer_side.post("/console/video/duty", data={"csrf_token": csrf, "on_duty": "1"})
        csrf = csrf_from(lawyer_side.get("/console/video").text)

        call_id = kiosk_side.post("/api/v1/video/calls", json={"topic": "labour"}, headers=kiosk).json()[
            "call_id"
        ]
        assert (
            lawyer_side.post("/console/video/answer", data={"csrf_token": csrf}).json()["call_id"] == call_id
        )
        ticket = kiosk_side.get(f"/api/v1/video/calls/{call_id}", headers=kiosk).json()["ticket"]

        with lawyer_side.websocket_connect(
            "/console/video/ws", headers={"origin": "http://testserver"}
        ) as lw:
            lw.send_text(json.dumps({"type": "hello", "call": call_id}))
            assert json.loads(lw.receive_text())["type"] == "joined"
            with kiosk_side.websocket_connect("/api/v1/video/ws") as kw:
                kw.send_text(json.dumps({"type": "hello", "call": call_id, "ticket": ticket}))
                assert json.loads(kw.receive_text())["type"] == "joined"
                assert json.loads(lw.receive_text())["type"] == "ready"  # via NOTIFY
                assert json.loads(kw.receive_text())["type"] == "ready"  # the answer, via NOTIFY
                offer = {"type": "offer", "sdp": "v=0\r\n" + "a=x\r\n" * 500}  # a few kB, as real ones
                lw.send_text(json.dumps({"type": "offer", "data": offer}))
                assert json.loads(kw.receive_text()) == {"type": "offer", "data": offer}
                kw.send_text(json.dumps({"type": "ice", "data": {"candidate": "c"}}))
                assert json.loads(lw.receive_text()) == {"type": "ice", "data": {"candidate": "c"}}
                kw.send_text(json.dumps({"type": "bye"}))
                assert json.loads(lw.receive_text()) == {"type": "ended", "reason": "hangup_kiosk"}
        with context.session_factory() as session:
            call = session.get(VideoCall, call_id)
            assert call is not None and call.end_reason == "hangup_kiosk"
