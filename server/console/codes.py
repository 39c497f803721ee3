"""Enrollment codes page: create (shown once, with a QR code for the kiosk's camera), list with
state, expire."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kiosk.firstboot.qr_camera import enrollment_qr_text
from server.console.web import ActiveSessionDep, AdminUser, CsrfChecked, RowId, client_ip, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services import audit, enrollment

router = APIRouter()


def _enrollment_qr(request: Request, public_origin: str, code: str) -> tuple[str, str]:
    """The server address the kiosk will use and the QR code (a PNG data: URI, which the page's
    CSP allows) that the first-boot wizard scans. Without a configured public origin, the
    address the technician's browser reached the console at is the best guess: behind nginx
    it is the same public address the kiosks use."""
    import qrcode

    origin = public_origin.strip().rstrip("/") or f"{request.url.scheme}://{request.url.netloc}"
    picture = qrcode.make(enrollment_qr_text(origin, code), box_size=8, border=4)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return origin, "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@router.get("/codes")
def codes_page(
    request: Request,
    user: AdminUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> HTMLResponse:
    rows = [(row, enrollment.code_state(row, now=now)) for row in enrollment.list_codes(session)]
    return render(
        request,
        "codes.html",
        active=active,
        rows=rows,
        new_code=None,
        default_hours=context.settings.enrollment_code_ttl_minutes // 60,
    )


@router.post("/codes", dependencies=[CsrfChecked])
def create_code(
    request: Request,
    user: AdminUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    hours: Annotated[int, Form(ge=1, le=24 * 30)] = 24,
    note: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    code, row = enrollment.create_code(
        session, created_by=user.username, ttl=timedelta(hours=hours), now=now, note=note
    )
    audit.record(
        session,
        actor=user.username,
        action="enrollment_code.create",
        target=f"{row.id}:{row.hint}",
        detail=note,
        now=now,
        ip=client_ip(request),
    )
    session.commit()
    rows = [(r, enrollment.code_state(r, now=now)) for r in enrollment.list_codes(session)]
    # The code is shown on this one page and never again (only its hash is stored).
    qr_origin, qr_image = _enrollment_qr(request, context.settings.public_origin, code)
    return render(
        request,
        "codes.html",
        active=active,
        rows=rows,
        new_code=code,
        new_code_row=row,
        qr_origin=qr_origin,
        qr_image=qr_image,
        default_hours=hours,
    )


@router.post("/codes/{code_id}/expire", dependencies=[CsrfChecked])
def expire_code(
    request: Request, code_id: RowId, user: AdminUser, session: SessionDep, now: NowDep
) -> RedirectResponse:
    row = enrollment.expire_code(session, code_id=code_id, now=now)
    if row is not None:
        audit.record(
            session,
            actor=user.username,
            action="enrollment_code.expire",
            target=f"{row.id}:{row.hint}",
            now=now,
            ip=client_ip(request),
        )
    session.commit()
    return RedirectResponse("/console/codes", status_code=303)
