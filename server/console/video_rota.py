"""Lawyer console: the duty rota (值班表) — add and remove shifts — and the bookings at its slots."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from server.console.web import ActiveSessionDep, CsrfChecked, QueueViewer, RowId, client_ip, render
from server.deps import ContextDep, NowDep, SessionDep
from server.models import User, VideoBooking
from server.services import audit, video_rota
from server.services.console_sessions import ActiveSession
from server.services.video import TOPIC_NAMES

router = APIRouter()
_EDITORS = ("lawyer", "admin")


def _page(request: Request, *, user: User, active: ActiveSession, session: SessionDep, now: datetime,
          error: str = "", status: int = 200) -> HTMLResponse:  # fmt: skip
    lawyers = list(
        session.scalars(select(User.username).where(User.role == "lawyer").order_by(User.username))
    )
    return render(
        request,
        "video_rota.html",
        active=active,
        status_code=status,
        shifts=video_rota.upcoming_shifts(session, now=now),
        bookings=video_rota.bookings(session, now=now),
        topic_names=TOPIC_NAMES,
        lawyers=lawyers,
        can_edit=user.role in _EDITORS,
        # A visitor phones the hall to say they cannot come: the lawyer or the hall staff cancel.
        can_cancel=user.role in ("lawyer", "staff", "admin"),
        is_admin=user.role == "admin",
        error=error,
    )


@router.get("/video/rota")
def rota_page(
    request: Request, user: QueueViewer, active: ActiveSessionDep, session: SessionDep, now: NowDep
) -> HTMLResponse:
    return _page(request, user=user, active=active, session=session, now=now)


@router.post("/video/rota", dependencies=[CsrfChecked], response_model=None)
def add_shift(
    request: Request,
    user: QueueViewer,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    day: Annotated[str, Form(max_length=10)],
    start: Annotated[str, Form(max_length=5)],
    end: Annotated[str, Form(max_length=5)],
    lawyer: Annotated[str, Form(max_length=64)] = "",
) -> HTMLResponse | RedirectResponse:
    """A lawyer adds their own shift; an admin adds anyone's. Times are the deployment's zone."""
    if user.role not in _EDITORS:
        return _page(request, user=user, active=active, session=session, now=now,
                     error="只有律师和管理员可以排班 (lawyers and admins only)", status=403)  # fmt: skip
    who = lawyer if user.role == "admin" and lawyer else user.username
    try:
        starts = datetime.fromisoformat(f"{day}T{start}").replace(tzinfo=context.zone)
        ends = datetime.fromisoformat(f"{day}T{end}").replace(tzinfo=context.zone)
    except ValueError:
        return _page(request, user=user, active=active, session=session, now=now,
                     error="日期或时间格式不对 (date or time not understood)", status=422)  # fmt: skip
    try:
        shift = video_rota.add_shift(
            session, lawyer=who, starts_at=starts, ends_at=ends, by=user.username, now=now
        )
    except video_rota.RotaRefused as refused:
        session.rollback()
        return _page(request, user=user, active=active, session=session, now=now, error=refused.message,
                     status=refused.status)  # fmt: skip
    audit.record(session, actor=user.username, action="video.shift_add", target=f"shift:{shift.id}", now=now,
                 ip=client_ip(request))  # fmt: skip
    session.commit()
    return RedirectResponse("/console/video/rota", status_code=303)


@router.post("/video/rota/{pk}/delete", dependencies=[CsrfChecked])
def remove_shift(
    request: Request, pk: RowId, user: QueueViewer, session: SessionDep, now: NowDep
) -> RedirectResponse:
    if user.role in _EDITORS and video_rota.remove_shift(
        session, shift_id=pk, by=user.username, is_admin=user.role == "admin"
    ):
        audit.record(session, actor=user.username, action="video.shift_remove", target=f"shift:{pk}", now=now,
                     ip=client_ip(request))  # fmt: skip
        session.commit()
    return RedirectResponse("/console/video/rota", status_code=303)


@router.post("/video/bookings/{pk}/cancel", dependencies=[CsrfChecked])
def cancel_booking(
    request: Request, pk: RowId, user: QueueViewer, session: SessionDep, now: NowDep
) -> RedirectResponse:
    """取消预约 for a visitor who phoned: the slot is free again; the kiosk will not call the code."""
    booking = session.get(VideoBooking, pk)
    if booking is not None and video_rota.cancel(session, booking=booking, by=user.username, now=now):
        audit.record(session, actor=user.username, action="video.booking_cancel", target=f"booking:{pk}",
                     now=now, ip=client_ip(request))  # fmt: skip
        session.commit()
    return RedirectResponse("/console/video/rota", status_code=303)
