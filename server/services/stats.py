"""Aggregates of anonymous usage events for the statistics dashboard and its CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from server.models import Device, UsageEvent

Ts = TypeVarTuple("Ts")


@dataclass(frozen=True)
class StatsFilter:
    start: date
    end: date  # inclusive
    device_id: str | None = None

    def apply(self, query: Select[*Ts]) -> Select[*Ts]:
        query = query.where(UsageEvent.day >= self.start, UsageEvent.day <= self.end)
        if self.device_id:
            query = query.where(UsageEvent.device_id == self.device_id)
        return query


@dataclass
class Dashboard:
    days: list[date] = field(default_factory=list)
    # event → counts aligned with `days`
    by_day: dict[str, list[int]] = field(default_factory=dict)
    by_kiosk: list[tuple[str, str, int]] = field(default_factory=list)
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    top_searches: list[tuple[str, int]] = field(default_factory=list)
    top_guides: list[tuple[str, int]] = field(default_factory=list)
    ratings: dict[int, int] = field(default_factory=dict)
    total_events: int = 0
    sessions: int = 0
    mean_session_s: float | None = None


def _pairs(session: Session, query: Select[Any, int]) -> list[tuple[str, int]]:
    return [(str(key), int(str(count))) for key, count in session.execute(query)]


def dashboard(session: Session, flt: StatsFilter, *, top: int = 20) -> Dashboard:
    result = Dashboard()
    span = (flt.end - flt.start).days + 1
    result.days = [date.fromordinal(flt.start.toordinal() + i) for i in range(max(span, 0))]
    index = {d: i for i, d in enumerate(result.days)}
    count = func.count().label("n")
    for day, event, n in session.execute(
        flt.apply(select(UsageEvent.day, UsageEvent.event, count).group_by(UsageEvent.day, UsageEvent.event))
    ):
        series = result.by_day.setdefault(str(event), [0] * len(result.days))
        if day in index:
            series[index[day]] = int(str(n))
        result.total_events += int(str(n))
    kiosk_query = (
        select(UsageEvent.device_id, Device.name, count)
        .join(Device, Device.id == UsageEvent.device_id)
        .group_by(UsageEvent.device_id, Device.name)
        .order_by(count.desc())
    )
    result.by_kiosk = [
        (str(d), str(name), int(str(n))) for d, name, n in session.execute(flt.apply(kiosk_query))
    ]
    result.by_topic = _pairs(
        session,
        flt.apply(
            select(UsageEvent.topic, count)
            .where(UsageEvent.topic.is_not(None))
            .group_by(UsageEvent.topic)
            .order_by(count.desc(), UsageEvent.topic)
            .limit(top)
        ),
    )
    result.top_searches = _pairs(
        session,
        flt.apply(
            select(UsageEvent.query, count)
            .where(UsageEvent.event.in_(("search", "ask")), UsageEvent.query.is_not(None))
            .group_by(UsageEvent.query)
            .order_by(count.desc(), UsageEvent.query)
            .limit(top)
        ),
    )
    result.top_guides = _pairs(
        session,
        flt.apply(
            select(UsageEvent.guide_id, count)
            .where(UsageEvent.event == "guide_read", UsageEvent.guide_id.is_not(None))
            .group_by(UsageEvent.guide_id)
            .order_by(count.desc(), UsageEvent.guide_id)
            .limit(top)
        ),
    )
    result.ratings = {
        int(k): n
        for k, n in _pairs(
            session,
            flt.apply(
                select(UsageEvent.rating, count)
                .where(UsageEvent.event == "rating", UsageEvent.rating.is_not(None))
                .group_by(UsageEvent.rating)
            ),
        )
    }
    sessions_row = session.execute(
        flt.apply(
            select(func.count(), func.avg(UsageEvent.duration_s)).where(UsageEvent.event == "session_end")
        )
    ).one()
    result.sessions = int(str(sessions_row[0]))
    result.mean_session_s = float(str(sessions_row[1])) if sessions_row[1] is not None else None
    return result


CSV_HEADER = ("day", "kiosk_id", "kiosk_name", "event", "topic", "count")


def export_csv(session: Session, flt: StatsFilter) -> str:
    """One row per day × kiosk × event × topic, for spreadsheets (UTF-8 with BOM for Excel)."""
    count = func.count().label("n")
    query = (
        select(
            UsageEvent.day,
            UsageEvent.device_id,
            Device.name,
            UsageEvent.event,
            UsageEvent.topic,
            count,
        )
        .join(Device, Device.id == UsageEvent.device_id)
        .group_by(UsageEvent.day, UsageEvent.device_id, Device.name, UsageEvent.event, UsageEvent.topic)
        .order_by(UsageEvent.day, Device.name, UsageEvent.event, UsageEvent.topic)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for day, device_id, name, event, topic, n in session.execute(flt.apply(query)):
        writer.writerow(
            [day.isoformat(), device_id, _safe_cell(str(name)), event, _safe_cell(topic or ""), n]
        )
    return "\ufeff" + buffer.getvalue()


def _safe_cell(text: str) -> str:
    # A cell starting with = + - @ runs as a formula in Excel (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
