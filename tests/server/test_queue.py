"""Queue statistics and the ticket's phone page on the server, from the ticket events a real
kiosk database queued; non-anonymous events refused."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from server_helpers import (
    FakeClock,
    app_context,
    as_models,
    create_user,
    enroll_device,
    login,
    wire_item,
)

from kiosk.config import Settings
from kiosk.queue import tickets
from kiosk.queue.desk import rules_from_settings
from kiosk.storage.database import open_database
from kiosk.sync import outbox
from server.context import ServerContext
from server.models import Device
from server.services.ingest import ingest_batch
from server.services.queue import queue_days
from server.services.stats import StatsFilter
from tests.kiosk.queue.conftest import OPEN_MONDAY


def _kiosk_events(tmp_path: Path) -> list[dict[str, object]]:
    """A morning at one kiosk: A001 waits 5 min and is served in 10; A002 does not come."""
    db = open_database(tmp_path / "kiosk")
    rules = rules_from_settings(Settings())
    tickets.issue(db, rules, "A", now=OPEN_MONDAY)
    tickets.issue(db, rules, "A", now=OPEN_MONDAY + timedelta(minutes=1))
    tickets.issue(db, rules, "B", now=OPEN_MONDAY + timedelta(minutes=2))
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=5))
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=15))
    tickets.finish_current(db, "1", "no_show", now=OPEN_MONDAY + timedelta(minutes=16))
    items = [dict(item) for item in outbox.pending_batch(db, limit=100)]
    db.conn.close()
    return items


def _send(context: ServerContext, device: Device, items: list[dict[str, object]]) -> list[str]:
    with context.session_factory() as session:
        results = ingest_batch(session, device=device, items=as_models(items), opener=context.opener,
                               zone=context.zone, now=context.clock())
        session.commit()
    return [r.status for r in results]


def test_ticket_events_become_waiting_and_service_times(context: ServerContext, tmp_path: Path) -> None:
    device, _ = enroll_device(context, name="北村")
    items = _kiosk_events(tmp_path)
    assert set(_send(context, device, items)) == {"created"}
    assert set(_send(context, device, items)) == {"duplicate"}  # a resent batch counts once
    day = OPEN_MONDAY.date()
    with context.session_factory() as session:
        rows = queue_days(session, StatsFilter(start=day, end=day))
    a, b = rows
    assert (a.day, a.service, a.issued, a.called, a.served, a.no_show) == ("2026-11-30", "A", 2, 2, 1, 1)
    assert (a.mean_wait_min, a.mean_service_min) == (9.5, 10.0)  # waits of 5 and 14 min
    assert (b.service, b.issued, b.called, b.mean_wait_min) == ("B", 1, 0, None)


def test_a_queue_event_with_anything_personal_is_refused(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    base = {"event": "issued", "ticket": "x" * 32, "day": "2026-11-30", "service": "A",
            "number": "A001", "counter": None, "at": "2026-11-30T02:00:00.000+00:00",
            "wait_s": None, "service_s": None}
    named = wire_item(kind="queue_event", payload={**base, "name": "张三"})
    odd = wire_item(kind="queue_event", payload={**base, "wait_s": -5})
    assert _send(context, device, [named, odd]) == ["rejected", "rejected"]


def test_the_console_shows_the_queue_table(client: TestClient, tmp_path: Path) -> None:
    context = app_context(client)
    create_user(context)
    login(client)
    device, _ = enroll_device(context, name="北村")
    _send(context, device, _kiosk_events(tmp_path))
    page = client.get("/console/queue?start=2026-11-30&end=2026-11-30").text
    assert 'id="queue-table"' in page
    cells = ["2026-11-30", "A", "2", "2", "1", "0", "1", "9.5", "10.0"]
    assert "".join(f"<td>{c}</td>" for c in cells) in page
    assert "没有取号记录" in client.get("/console/queue?start=2026-01-01&end=2026-01-02").text


def _kiosk_with_tickets(tmp_path: Path) -> tuple[list[dict[str, object]], list[str]]:
    """Four tickets of A; A001 has been served (10 min), A002 is called to counter 1."""
    db = open_database(tmp_path / "phone-kiosk")
    rules = rules_from_settings(Settings())
    issued = [tickets.issue(db, rules, "A", now=OPEN_MONDAY + timedelta(minutes=i)) for i in range(4)]
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=5))
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=15))
    items = [dict(item) for item in outbox.pending_batch(db, limit=100)]
    db.conn.close()
    return items, [i.ticket.token for i in issued]


def test_the_phone_page_shows_people_ahead_the_wait_and_the_call(
    client: TestClient, clock: FakeClock, tmp_path: Path
) -> None:
    clock.now = OPEN_MONDAY + timedelta(minutes=16)
    context = app_context(client)
    device, _ = enroll_device(context, name="北村")
    items, tokens = _kiosk_with_tickets(tmp_path)
    _send(context, device, items)
    last = client.get(f"/q/{tokens[3]}")
    assert last.status_code == 200 and last.headers["cache-control"] == "no-store"
    assert 'id="number">A004<' in last.text
    # A003 waits before it; one counter served A001 in 10 minutes → about 7–13 minutes.
    assert "您前面还有 <strong>1</strong> 人，预计还要等 7–13 分钟" in last.text
    assert "轮到您了：请到 1 号窗口" in client.get(f"/q/{tokens[1]}").text
    assert "已办理完毕" in client.get(f"/q/{tokens[0]}").text
    assert client.get("/q/" + "x" * 22).status_code == 404  # a guessed link finds nothing
    clock.now = OPEN_MONDAY + timedelta(days=2)
    assert client.get(f"/q/{tokens[3]}").status_code == 404  # valid on its day only
