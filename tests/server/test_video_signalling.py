"""Video consultation on the server: queue, answering, the two authenticated sockets, the record."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from server_helpers import FakeClock, app_context, create_user, csrf_from, enroll_device, login
from starlette.websockets import WebSocketDisconnect

from server.models import VideoCall
from server.services import turn

LAWYER_PASSWORD = "Lawyer-pass-2026!"


def _lawyer(client: TestClient, name: str = "lawyer1") -> str:
    create_user(app_context(client), username=name, role="lawyer", password=LAWYER_PASSWORD)
    assert login(client, username=name, password=LAWYER_PASSWORD).status_code == 303
    page = client.get("/console/video")
    assert page.status_code == 200
    token: str = csrf_from(page.text)
    return token


def _on_duty(client: TestClient, csrf: str) -> str:
    client.post("/console/video/duty", data={"csrf_token": csrf, "on_duty": "1"}, follow_redirects=False)
    token: str = csrf_from(client.get("/console/video").text)
    return token


def _kiosk(client: TestClient, name: str = "石桥镇 1 号机") -> dict[str, str]:
    _device, token = enroll_device(app_context(client), name=name)
    return {"Authorization": f"Bearer {token}"}


def test_a_visitor_waits_is_answered_and_both_ends_relay_until_hang_up(client: TestClient) -> None:
    kiosk = _kiosk(client)
    joined = client.post("/api/v1/video/calls", json={"topic": "labour"}, headers=kiosk).json()
    assert joined["state"] == "waiting" and joined["ahead"] == 0 and joined["lawyers_on_duty"] == 0

    csrf = _on_duty(client, _lawyer(client))
    state = client.get("/console/video/state").json()
    assert state["lawyers_on_duty"] == 1
    assert [(w["topic"], w["township"]) for w in state["waiting"]] == [("劳动工资", "石桥镇 1 号机")]

    answered = client.post("/console/video/answer", data={"csrf_token": csrf}).json()
    call_id = answered["call_id"]
    status = client.get(f"/api/v1/video/calls/{call_id}", headers=kiosk).json()
    assert status["state"] == "answered" and status["ticket"]

    cookie = {"origin": "http://testserver"}
    with client.websocket_connect("/console/video/ws", headers=cookie) as lawyer_ws:
        lawyer_ws.send_text(json.dumps({"type": "hello", "call": call_id}))
        assert json.loads(lawyer_ws.receive_text())["type"] == "joined"
        with client.websocket_connect("/api/v1/video/ws") as kiosk_ws:
            kiosk_ws.send_text(json.dumps({"type": "hello", "call": call_id, "ticket": status["ticket"]}))
            assert json.loads(kiosk_ws.receive_text())["type"] == "joined"
            assert json.loads(kiosk_ws.receive_text())["type"] == "ready"
            assert json.loads(lawyer_ws.receive_text())["type"] == "ready"
            lawyer_ws.send_text(json.dumps({"type": "offer", "data": {"type": "offer", "sdp": "v=0"}}))
            assert json.loads(kiosk_ws.receive_text()) == {
                "type": "offer",
                "data": {"type": "offer", "sdp": "v=0"},
            }
            kiosk_ws.send_text(json.dumps({"type": "ice", "data": {"candidate": "c"}}))
            assert json.loads(lawyer_ws.receive_text())["data"] == {"candidate": "c"}
            kiosk_ws.send_text(json.dumps({"type": "bye"}))
            assert json.loads(lawyer_ws.receive_text()) == {"type": "ended", "reason": "hangup_kiosk"}

    with app_context(client).session_factory() as session:
        call = session.get(VideoCall, call_id)
        assert call is not None
        assert (call.state, call.lawyer, call.topic, call.end_reason) == (
            "ended",
            "lawyer1",
            "labour",
            "hangup_kiosk",
        )
        assert call.answered_at is not None and call.ended_at is not None
    history = client.get("/console/video").text
    assert "hangup_kiosk" in history and "劳动工资" in history


def test_the_ticket_is_single_use_and_a_wrong_one_is_refused(client: TestClient) -> None:
    kiosk = _kiosk(client)
    call_id = client.post("/api/v1/video/calls", json={"topic": "family"}, headers=kiosk).json()["call_id"]
    client.post("/console/video/answer", data={"csrf_token": _on_duty(client, _lawyer(client))})
    ticket = client.get(f"/api/v1/video/calls/{call_id}", headers=kiosk).json()["ticket"]
    with client.websocket_connect("/api/v1/video/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "call": call_id, "ticket": "not-the-ticket"}))
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
        assert closed.value.code == 4401
    with client.websocket_connect("/api/v1/video/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "call": call_id, "ticket": ticket}))
        assert json.loads(ws.receive_text())["type"] == "joined"
    with client.websocket_connect("/api/v1/video/ws") as ws:  # spent
        ws.send_text(json.dumps({"type": "hello", "call": call_id, "ticket": ticket}))
        with pytest.raises(WebSocketDisconnect):
            ws.receive_text()


def test_the_lawyer_socket_needs_the_session_the_role_and_the_same_origin(client: TestClient) -> None:
    kiosk = _kiosk(client)
    call_id = client.post("/api/v1/video/calls", json={"topic": "land"}, headers=kiosk).json()["call_id"]
    client.post("/console/video/answer", data={"csrf_token": _on_duty(client, _lawyer(client))})
    with client.websocket_connect("/console/video/ws", headers={"origin": "http://evil.example"}) as ws:
        ws.send_text(json.dumps({"type": "hello", "call": call_id}))
        with pytest.raises(WebSocketDisconnect):
            ws.receive_text()
    client.cookies.clear()
    with client.websocket_connect("/console/video/ws", headers={"origin": "http://testserver"}) as ws:
        ws.send_text(json.dumps({"type": "hello", "call": call_id}))
        with pytest.raises(WebSocketDisconnect):
            ws.receive_text()


def test_staff_see_the_list_but_cannot_answer(client: TestClient) -> None:
    create_user(app_context(client), username="hall", role="staff", password=LAWYER_PASSWORD)
    login(client, username="hall", password=LAWYER_PASSWORD)
    page = client.get("/console/video")
    assert page.status_code == 200 and "接听下一位" not in page.text
    assert client.post("/console/video/answer", data={"csrf_token": csrf_from(page.text)}).status_code == 403


def test_queue_order_two_lawyers_three_visitors(client: TestClient, clock: FakeClock) -> None:
    kiosks = [_kiosk(client, name=f"{n} 号机") for n in ("一", "二", "三")]
    ids = []
    for headers in kiosks:
        ids.append(
            client.post("/api/v1/video/calls", json={"topic": "debt"}, headers=headers).json()["call_id"]
        )
        clock.advance(seconds=1)
    assert client.get(f"/api/v1/video/calls/{ids[2]}", headers=kiosks[2]).json()["ahead"] == 2
    first = client.post(
        "/console/video/answer", data={"csrf_token": _on_duty(client, _lawyer(client, "lawyer1"))}
    )
    assert first.json()["call_id"] == ids[0]
    client.cookies.clear()
    second = client.post(
        "/console/video/answer", data={"csrf_token": _on_duty(client, _lawyer(client, "lawyer2"))}
    )
    assert second.json()["call_id"] == ids[1]
    status = client.get(f"/api/v1/video/calls/{ids[2]}", headers=kiosks[2]).json()
    assert (status["ahead"], status["lawyers_on_duty"]) == (0, 2)


def test_a_kiosk_that_stops_polling_leaves_the_queue(client: TestClient, clock: FakeClock) -> None:
    kiosk = _kiosk(client)
    call_id = client.post("/api/v1/video/calls", json={"topic": "other"}, headers=kiosk).json()["call_id"]
    _lawyer(client)
    clock.advance(seconds=30)
    assert client.get("/console/video/state").json()["waiting"] == []
    assert client.get(f"/api/v1/video/calls/{call_id}", headers=kiosk).json()["end_reason"] == "abandoned"


def test_unknown_topics_and_other_kiosks_calls_are_refused(client: TestClient) -> None:
    kiosk, other = _kiosk(client), _kiosk(client, name="另一台")
    assert client.post("/api/v1/video/calls", json={"topic": "<b>"}, headers=kiosk).status_code == 422
    call_id = client.post("/api/v1/video/calls", json={"topic": "land"}, headers=kiosk).json()["call_id"]
    assert client.get(f"/api/v1/video/calls/{call_id}", headers=other).status_code == 404
    assert client.post("/api/v1/video/calls", json={"topic": "land"}).status_code == 401


def test_turn_credentials_follow_the_rest_scheme() -> None:
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    username, password = turn.credentials(secret="s3cret", who="kiosk-a", now=now, ttl=timedelta(hours=1))
    assert username == f"{int(now.timestamp()) + 3600}:kiosk-a"
    # The value coturn computes for use-auth-secret: base64(HMAC-SHA1(secret, username)).
    import base64
    import hashlib
    import hmac

    expected = base64.b64encode(hmac.new(b"s3cret", username.encode(), hashlib.sha1).digest()).decode()
    assert password == expected
    servers = turn.ice_servers(
        urls=("turn:127.0.0.1:3478",), secret="s3cret", who="x", now=now, ttl=timedelta(hours=1)
    )
    assert servers[0]["username"].endswith(":x") and servers[0]["credential"]
    assert turn.ice_servers(urls=(), secret="s3cret", who="x", now=now, ttl=timedelta(hours=1)) == []


def test_the_kiosk_call_page_carries_the_same_call_code_as_the_console() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    console = (root / "server" / "console" / "static" / "rtc_call.js").read_bytes()
    assert (root / "ui" / "video_call" / "web" / "rtc_call.js").read_bytes() == console


def test_a_call_whose_kiosk_never_arrives_ends_for_the_lawyer(client: TestClient) -> None:
    kiosk = _kiosk(client)
    call_id = client.post("/api/v1/video/calls", json={"topic": "traffic"}, headers=kiosk).json()["call_id"]
    client.post("/console/video/answer", data={"csrf_token": _on_duty(client, _lawyer(client))})
    client.app.state.video_hub.join_timeout_s = 0.2  # type: ignore[attr-defined]
    with client.websocket_connect("/console/video/ws", headers={"origin": "http://testserver"}) as ws:
        ws.send_text(json.dumps({"type": "hello", "call": call_id}))
        assert json.loads(ws.receive_text())["type"] == "joined"
        time.sleep(0.3)
        ws.send_text(json.dumps({"type": "ping"}))
        assert json.loads(ws.receive_text()) == {"type": "ended", "reason": "kiosk_never_joined"}
    with app_context(client).session_factory() as session:
        call = session.get(VideoCall, call_id)
        assert call is not None and call.end_reason == "kiosk_never_joined"
