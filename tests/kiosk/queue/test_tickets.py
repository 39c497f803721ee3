"""Issuing and calling tickets on a real SQLite file: numbering, daily reset, events in the outbox."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils

from kiosk.queue import tickets
from kiosk.queue.services import QueueRules
from kiosk.queue.status import queue_status
from kiosk.storage.database import open_database
from tests.kiosk.queue.conftest import OPEN_MONDAY


def _events(db: sqlite_utils.Database) -> list[dict[str, object]]:
    rows = db.execute(
        "select payload from sync_outbox where kind = 'queue_event' order by seq"
    ).fetchall()
    return [json.loads(r[0]) for r in rows]


def test_numbers_are_consecutive_per_service_and_count_the_people_ahead(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    a = [tickets.issue(db, rules, "A", now=OPEN_MONDAY) for _ in range(3)]
    b = tickets.issue(db, rules, "b", now=OPEN_MONDAY)
    assert [i.ticket.number for i in a] == ["A001", "A002", "A003"]
    assert [i.ahead for i in a] == [0, 1, 2]
    assert (b.ticket.number, b.ahead) == ("B001", 0)


def test_a_repeated_request_returns_the_ticket_already_issued(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    first = tickets.issue(db, rules, "A", now=OPEN_MONDAY, request_key="tap-1")
    again = tickets.issue(db, rules, "A", now=OPEN_MONDAY, request_key="tap-1")
    assert again.repeated and again.ticket.number == first.ticket.number == "A001"
    assert tickets.issue(db, rules, "A", now=OPEN_MONDAY).ticket.number == "A002"
    assert [e["event"] for e in _events(db)] == ["issued", "issued"]


def test_outside_opening_hours_the_visitor_is_told_when_to_come_back(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    lunch = OPEN_MONDAY + timedelta(hours=2, minutes=30)  # 12:30 in Shanghai
    with pytest.raises(tickets.QueueClosedError) as closed:
        tickets.issue(db, rules, "A", now=lunch)
    assert closed.value.reopens is not None
    assert closed.value.reopens.strftime("%H:%M") == "14:00"
    saturday = OPEN_MONDAY + timedelta(days=5)
    with pytest.raises(tickets.QueueClosedError) as weekend:
        tickets.issue(db, rules, "A", now=saturday)
    assert weekend.value.reopens is not None
    assert weekend.value.reopens.strftime("%a %H:%M") == "Mon 08:30"
    assert db.execute("select count(*) from queue_tickets").fetchone()[0] == 0


def test_numbers_restart_each_day_at_the_reset_time_across_a_restart(
    tmp_path: Path, rules: QueueRules
) -> None:
    db = open_database(tmp_path)
    assert tickets.issue(db, rules, "A", now=OPEN_MONDAY).ticket.number == "A001"
    db.conn.close()
    db = open_database(tmp_path)  # the kiosk restarts
    assert tickets.issue(db, rules, "A", now=OPEN_MONDAY).ticket.number == "A002"
    tuesday = OPEN_MONDAY + timedelta(days=1)
    again = tickets.issue(db, rules, "A", now=tuesday)
    assert (again.ticket.number, again.ahead, again.ticket.day) == ("A001", 0, "2026-12-01")
    db.conn.close()


def test_every_ticket_event_is_anonymous_and_carries_its_durations(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    first = tickets.issue(db, rules, "A", now=OPEN_MONDAY).ticket
    tickets.issue(db, rules, "C", now=OPEN_MONDAY + timedelta(minutes=1))
    called = tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=5))
    assert (called.number, called.counter) == ("A001", "1")
    tickets.recall(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=6))
    # Calling the next one finishes the current visitor as served.
    second = tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=15))
    assert second.number == "C001"
    tickets.finish_current(db, "1", "no_show", now=OPEN_MONDAY + timedelta(minutes=17))
    events = _events(db)
    assert [(e["event"], e["number"]) for e in events] == [
        ("issued", "A001"), ("issued", "C001"), ("called", "A001"), ("recalled", "A001"),
        ("served", "A001"), ("called", "C001"), ("no_show", "C001"),
    ]
    assert events[2]["wait_s"] == 300.0
    assert events[4]["service_s"] == 600.0
    assert events[5]["wait_s"] == 840.0
    assert {e["ticket"] for e in events[:1]} == {first.ref}
    raw = " ".join(r[0] for r in db.execute("select payload from sync_outbox").fetchall())
    assert first.token not in raw  # the phone link's secret never leaves the kiosk


def test_a_skipped_ticket_can_be_called_again_by_its_number(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    tickets.issue(db, rules, "B", now=OPEN_MONDAY)
    tickets.issue(db, rules, "B", now=OPEN_MONDAY)
    tickets.call_next(db, rules, "2", now=OPEN_MONDAY)
    assert tickets.finish_current(db, "2", "skipped", now=OPEN_MONDAY).state == "skipped"
    assert tickets.call_next(db, rules, "2", now=OPEN_MONDAY).number == "B002"
    back = tickets.recall(db, rules, "2", number="b001", now=OPEN_MONDAY)
    assert (back.number, back.state, back.calls) == ("B001", "called", 2)
    with pytest.raises(tickets.NoTicketError):
        tickets.call_next(db, rules, "9", now=OPEN_MONDAY)


def test_status_lists_waiting_people_current_and_recent_calls(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    for _ in range(3):
        tickets.issue(db, rules, "A", now=OPEN_MONDAY)
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=1))
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=3))
    status = queue_status(db, rules, now=OPEN_MONDAY + timedelta(minutes=4))
    a = next(s for s in status.services if s.letter == "A")
    assert (a.waiting, a.last_issued, a.open_now, a.mean_service_s) == (1, "A003", True, 120.0)
    assert [(c.number, c.counter) for c in status.current] == [("A002", "1")]
    assert [(c.number, c.state) for c in status.recent] == [("A001", "served")]


def test_a_transferred_visitor_keeps_the_number_and_waits_in_the_new_line(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    tickets.issue(db, rules, "C", now=OPEN_MONDAY)  # C001, served at counters 1 and 2
    tickets.issue(db, rules, "B", now=OPEN_MONDAY + timedelta(minutes=1))  # B001, counter 2
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=2))
    moved = tickets.transfer_current(db, rules, "1", "b", now=OPEN_MONDAY + timedelta(minutes=3))
    assert (moved.number, moved.state, moved.line, moved.counter) == ("C001", "waiting", "B", None)
    status = queue_status(db, rules, now=OPEN_MONDAY + timedelta(minutes=3))
    waiting = {s.letter: s.waiting for s in status.services}
    assert (waiting["B"], waiting["C"]) == (2, 0)
    # Issued first, so it is called first at the mediation counter.
    assert tickets.call_next(db, rules, "2", now=OPEN_MONDAY + timedelta(minutes=4)).number == "C001"
    events = [(e["event"], e["number"], e["service"]) for e in _events(db)]
    assert events[-2:] == [("transferred", "C001", "B"), ("called", "C001", "B")]
    with pytest.raises(KeyError):
        tickets.transfer_current(db, rules, "2", "Z")


def test_the_ticket_estimates_the_wait_from_todays_service_times(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    from kiosk.queue.desk import TicketDesk
    from kiosk.queue.printer import NoTicketPrinter

    now = [OPEN_MONDAY]
    desk = TicketDesk(db, rules, NoTicketPrinter(), service_point="x", base_url="https://h",
                      clock=lambda: now[0])
    assert desk.take("B").wait_min is None  # nobody served yet: no guess
    tickets.call_next(db, rules, "2", now=OPEN_MONDAY + timedelta(minutes=10))
    tickets.finish_current(db, "2", "served", now=OPEN_MONDAY + timedelta(minutes=30))
    now[0] = OPEN_MONDAY + timedelta(minutes=31)
    assert desk.take("B").wait_min is None  # B002: nobody ahead
    third = desk.take("B")  # B003: B002 ahead; one counter served B001 in 20 minutes
    assert (third.ahead, third.wait_min) == (1, (14, 26))
