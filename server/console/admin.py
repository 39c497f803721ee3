"""Admin pages: console accounts (create, unlock) and the audit log with its chain check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.console.web import ActiveSessionDep, AdminUser, CsrfChecked, RowId, client_ip, render
from server.deps import ContextDep, NowDep, SessionDep
from server.services import audit, users

router = APIRouter()


@router.get("/users")
def users_page(
    request: Request, user: AdminUser, active: ActiveSessionDep, session: SessionDep, now: NowDep
) -> HTMLResponse:
    return render(request, "users.html", active=active, rows=users.list_users(session), now=now, error="")


@router.post("/users", dependencies=[CsrfChecked], response_model=None)
def create_user(
    request: Request,
    user: AdminUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    role: Annotated[str, Form(max_length=16)],
) -> Response:
    try:
        created = users.create_user(
            session,
            username=username,
            password=password,
            role=role,
            now=now,
            passwords=context.passwords,
        )
    except users.AccountError as error:
        session.rollback()
        return render(
            request,
            "users.html",
            active=active,
            rows=users.list_users(session),
            now=now,
            error=str(error),
            status_code=400,
        )
    audit.record(
        session,
        actor=user.username,
        action="user.create",
        target=f"{created.username}:{created.role}",
        now=now,
        ip=client_ip(request),
    )
    session.commit()
    return RedirectResponse("/console/users", status_code=303)


@router.post("/users/{user_id}/unlock", dependencies=[CsrfChecked])
def unlock(
    request: Request, user_id: RowId, user: AdminUser, session: SessionDep, now: NowDep
) -> RedirectResponse:
    target = users.unlock(session, user_id=user_id)
    if target is not None:
        audit.record(
            session,
            actor=user.username,
            action="user.unlock",
            target=target.username,
            now=now,
            ip=client_ip(request),
        )
    session.commit()
    return RedirectResponse("/console/users", status_code=303)


@router.get("/audit")
def audit_page(
    request: Request,
    user: AdminUser,
    active: ActiveSessionDep,
    session: SessionDep,
    action: Annotated[str, Query(max_length=64)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    size = audit.PAGE_SIZE
    # One row more than a page tells whether there is an older page without counting them all.
    rows = audit.recent(session, limit=size + 1, offset=(page - 1) * size, action=action)
    return render(
        request,
        "audit.html",
        active=active,
        rows=rows[:size],
        page=page,
        has_next=len(rows) > size,
        action=action,
        actions=audit.actions(session),
        broken=audit.first_broken_entry(session),
    )
