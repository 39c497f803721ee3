"""预约视频 after booking: the slip's code, check-in at the booked time (booked visitors go before
walk-ins from their slot on, marked 预约 in the lawyer's list), the bookings due for the hall
queue's call, and cancelling — at the kiosk with the code, or by the lawyer or the hall staff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from server_helpers import FakeClock, app_context, create_user, csrf_from, enroll_device, login
from sqlalchemy import select

from server.models import AuditEntry, User, VideoBooking
from server.services import video as calls

PASSWORD = "Lawyer-pass-2026!"
API = "/api/v1/video"


def _kiosk(client: TestClient, name: str) -> dict[str, str]:
    _device, token = enroll_device(app_context(client), name=name)
    return {"Authorization": f"Bearer {token}"}


def _book(client: TestClient, kiosk: dict[str, str], slot: str) -> dict[str, Any]:
    answer = client.post(f"{API}/bookings", json={"topic": "land", "slot_at": slot}, headers=kiosk)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def _rota(client: TestClient) -> None:
    """wang on the rota today 11:00–12:00 Shanghai time (03:00–04:00 UTC); logged in as wang."""
    create_user(app_context(client), username="wang", role="lawyer", password=PASSWORD)
    login(client, username="wang", password=PASSWORD)
    csrf = csrf_from(client.get("/console/video/rota").text)
    form = {"csrf_token": csrf, "day": "2026-03-02", "start": "11:00", "end": "12:00"}
    client.post("/console/video/rota", data=form)


def _at(clock: FakeClock, hour: int, minute: int, second: int = 0) -> None:
    clock.now = datetime(2026, 3, 2, hour, minute, second, tzinfo=UTC)


def test_a_booked_visitor_checks_in_with_the_code_and_goes_before_walk_ins(
    client: TestClient, clock: FakeClock
) -> None:
    # 10:00 in Shanghai; wang is on the rota 11:00–12:00 (03:00–04:00 UTC).
    shiqiao, hetang = _kiosk(client, "石桥镇 1 号机"), _kiosk(client, "荷塘乡 1 号机")
    _rota(client)
    slots = client.get(f"{API}/availability", headers=shiqiao).json()["slots"]
    booked = _book(client, shiqiao, slots[0])
    code = booked["code"]
    assert code.isdigit() and len(code) == 4 and 5000 <= int(code) <= 9999
    rota = client.get("/console/video/rota").text
    assert "预约码" in rota and code in rota

    # Too early: the code is known, check-in opens 10 minutes before the slot.
    found = client.get(f"{API}/bookings/{code}", headers=hetang).json()
    assert (found["state"], found["window"], found["topic"]) == ("booked", "early", "land")
    early = client.post(f"{API}/calls", json={"topic": "other", "booking_code": code}, headers=shiqiao)
    assert early.status_code == 409
    assert client.get(f"{API}/bookings/0000", headers=shiqiao).status_code == 404

    # 10:59:45 a walk-in joins at 荷塘; 10:59:50 the booked visitor checks in at 石桥.
    _at(clock, 2, 59, 45)
    walk_in = client.post(f"{API}/calls", json={"topic": "debt"}, headers=hetang).json()
    _at(clock, 2, 59, 50)
    assert client.get(f"{API}/bookings/{code}", headers=shiqiao).json()["window"] == "now"
    checked = client.post(f"{API}/calls", json={"topic": "other", "booking_code": code}, headers=shiqiao)
    assert checked.status_code == 200
    mine = checked.json()
    assert mine["ahead"] == 1  # before the slot a booked visitor who came early waits like anyone
    # From 11:00 the booked visitor goes first.
    _at(clock, 3, 0, 5)
    assert client.get(f"{API}/calls/{mine['call_id']}", headers=shiqiao).json()["ahead"] == 0
    assert client.get(f"{API}/calls/{walk_in['call_id']}", headers=hetang).json()["ahead"] == 1
    login(client, username="wang", password=PASSWORD)  # the console session idled out meanwhile
    state = client.get("/console/video/state").json()
    assert [(w["booked"], w["topic"], w["township"]) for w in state["waiting"]] == [
        ("预约 11:00", "土地房产", "石桥镇 1 号机"),  # the booking's topic, not the one sent
        ("", "借贷纠纷", "荷塘乡 1 号机"),
    ]
    context = app_context(client)
    with context.session_factory() as session:
        lawyer = session.scalars(select(User).where(User.username == "wang")).one()
        first = calls.answer_next(session, user=lawyer, now=clock.now, poll_timeout=timedelta(seconds=20))
        session.commit()
        assert first is not None and first.id == mine["call_id"]
        row = session.get(VideoBooking, booked["booking_id"])
        assert row is not None and (row.state, row.call_id) == ("arrived", mine["call_id"])
    # The code is spent: a second check-in is refused, and the hall does not call it any more.
    again = client.post(f"{API}/calls", json={"topic": "land", "booking_code": code}, headers=hetang)
    assert again.status_code == 404
    assert client.get(f"{API}/bookings/due", headers=shiqiao).json() == []


def test_due_bookings_are_the_kiosks_own_running_slots(client: TestClient, clock: FakeClock) -> None:
    shiqiao, hetang = _kiosk(client, "石桥镇 1 号机"), _kiosk(client, "荷塘乡 1 号机")
    _rota(client)
    slots = client.get(f"{API}/availability", headers=shiqiao).json()["slots"]
    booked = _book(client, shiqiao, slots[1])  # 11:20
    assert client.get(f"{API}/bookings/due", headers=shiqiao).json() == []
    _at(clock, 3, 20, 10)
    due = client.get(f"{API}/bookings/due", headers=shiqiao).json()
    assert [(d["code"], d["booking_id"]) for d in due] == [(booked["code"], booked["booking_id"])]
    assert client.get(f"{API}/bookings/due", headers=hetang).json() == []  # another kiosk's hall
    _at(clock, 3, 40, 0)  # the slot is over
    assert client.get(f"{API}/bookings/due", headers=shiqiao).json() == []


def test_cancelled_at_the_kiosk_or_in_the_console_the_slot_is_free_again(
    client: TestClient, clock: FakeClock
) -> None:
    kiosk = _kiosk(client, "石桥镇 1 号机")
    _rota(client)
    slots = client.get(f"{API}/availability", headers=kiosk).json()["slots"]
    at_kiosk, in_console = _book(client, kiosk, slots[0]), _book(client, kiosk, slots[1])
    left = client.get(f"{API}/availability", headers=kiosk).json()["slots"]
    assert slots[0] not in left and slots[1] not in left

    # The visitor cancels at the kiosk with the slip's code.
    assert client.post(f"{API}/bookings/{at_kiosk['code']}/cancel", headers=kiosk).status_code == 204
    assert client.get(f"{API}/bookings/{at_kiosk['code']}", headers=kiosk).json()["state"] == "cancelled"
    assert client.post(f"{API}/bookings/{at_kiosk['code']}/cancel", headers=kiosk).status_code == 404
    assert slots[0] in client.get(f"{API}/availability", headers=kiosk).json()["slots"]

    # The visitor phones the hall: a staff member cancels on the rota page (audited).
    create_user(app_context(client), username="hall", role="staff", password=PASSWORD)
    login(client, username="hall", password=PASSWORD)
    page = client.get("/console/video/rota").text
    assert f'id="cancel-booking-{in_console["booking_id"]}"' in page
    answer = client.post(f"/console/video/bookings/{in_console['booking_id']}/cancel",
                         data={"csrf_token": csrf_from(page)})  # fmt: skip
    assert answer.status_code == 200
    assert in_console["code"] not in client.get("/console/video/rota").text
    assert slots[1] in client.get(f"{API}/availability", headers=kiosk).json()["slots"]
    _at(clock, 3, 15, 0)
    refused = client.post(f"{API}/calls", json={"topic": "land", "booking_code": in_console["code"]},
                          headers=kiosk)  # fmt: skip
    assert refused.status_code == 404
    with app_context(client).session_factory() as session:
        row = session.get(VideoBooking, in_console["booking_id"])
        assert row is not None and (row.state, row.cancelled_by) == ("cancelled", "hall")
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "hall")))
        assert "video.booking_cancel" in actions
