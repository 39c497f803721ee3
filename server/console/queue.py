"""Queue statistics page: tickets, calls, waiting and service time per day and service."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from server.console.stats import _filter
from server.console.web import ActiveSessionDep, CurrentUser, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services.queue import queue_days

router = APIRouter()


@router.get("/queue")
def queue_page(
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
    flt, note = _filter(now, context.zone, start, end, kiosk)
    return render(request, "queue_stats.html", active=active, rows=queue_days(session, flt), flt=flt,
                  note=note, kiosk=kiosk)
