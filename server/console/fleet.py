"""Fleet page: every kiosk's status, versions, last beat and open alerts; revoke; clear alerts."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from server.console.web import ActiveSessionDep, AdminUser, CsrfChecked, RowId, TechUser, client_ip, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services import alerts, audit, devices, submissions

router = APIRouter()
# Kiosks per fleet page: a city's 2,000 kiosks on one page were 2.8 MB of HTML (≈ 320 ms).
FLEET_PAGE_SIZE = 100


@router.get("/fleet")
def fleet_page(
    request: Request,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    show: str = "all",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    # Kept figures, at most `fleet_page_max_age_s` old (server/services/fleet_snapshot.py).
    offline_after = timedelta(seconds=context.settings.offline_after_s)
    snapshot = context.fleet_snapshots.get(session, now=now, offline_after=offline_after)
    rows = snapshot.rows
    # With hundreds of kiosks a technician starts from the ones that need someone, or looks one
    # up by (part of) its name or id.
    if show == "problems":
        rows = [r for r in rows if r.open_alerts or r.status in ("offline", "never")]
    wanted = q.strip().casefold()
    if wanted:
        rows = [r for r in rows if wanted in r.device.name.casefold() or r.device.id.startswith(wanted)]
    matching = len(rows)
    pages = max(1, -(-matching // FLEET_PAGE_SIZE))
    page = min(page, pages)
    shown = rows[(page - 1) * FLEET_PAGE_SIZE : page * FLEET_PAGE_SIZE]
    return render(
        request,
        "fleet.html",
        active=active,
        rows=shown,
        matching=matching,
        counts=snapshot.counts,
        now=now,
        taken_at=snapshot.taken_at,
        age_s=int((now - snapshot.taken_at).total_seconds()),
        show=show,
        q=q.strip(),
        page=page,
        pages=pages,
        rejected=submissions.rejected(session, limit=50),
    )


@router.post("/fleet/{device_id}/revoke", dependencies=[CsrfChecked])
def revoke(
    request: Request, device_id: str, user: AdminUser, session: SessionDep, context: ContextDep, now: NowDep
) -> RedirectResponse:
    device = devices.revoke(session, device_id=device_id, by=user.username, now=now)
    if device is not None:
        audit.record(
            session,
            actor=user.username,
            action="device.revoke",
            target=device_id,
            detail=device.name,
            now=now,
            ip=client_ip(request),
        )
    session.commit()
    context.fleet_snapshots.forget()  # the technician sees their own change at once
    return RedirectResponse("/console/fleet", status_code=303)


@router.post("/alerts/{alert_id}/clear", dependencies=[CsrfChecked])
def clear_alert(
    request: Request, alert_id: RowId, user: TechUser, session: SessionDep, context: ContextDep, now: NowDep
) -> RedirectResponse:
    alert = alerts.clear(session, alert_id=alert_id, by=user.username, now=now)
    if alert is not None:
        audit.record(
            session,
            actor=user.username,
            action="alert.clear",
            target=f"{alert.device_id}:{alert.kind}",
            now=now,
            ip=client_ip(request),
        )
    session.commit()
    context.fleet_snapshots.forget()  # the technician sees their own change at once
    return RedirectResponse("/console/fleet", status_code=303)
