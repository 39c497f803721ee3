"""Queue statistics page: tickets, calls, waiting and service time per day and service."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from server.console.stats import period_filter
from server.console.web import ActiveSessionDep, CurrentUser, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services.queue import queue_days, ticket_view

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
    flt, note = period_filter(now, context.zone, start, end, kiosk)
    return render(request, "queue_stats.html", active=active, rows=queue_days(session, flt), flt=flt,
                  note=note, kiosk=kiosk)


# The phone page of a ticket (its QR code): public, no login, no personal data; the token in the
# link is 128 random bits, so a page cannot be found by guessing.
public_router = APIRouter(include_in_schema=False)


@public_router.get("/q/{token}")
def ticket_page(request: Request, token: str, session: SessionDep, context: ContextDep,
                now: NowDep) -> HTMLResponse:
    view = ticket_view(session, token=token, now=now, zone=context.zone)
    as_of = view.as_of.astimezone(context.zone).strftime("%H:%M") if view else ""
    response = render(request, "queue_phone.html", view=view, as_of=as_of,
                      status_code=200 if view else 404)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
