"""What the duty lawyer receives beyond the call: what the visitor was reading (问律师), the
call-back list, and the notes the kiosk prints (sealed at rest, only for the kiosk that had the call)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from live_server import serving
from server_helpers import FakeClock, app_context, create_user, csrf_from, enroll_device, login

from kiosk.storage.database import open_database
from kiosk.sync import outbox
from kiosk.sync.client import SyncClient, enroll
from kiosk.sync.enrollment import Secret, save_enrollment
from kiosk.video.callback import request_callback
from server.app import create_app
from server.models import VideoCall
from server.services import enrollment
from server.settings import ServerSettings

PASSWORD = "Lawyer-pass-2026!"
GUIDE = {"kind": "guide", "id": "land-transfer", "title": "土地经营权流转"}
NOTES = "张大爷：您的土地流转合同第5条无效。请带合同原件到镇司法所，电话 0571-1234567。"


def _lawyer(client: TestClient, name: str = "lawyer1") -> str:
    create_user(app_context(client), username=name, role="lawyer", password=PASSWORD)
    assert login(client, username=name, password=PASSWORD).status_code == 303
    client.post("/console/video/duty", data={"csrf_token": csrf_from(client.get("/console/video").text),
                                             "on_duty": "1"})  # fmt: skip
    token: str = csrf_from(client.get("/console/video").text)
    return token


def _kiosk(client: TestClient, name: str = "石桥镇 1 号机") -> dict[str, str]:
    _device, token = enroll_device(app_context(client), name=name)
    return {"Authorization": f"Bearer {token}"}


def test_the_lawyer_sees_the_guide_the_visitor_was_reading(client: TestClient) -> None:
    kiosk = _kiosk(client)
    joined = client.post("/api/v1/video/calls", json={"topic": "land", "about": GUIDE}, headers=kiosk)
    assert joined.status_code == 200
    csrf = _lawyer(client)
    waiting = client.get("/console/video/state").json()["waiting"]
    assert waiting[0]["about"] == "指南《土地经营权流转》(land-transfer)"
    answered = client.post("/console/video/answer", data={"csrf_token": csrf}).json()
    assert answered["about"] == "指南《土地经营权流转》(land-transfer)"
    assert "指南《土地经营权流转》" in client.get("/console/video").text  # the call history


@pytest.mark.parametrize(
    "about",
    [
        {"kind": "question", "id": "x", "title": "我叫张三"},  # free text is not a page kind
        {"kind": "guide", "id": "../etc/passwd", "title": "t"},
        {"kind": "form", "id": "legal_aid", "title": "长" * 81},
    ],
)
def test_anything_but_a_content_page_is_refused(client: TestClient, about: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/video/calls", json={"topic": "land", "about": about}, headers=_kiosk(client)
    )
    assert response.status_code == 422


def test_notes_reach_only_the_kiosk_that_had_the_call_and_are_sealed_at_rest(
    client: TestClient, clock: FakeClock, caplog: pytest.LogCaptureFixture, sqlite_settings: ServerSettings
) -> None:
    caplog.set_level(logging.DEBUG)
    kiosk, other = _kiosk(client), _kiosk(client, "河口镇 2 号机")
    call_id = client.post("/api/v1/video/calls", json={"topic": "land"}, headers=kiosk).json()["call_id"]
    csrf = _lawyer(client)
    client.post("/console/video/answer", data={"csrf_token": csrf})
    notes_url = f"/api/v1/video/calls/{call_id}/notes"
    assert client.get(notes_url, headers=kiosk).json()["state"] == "none"

    saved = client.post(f"/console/video/calls/{call_id}/notes", data={"csrf_token": csrf, "notes": NOTES})
    assert saved.status_code == 200
    got = client.get(notes_url, headers=kiosk).json()
    assert (got["state"], got["text"], got["lawyer"]) == ("ready", NOTES, "lawyer1")
    assert client.get(notes_url, headers=other).status_code == 404
    # At rest only sealed: the database file holds no word of it; nor does any log line.
    with app_context(client).session_factory() as session:
        call = session.get(VideoCall, call_id)
        assert call is not None and call.notes_sealed and NOTES.encode() not in call.notes_sealed
    database = b"".join(p.read_bytes() for p in Path(sqlite_settings.data_dir).rglob("*.db*"))
    assert "张大爷".encode() not in database and b"0571" not in database
    assert "张大爷" not in caplog.text and "0571" not in caplog.text
    # The lawyer sees their notes in the call history; hall staff do not.
    assert "张大爷" in client.get("/console/video").text
    # A second lawyer cannot write notes on this call.
    client.post("/console/logout", data={"csrf_token": csrf})
    csrf2 = _lawyer(client, "lawyer2")
    refused = client.post(f"/console/video/calls/{call_id}/notes", data={"csrf_token": csrf2, "notes": "x"})
    assert refused.status_code == 404
    assert "张大爷" not in client.get("/console/video").text
    # Long after the call, the kiosk can no longer fetch them.
    with app_context(client).session_factory() as session:
        call = session.get(VideoCall, call_id)
        assert call is not None
        call.state, call.ended_at = "ended", clock()
        session.commit()
    clock.advance(hours=1)
    assert client.get(notes_url, headers=kiosk).status_code == 410


@pytest.fixture
def live(sqlite_settings: ServerSettings, clock: FakeClock) -> Iterator[tuple[str, TestClient]]:
    app = create_app(sqlite_settings, clock=clock)
    with serving(app) as url, TestClient(app) as console:
        yield url, console


def test_a_call_back_request_from_the_kiosk_reaches_the_lawyers_list_and_is_marked_done(
    live: tuple[str, TestClient], tmp_path: Path
) -> None:
    url, console = live
    context = app_context(console)
    with context.session_factory() as session:
        code, _ = enrollment.create_code(session, created_by="t", now=context.clock(), ttl=timedelta(hours=1))
        session.commit()
    answer = enroll(server_url=url, code=code, kiosk_name="石桥镇 1 号机", app_version="1.0")
    db = open_database(tmp_path / "kiosk")
    save_enrollment(db, server_url=url, kiosk_name="石桥镇 1 号机", answer=answer)
    request_callback(db, phone="13812345678", topic="land", reason="no_answer", language="zh_CN")
    sync = SyncClient(server_url=url, token=Secret(answer["device_token"]))
    try:
        assert [r["status"] for r in sync.ingest(outbox.pending_batch(db, limit=10))] == ["created"]
    finally:
        sync.close()

    _lawyer(console)
    page = console.get("/console/video/callbacks").text
    assert "138****5678" in page and "13812345678" not in page  # masked until asked for
    assert "土地房产" in page and "等待太久无人接听" in page and "石桥镇 1 号机" in page
    pk = page.split('id="callback-', 1)[1].split('"', 1)[0]
    shown = console.get(f"/console/video/callbacks/{pk}").text
    assert 'id="full-number">13812345678<' in shown
    audit = console.get("/console/audit")
    assert audit.status_code == 403  # lawyers cannot read the audit log; the admin can (below)
    done = console.post(f"/console/video/callbacks/{pk}/done", data={"csrf_token": csrf_from(shown)})
    assert done.status_code == 200  # redirected to the list
    after = console.get("/console/video/callbacks").text
    waiting_part = after.split('id="callbacks"', 1)[1].split("</tbody>", 1)[0]
    assert "138****5678" not in waiting_part and "没有待回拨的请求" in waiting_part
    assert "lawyer1" in after.split('id="callbacks-done"', 1)[1]
    console.post("/console/logout", data={"csrf_token": csrf_from(after)})
    create_user(context, username="admin", role="admin")
    login(console)
    log = console.get("/console/audit").text
    assert "video.callback_number" in log and "video.callback_done" in log


def test_pushes_go_only_from_the_lawyer_answers_and_shared_forms_only_from_the_kiosk(
    client: TestClient,
) -> None:
    kiosk = _kiosk(client)
    call_id = client.post("/api/v1/video/calls", json={"topic": "labour"}, headers=kiosk).json()["call_id"]
    csrf = _lawyer(client)
    client.post("/console/video/answer", data={"csrf_token": csrf})
    ticket = client.get(f"/api/v1/video/calls/{call_id}", headers=kiosk).json()["ticket"]
    with client.websocket_connect("/console/video/ws", headers={"origin": "http://testserver"}) as lawyer_ws:
        lawyer_ws.send_text(json.dumps({"type": "hello", "call": call_id}))
        assert json.loads(lawyer_ws.receive_text())["type"] == "joined"
        with client.websocket_connect("/api/v1/video/ws") as kiosk_ws:
            kiosk_ws.send_text(json.dumps({"type": "hello", "call": call_id, "ticket": ticket}))
            assert json.loads(kiosk_ws.receive_text())["type"] == "joined"
            assert json.loads(kiosk_ws.receive_text())["type"] == "ready"
            assert json.loads(lawyer_ws.receive_text())["type"] == "ready"
            # Not relayed: a push from the kiosk, an answer from the lawyer, a page kind unknown.
            kiosk_ws.send_text(json.dumps({"type": "push", "data": {"kind": "guide", "id": "x"}}))
            lawyer_ws.send_text(json.dumps({"type": "push_ack", "data": {"kind": "guide", "id": "x"}}))
            lawyer_ws.send_text(json.dumps({"type": "push", "data": {"kind": "url", "id": "http://evil"}}))
            lawyer_ws.send_text(json.dumps({"type": "push", "data": {"kind": "guide", "id": "land-transfer",
                                                                     "extra": "dropped"}}))  # fmt: skip
            assert json.loads(kiosk_ws.receive_text()) == {
                "type": "push",
                "data": {"kind": "guide", "id": "land-transfer", "title": "", "shown": False},
            }
            ack = {"kind": "guide", "id": "land-transfer", "title": "土地经营权流转", "shown": True}
            kiosk_ws.send_text(json.dumps({"type": "push_ack", "data": ack}))
            assert json.loads(lawyer_ws.receive_text()) == {
                "type": "push_ack",
                "data": {"kind": "guide", "id": "land-transfer", "title": "土地经营权流转", "shown": True},
            }
            # The form the visitor agreed to show goes from the kiosk only, in its plain shape.
            lawyer_ws.send_text(json.dumps({"type": "share", "data": {"title": "t", "rows": []}}))
            kiosk_ws.send_text(json.dumps({"type": "share", "data": {"title": "t", "rows": [["a", 1]]}}))
            form = {"title": "法律援助申请表", "rows": [["事由", "欠薪"]], "extra": "dropped"}
            kiosk_ws.send_text(json.dumps({"type": "share", "data": form}))
            assert json.loads(lawyer_ws.receive_text()) == {
                "type": "share",
                "data": {"title": "法律援助申请表", "rows": [["事由", "欠薪"]]},
            }
            kiosk_ws.send_text(json.dumps({"type": "bye"}))
            assert json.loads(lawyer_ws.receive_text())["type"] == "ended"


def test_the_retention_purge_drops_old_notes_and_keeps_the_record(
    client: TestClient, clock: FakeClock
) -> None:
    from server.services import retention

    kiosk = _kiosk(client)
    call_id = client.post("/api/v1/video/calls", json={"topic": "land"}, headers=kiosk).json()["call_id"]
    csrf = _lawyer(client)
    client.post("/console/video/answer", data={"csrf_token": csrf})
    client.post(f"/console/video/calls/{call_id}/notes", data={"csrf_token": csrf, "notes": NOTES})
    context = app_context(client)
    with context.session_factory() as session:
        call = session.get(VideoCall, call_id)
        assert call is not None
        call.state, call.ended_at = "ended", clock()
        session.commit()
        assert retention.purge_video_notes(session, older_than=timedelta(days=180), now=clock()) == 0
        later = clock() + timedelta(days=181)
        assert retention.purge_video_notes(session, older_than=timedelta(days=180), now=later) == 1
        session.commit()
        session.refresh(call)
        assert call.notes_sealed is None and call.notes_at is not None and call.lawyer == "lawyer1"
