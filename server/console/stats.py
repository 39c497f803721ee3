"""Statistics dashboard (ECharts) and CSV export of anonymous usage events."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from server.console.web import ActiveSessionDep, CurrentUser, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services import stats
from server.services.stats import StatsFilter

router = APIRouter()
_MAX_SPAN_DAYS = 366


def period_filter(now: datetime, zone: ZoneInfo, start: str, end: str, kiosk: str) -> tuple[StatsFilter, str]:
    """The filter from query text; bad or missing dates fall back to the last 30 days."""
    today = now.astimezone(zone).date()
    note = ""
    try:
        end_day = date.fromisoformat(end) if end else today
        start_day = date.fromisoformat(start) if start else end_day - timedelta(days=29)
    except (ValueError, OverflowError):
        end_day, start_day = today, today - timedelta(days=29)
        note = "日期格式应为 YYYY-MM-DD，已显示最近 30 天 (dates must be YYYY-MM-DD)"
    if start_day > end_day:
        start_day, end_day = end_day, start_day
    if (end_day - start_day).days >= _MAX_SPAN_DAYS:
        start_day = end_day - timedelta(days=_MAX_SPAN_DAYS - 1)
        note = "最多显示一年 (at most one year is shown)"
    return StatsFilter(start=start_day, end=end_day, device_id=kiosk or None), note


@router.get("/stats")
def stats_page(
    request: Request,
    user: CurrentUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    start: str = "",
    end: str = "",
    kiosk: str = "",
) -> HTMLResponse:
    flt, note = period_filter(now, context.zone, start, end, kiosk)
    board = stats.dashboard(session, flt)
    chart_data = {
        "days": [d.isoformat() for d in board.days],
        "byDay": board.by_day,
        "byKiosk": [[name, n] for _, name, n in board.by_kiosk],
        "byTopic": board.by_topic,
        "ratings": [[k, board.ratings.get(k, 0)] for k in range(1, 6)],
    }
    return render(
        request,
        "stats.html",
        active=active,
        board=board,
        flt=flt,
        note=note,
        kiosk=kiosk,
        # Rendered with Jinja's tojson, which escapes < > & ' so kiosk-sent names and topics
        # cannot close the <script> block the data sits in.
        chart_data=chart_data,
    )


@router.get("/stats.csv")
def stats_csv(
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    start: str = "",
    end: str = "",
    kiosk: str = "",
) -> Response:
    flt, _ = period_filter(now, context.zone, start, end, kiosk)
    body = stats.export_csv(session, flt)
    name = f"lawpost-stats-{flt.start.isoformat()}-{flt.end.isoformat()}.csv"
    return Response(
        content=body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
