"""Statistics: counts by day (in the bureau's time zone), kiosk, topic; top lists; CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from server_helpers import as_models, enroll_device, wire_item

from server.context import ServerContext
from server.models import Device
from server.services import stats
from server.services.ingest import ingest_batch


def _send(context: ServerContext, device: Device, events: list[tuple[str, dict[str, object]]]) -> None:
    items = [wire_item(payload=payload, created_at=created_at) for created_at, payload in events]
    with context.session_factory() as session:
        ingest_batch(
            session,
            device=device,
            items=as_models(items),
            opener=context.opener,
            zone=context.zone,
            now=context.clock(),
        )
        session.commit()


def _fill(context: ServerContext) -> tuple[Device, Device]:
    north, _ = enroll_device(context, name="北村")
    south, _ = enroll_device(context, name="南村")
    _send(
        context,
        north,
        [
            ("2026-03-01T02:00:00Z", {"event": "search", "query": "工资", "topic": "labour"}),
            ("2026-03-01T03:00:00Z", {"event": "search", "query": "工资", "topic": "labour"}),
            (
                "2026-03-01T04:00:00Z",
                {"event": "guide_read", "guide_id": "wage-arrears", "topic": "labour"},
            ),
            # 17:30 UTC is 01:30 the next day in Beijing: it counts for 2 March.
            ("2026-03-01T17:30:00Z", {"event": "rating", "rating": 5}),
            ("2026-03-01T17:40:00Z", {"event": "session_end", "duration_s": 120.0}),
        ],
    )
    _send(
        context,
        south,
        [
            ("2026-03-02T02:00:00Z", {"event": "ask", "query": "离婚 财产", "topic": "family"}),
            ("2026-03-02T02:10:00Z", {"event": "search", "query": "工资", "topic": "labour"}),
            ("2026-03-02T02:20:00Z", {"event": "rating", "rating": 3}),
            ("2026-03-02T02:30:00Z", {"event": "session_end", "duration_s": 60.0}),
        ],
    )
    return north, south


def test_dashboard_counts(context: ServerContext) -> None:
    _fill(context)
    flt = stats.StatsFilter(start=date(2026, 3, 1), end=date(2026, 3, 2))
    with context.session_factory() as session:
        board = stats.dashboard(session, flt)
    assert board.days == [date(2026, 3, 1), date(2026, 3, 2)]
    assert board.by_day["search"] == [2, 1]
    assert board.by_day["rating"] == [0, 2]
    assert board.total_events == 9
    assert [(name, n) for _, name, n in board.by_kiosk] == [("北村", 5), ("南村", 4)]
    assert board.by_topic == [("labour", 4), ("family", 1)]
    assert board.top_searches == [("工资", 3), ("离婚 财产", 1)]
    assert board.top_guides == [("wage-arrears", 1)]
    assert board.ratings == {5: 1, 3: 1}
    assert board.sessions == 2
    assert board.mean_session_s == 90.0


def test_filter_by_kiosk_and_day(context: ServerContext) -> None:
    north, _ = _fill(context)
    flt = stats.StatsFilter(start=date(2026, 3, 1), end=date(2026, 3, 1), device_id=north.id)
    with context.session_factory() as session:
        board = stats.dashboard(session, flt)
    assert board.total_events == 3
    assert board.top_searches == [("工资", 2)]


def test_csv_export_has_one_row_per_day_kiosk_event_topic(context: ServerContext) -> None:
    _fill(context)
    flt = stats.StatsFilter(start=date(2026, 3, 1), end=date(2026, 3, 2))
    with context.session_factory() as session:
        text = stats.export_csv(session, flt)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == list(stats.CSV_HEADER)
    body = [(r[0], r[2], r[3], r[4], r[5]) for r in rows[1:]]
    assert ("2026-03-01", "北村", "search", "labour", "2") in body
    assert ("2026-03-02", "北村", "rating", "", "1") in body
    assert sum(int(r[5]) for r in rows[1:]) == 9


def test_csv_cells_cannot_become_spreadsheet_formulas(context: ServerContext) -> None:
    device, _ = enroll_device(context, name='=HYPERLINK("x")')
    _send(context, device, [("2026-03-01T02:00:00Z", {"event": "screen_view", "topic": "+1"})])
    flt = stats.StatsFilter(start=date(2026, 3, 1), end=date(2026, 3, 1))
    with context.session_factory() as session:
        rows = list(csv.reader(io.StringIO(stats.export_csv(session, flt).lstrip("\ufeff"))))
    assert rows[1][2].startswith("'=")
    assert rows[1][4] == "'+1"
