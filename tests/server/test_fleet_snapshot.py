"""The fleet page answers from kept figures a few seconds old at most, and says how old."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from server_helpers import FakeClock, app_context, create_user, csrf_from, enroll_device, login
from sqlalchemy import select

from server.models import Device


def _row(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def _age_line(page: str) -> str:
    match = re.search(r'<p class="muted" id="fleet-age">(.*?)</p>', page)
    assert match, "the fleet page does not say how old its figures are"
    return match.group(1)


def _mark_beaten(client: TestClient, device_id: str, clock: FakeClock) -> None:
    """The kiosk beats (written straight to the database, as another worker process would)."""
    with app_context(client).session_factory() as session:
        device = session.scalar(select(Device).where(Device.id == device_id))
        assert device is not None
        device.last_beat_at = clock()
        session.commit()


def test_the_fleet_page_shows_kept_figures_and_their_age_until_they_are_renewed(
    client: TestClient, clock: FakeClock
) -> None:
    create_user(app_context(client))
    login(client)
    device, _ = enroll_device(app_context(client), name="东村")
    first = client.get("/console/fleet").text
    assert "未上报" in _row(first, "东村")
    taken = clock().astimezone(app_context(client).zone).strftime("%H:%M:%S")
    assert taken in _age_line(first) and "秒前" not in _age_line(first)

    _mark_beaten(client, device.id, clock)
    clock.advance(seconds=3)
    kept = client.get("/console/fleet").text
    # Within the page's max age, the kept figures (and their age) rather than a new reading.
    assert "未上报" in _row(kept, "东村")
    assert taken in _age_line(kept) and "3 秒前" in _age_line(kept)

    clock.advance(seconds=3)  # 6 s: older than the 5 s allowed
    renewed = client.get("/console/fleet").text
    assert "在线" in _row(renewed, "东村")
    assert "秒前" not in _age_line(renewed)


def test_a_technicians_own_change_shows_at_once_despite_kept_figures(client: TestClient) -> None:
    create_user(app_context(client))
    login(client)
    device, _ = enroll_device(app_context(client), name="西村")
    page = client.get("/console/fleet").text
    assert "已停用" not in _row(page, "西村")
    client.post(f"/console/fleet/{device.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert "已停用" in _row(client.get("/console/fleet").text, "西村")
