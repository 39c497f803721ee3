"""Lawyer console: the call-back list (visitors who could not be answered), 显示号码, 已回拨."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from server.console.web import ActiveSessionDep, CsrfChecked, QueueViewer, RowId, client_ip, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services import audit, submissions, video_callbacks

router = APIRouter()


@router.get("/video/callbacks")
def callbacks_page(
    request: Request, user: QueueViewer, active: ActiveSessionDep, session: SessionDep, context: ContextDep
) -> HTMLResponse:
    return render(
        request,
        "video_callbacks.html",
        active=active,
        waiting=video_callbacks.callbacks(session, opener=context.opener, done=False),
        done=video_callbacks.callbacks(session, opener=context.opener, done=True, limit=50),
        shown=None,
    )


@router.get("/video/callbacks/{pk}")
def show_number(
    request: Request,
    pk: RowId,
    user: QueueViewer,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> HTMLResponse:
    """The full number of one request, to dial it; who looked is recorded (PIPL art. 51)."""
    row = video_callbacks.callback(session, pk=pk, opener=context.opener)
    if row is None:
        raise HTTPException(status_code=404, detail="not found")
    target = f"{row.item.device_id}:{row.item.item_id}"
    audit.record(
        session, actor=user.username, action="video.callback_number", target=target, now=now,
        ip=client_ip(request),
    )  # fmt: skip
    session.commit()
    return render(
        request,
        "video_callbacks.html",
        active=active,
        waiting=video_callbacks.callbacks(session, opener=context.opener, done=False),
        done=video_callbacks.callbacks(session, opener=context.opener, done=True, limit=50),
        shown=row,
    )


@router.post("/video/callbacks/{pk}/done", dependencies=[CsrfChecked])
def mark_done(
    request: Request, pk: RowId, user: QueueViewer, session: SessionDep, context: ContextDep, now: NowDep
) -> RedirectResponse:
    """已回拨: the request leaves the open list (and is purged with the other handled items)."""
    if video_callbacks.callback(session, pk=pk, opener=context.opener) is None:
        raise HTTPException(status_code=404, detail="not found")
    item = submissions.mark_handled(session, pk=pk, by=user.username, now=now)
    if item is not None:
        target = f"{item.device_id}:{item.item_id}"
        audit.record(
            session, actor=user.username, action="video.callback_done", target=target, now=now,
            ip=client_ip(request),
        )  # fmt: skip
    session.commit()
    return RedirectResponse("/console/video/callbacks", status_code=303)
