"""The duty rota and bookings: what the lawyer's rota page shows, what the kiosk is offered
(the next shift and its free slots), and that a slot takes as many bookings as lawyers on duty."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from server_helpers import FakeClock, app_context, create_user, csrf_from, enroll_device, login

PASSWORD = "Lawyer-pass-2026!"


def _login_lawyer(client: TestClient, name: str) -> str:
    create_user(app_context(client), username=name, role="lawyer", password=PASSWORD)
    assert login(client, username=name, password=PASSWORD).status_code == 303
    token: str = csrf_from(client.get("/console/video/rota").text)
    return token


def _shift(client: TestClient, csrf: str, day: str, start: str, end: str) -> Any:
    form = {"csrf_token": csrf, "day": day, "start": start, "end": end}
    return client.post("/console/video/rota", data=form)


def _kiosk(client: TestClient) -> dict[str, str]:
    _device, token = enroll_device(app_context(client), name="石桥镇 1 号机")
    return {"Authorization": f"Bearer {token}"}


def test_shifts_offer_the_kiosk_the_next_free_slots_and_fill_up(client: TestClient, clock: FakeClock) -> None:
    # The fake clock says 2026-03-02 10:00 in Shanghai (02:00 UTC), a Monday.
    kiosk = _kiosk(client)
    empty = client.get("/api/v1/video/availability", headers=kiosk).json()
    assert (empty["next_shift"], empty["slots"]) == (None, [])

    csrf = _login_lawyer(client, "wang")
    added = _shift(client, csrf, "2026-03-03", "09:00", "10:00")
    assert added.status_code == 200  # redirected back to the page
    page = client.get("/console/video/rota").text
    assert "03-03" in page and "09:00–10:00" in page and "wang" in page
    overlap = _shift(client, csrf, "2026-03-03", "09:30", "11:00")
    assert overlap.status_code == 409 and "重叠" in overlap.text

    offered = client.get("/api/v1/video/availability", headers=kiosk).json()
    assert offered["next_shift"]["starts_at"].startswith("2026-03-03T01:00:00")  # 09:00 in Shanghai
    slots = offered["slots"]
    assert [datetime.fromisoformat(s).strftime("%H:%M") for s in slots] == ["01:00", "01:20", "01:40"]

    booked = client.post("/api/v1/video/bookings", json={"topic": "land", "slot_at": slots[0]}, headers=kiosk)
    assert booked.status_code == 200 and booked.json()["booking_id"] == 1
    again = client.post("/api/v1/video/bookings", json={"topic": "land", "slot_at": slots[0]}, headers=kiosk)
    assert again.status_code == 409  # one lawyer on the rota then: one booking per slot
    after = client.get("/api/v1/video/availability", headers=kiosk).json()["slots"]
    assert slots[0] not in after and len(after) == 2
    rota = client.get("/console/video/rota").text
    assert "03-03 09:00" in rota and "土地房产" in rota and "石桥镇 1 号机" in rota

    # A second lawyer on the same hour opens a second place in each slot.
    client.post("/console/logout", data={"csrf_token": csrf})
    csrf2 = _login_lawyer(client, "lili")
    _shift(client, csrf2, "2026-03-03", "09:00", "10:00")
    assert client.get("/api/v1/video/availability", headers=kiosk).json()["slots"][0] == slots[0]


def test_staff_see_the_rota_but_cannot_change_it(client: TestClient) -> None:
    create_user(app_context(client), username="hall", role="staff", password=PASSWORD)
    login(client, username="hall", password=PASSWORD)
    page = client.get("/console/video/rota")
    assert page.status_code == 200 and 'id="add-shift"' not in page.text
    refused = _shift(client, csrf_from(page.text), "2026-03-03", "09:00", "10:00")
    assert refused.status_code == 403


def test_a_past_or_backwards_shift_is_refused(client: TestClient) -> None:
    csrf = _login_lawyer(client, "wang")
    for start, end, day in (("10:00", "09:00", "2026-03-03"), ("08:00", "09:00", "2026-03-01")):
        answer = _shift(client, csrf, day, start, end)
        assert answer.status_code == 422
