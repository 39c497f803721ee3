"""Submissions inbox for staff: list, open (decrypts, audited), print, mark handled."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.console.web import ActiveSessionDep, CsrfChecked, RowId, StaffUser, client_ip, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services import audit, submissions

router = APIRouter()


@router.get("/inbox")
def inbox_page(
    request: Request,
    user: StaffUser,
    active: ActiveSessionDep,
    session: SessionDep,
    show: str = "open",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    size = submissions.PAGE_SIZE
    # One row more than a page tells whether there is a next page without counting them all.
    rows = submissions.inbox(session, show_handled=show == "all", limit=size + 1, offset=(page - 1) * size)
    return render(
        request,
        "inbox.html",
        active=active,
        rows=rows[:size],
        show=show,
        page=page,
        has_next=len(rows) > size,
        waiting=submissions.unhandled_count(session),
    )


@router.get("/inbox/{pk}")
def open_page(
    request: Request,
    pk: RowId,
    user: StaffUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    print_view: bool = False,
) -> HTMLResponse:
    opened = submissions.open_item(session, pk=pk, opener=context.opener)
    if opened is None:
        raise HTTPException(status_code=404, detail="not found")
    # Who looked at whose personal data is itself a record the law asks for (PIPL art. 51).
    audit.record(
        session,
        actor=user.username,
        action="submission.open",
        target=f"{opened.item.device_id}:{opened.item.item_id}",
        now=now,
        ip=client_ip(request),
    )
    session.commit()
    template = "item_print.html" if print_view else "item.html"
    return render(request, template, active=active, opened=opened)


@router.get("/inbox/{pk}/document.pdf")
def document_pdf(
    request: Request,
    pk: int,
    user: StaffUser,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> Response:
    """The PDF a kiosk printed for a guided form, as sent (decrypted here, audited)."""
    opened = submissions.open_item(session, pk=pk, opener=context.opener)
    pdf = submissions.form_pdf(opened) if opened is not None else None
    if opened is None or pdf is None:
        raise HTTPException(status_code=404, detail="no document")
    audit.record(
        session,
        actor=user.username,
        action="submission.download",
        target=f"{opened.item.device_id}:{opened.item.item_id}",
        now=now,
        ip=client_ip(request),
    )
    session.commit()
    name = f"{opened.fields.get('form', 'form')}-{opened.item.item_id}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.post("/inbox/{pk}/handled", dependencies=[CsrfChecked])
def mark_handled(
    request: Request, pk: RowId, user: StaffUser, session: SessionDep, now: NowDep
) -> RedirectResponse:
    item = submissions.mark_handled(session, pk=pk, by=user.username, now=now)
    if item is not None:
        audit.record(
            session,
            actor=user.username,
            action="submission.handled",
            target=f"{item.device_id}:{item.item_id}",
            now=now,
            ip=client_ip(request),
        )
    session.commit()
    return RedirectResponse("/console/inbox", status_code=303)
