"""Sample statistics exist only in the demo: marked, a month long, and never made by `lawpost server`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from lawpost.demo import free_port, seed_demo_statistics, start_server
from lawpost.demo_data import SAMPLE_MARK, sample_visits
from server.app import build_context
from server.models import Device, UsageEvent
from server.services.stats import StatsFilter, dashboard
from server.settings import ServerSettings


def test_a_sample_month_covers_every_day_with_visits_ratings_and_searches() -> None:
    now = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    visits = list(sample_visits(now=now, days=30, seed=13))
    days = {at.date() for _kiosk, at, _payload in visits}
    assert len(days) == 30
    assert all(now - timedelta(days=31) <= at < now for _k, at, _p in visits)
    events = {payload["event"] for _k, _at, payload in visits}
    assert events == {"screen_view", "search", "guide_read", "rating", "session_end"}


def test_a_normal_server_start_never_seeds_and_the_demo_seed_is_marked(tmp_path: Path) -> None:
    server = start_server(tmp_path / "server", port=free_port())
    try:
        # A real server after start-up: no kiosks, no statistics.
        context = build_context(ServerSettings(data_dir=server.data_dir))
        with context.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(Device)) == 0
            assert session.scalar(select(func.count()).select_from(UsageEvent)) == 0
        summary = seed_demo_statistics(server)
        today = datetime.now(UTC).date()
        with context.session_factory() as session:
            names = list(session.scalars(select(Device.name)))
            board = dashboard(session, StatsFilter(start=today - timedelta(days=31), end=today))
        context.engine.dispose()
    finally:
        server.stop()
    assert len(names) == 3
    assert all(name.startswith(SAMPLE_MARK) for name in names)
    assert board.sessions == summary.sessions > 500
    assert sum(board.ratings.values()) > 100
    assert board.top_searches and board.top_guides
    assert sum(1 for count in board.by_day["session_end"] if count) >= 29
