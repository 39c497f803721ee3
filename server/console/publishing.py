"""Content-pack publishing page: channels, Promote to stable, schedules, kiosk groups, adoption."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.console.web import ActiveSessionDep, AdminUser, CsrfChecked, RowId, TechUser, client_ip, render
from server.context import ServerContext
from server.deps import ContextDep, NowDep, SessionDep
from server.models import Device, KioskGroup, PublishedPack
from server.services import adoption, audit, channels, kiosk_groups, publishers
from server.services.console_sessions import ActiveSession
from server.services.update_repo import RepositoryNotReady, open_repository

router = APIRouter()
PAGE = "/console/updates"
# Kiosks listed in the adoption table, problems first (the fleet page pages through all).
ADOPTION_ROWS = 300
_PROBLEMS = ("rolled_back", "failing")
_STATE_ORDER = {"rolled_back": 0, "failing": 1, "behind": 2, "unknown": 3, "current": 4}

Channel = Annotated[str, Form(pattern="^(staging|stable)$")]
GroupName = Annotated[str, Form(max_length=64)]


def _page(
    request: Request,
    *,
    active: ActiveSession,
    session: Session,
    context: ServerContext,
    now: datetime,
    error: str = "",
    new_token: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    rows = adoption.fleet_adoption(session)
    rows.sort(key=lambda r: (_STATE_ORDER[r.state], r.device.name))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    groups = kiosk_groups.all_groups(session)
    named = kiosk_groups.memberships(session)
    members = {g.id: 0 for g in groups}
    for row in rows:
        for g in groups:
            if g.name == row.group:
                members[g.id] += 1
    try:
        open_repository(context.settings)
        repo_problem = ""
    except RepositoryNotReady as exc:
        repo_problem = str(exc)
    return render(
        request,
        "updates.html",
        active=active,
        status_code=status_code,
        error=error,
        new_token=new_token,
        repo_problem=repo_problem,
        pointers=channels.pointers(session),
        packs=list(
            session.scalars(
                select(PublishedPack).order_by(PublishedPack.uploaded_at.desc(), PublishedPack.id.desc())
            )
        ),
        scheduled=channels.pending(session),
        groups=groups,
        members=members,
        named=named,
        rows=rows[:ADOPTION_ROWS],
        total=len(rows),
        counts=counts,
        staging_problems=sum(1 for r in rows if r.channel == "staging" and r.state in _PROBLEMS),
        devices=list(
            session.scalars(select(Device).where(Device.revoked_at.is_(None)).order_by(Device.name))
        ),
        tokens=publishers.all_tokens(session) if active.user.role == "admin" else [],
        now=now,
    )


@router.get("/updates")
def updates_page(
    request: Request,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> HTMLResponse:
    return _page(request, active=active, session=session, context=context, now=now)


def _change(
    request: Request,
    *,
    active: ActiveSession,
    session: Session,
    context: ServerContext,
    now: datetime,
    action: str,
    target: str,
    apply: Any,
) -> Response:
    """Run one change under the repository lock; a refusal re-renders the page with its sentence."""
    try:
        repo = open_repository(context.settings)
        with repo.locked():
            apply(repo)
            audit.record(
                session, actor=active.user.username, action=action, target=target[:200], now=now,
                ip=client_ip(request),
            )  # fmt: skip
            session.commit()
    except (RepositoryNotReady, channels.ChannelError, kiosk_groups.GroupError) as exc:
        session.rollback()
        return _page(
            request, active=active, session=session, context=context, now=now, error=str(exc), status_code=400
        )
    return RedirectResponse(PAGE, status_code=303)


@router.post("/updates/promote", dependencies=[CsrfChecked])
def promote(
    request: Request,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> Response:
    def apply(repo: channels.ChannelWriter) -> None:
        channels.promote(session, repo, by=user.username, now=now)

    return _change(
        request, active=active, session=session, context=context, now=now, action="pack.promote",
        target="staging→stable", apply=apply,
    )  # fmt: skip


def _pack_ref(text: str) -> tuple[str, int]:
    pack_id, _, version = text.rpartition(":")
    if not pack_id or not version.isdigit() or len(version) > 9:
        raise channels.ChannelError("请选择一个已发布的内容包 (choose a published pack)")
    return pack_id, int(version)


@router.post("/updates/schedule", dependencies=[CsrfChecked])
def schedule(
    request: Request,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    channel: Channel,
    pack: Annotated[str, Form(max_length=80)],
    due: Annotated[str, Form(max_length=20)],
    group: GroupName = "",
) -> Response:
    def apply(_repo: channels.ChannelWriter) -> None:
        try:
            local = datetime.fromisoformat(due)
        except ValueError:
            raise channels.ChannelError("生效时间格式错误 (the time is not a date and time)") from None
        if local.tzinfo is not None or not 2000 <= local.year <= 2100:
            raise channels.ChannelError("生效时间格式错误 (the time is not a date and time)")
        pack_id, version = _pack_ref(pack)
        channels.schedule(
            session, channel=channel, group=group.strip(), pack_id=pack_id, version=version,
            due_at=local.replace(tzinfo=context.zone), by=user.username, now=now,
        )  # fmt: skip

    return _change(
        request, active=active, session=session, context=context, now=now, action="pack.schedule",
        target=f"{channel}/{group}:{pack}@{due}", apply=apply,
    )  # fmt: skip


@router.post("/updates/schedule/{change_id}/cancel", dependencies=[CsrfChecked])
def cancel_schedule(
    request: Request, change_id: RowId, user: TechUser, session: SessionDep, now: NowDep
) -> RedirectResponse:
    change = channels.cancel(session, change_id=change_id, by=user.username, now=now)
    if change is not None:
        audit.record(
            session, actor=user.username, action="pack.schedule_cancel", target=str(change_id), now=now,
            ip=client_ip(request),
        )  # fmt: skip
    session.commit()
    return RedirectResponse(PAGE, status_code=303)


@router.post("/updates/groups", dependencies=[CsrfChecked])
def create_group(
    request: Request,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    name: GroupName,
    channel: Channel,
    township: GroupName = "",
) -> Response:
    try:
        kiosk_groups.create(session, name=name, channel=channel, township=township, by=user.username, now=now)
    except kiosk_groups.GroupError as exc:
        session.rollback()
        return _page(
            request, active=active, session=session, context=context, now=now, error=str(exc), status_code=400
        )
    audit.record(
        session, actor=user.username, action="group.create", target=name[:200], now=now, ip=client_ip(request)
    )
    session.commit()
    return RedirectResponse(PAGE, status_code=303)


@router.post("/updates/groups/{group_id}/channel", dependencies=[CsrfChecked])
def group_channel(
    request: Request,
    group_id: RowId,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    channel: Channel,
) -> Response:
    try:
        group = kiosk_groups.set_channel(session, group_id=group_id, channel=channel)
    except kiosk_groups.GroupError as exc:
        session.rollback()
        return _page(
            request, active=active, session=session, context=context, now=now, error=str(exc), status_code=400
        )
    audit.record(
        session, actor=user.username, action="group.channel", target=f"{group.name}→{channel}", now=now,
        ip=client_ip(request),
    )  # fmt: skip
    session.commit()
    return RedirectResponse(PAGE, status_code=303)


@router.post("/updates/groups/{group_id}/delete", dependencies=[CsrfChecked])
def delete_group(
    request: Request,
    group_id: RowId,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> Response:
    group = session.get(KioskGroup, group_id)
    if group is None:
        return RedirectResponse(PAGE, status_code=303)
    name = group.name

    def apply(repo: channels.ChannelWriter) -> None:
        kiosk_groups.remove(session, group_id=group_id)
        channels.forget_group(session, repo, group=name, by=user.username, now=now)

    return _change(
        request, active=active, session=session, context=context, now=now, action="group.delete",
        target=name, apply=apply,
    )  # fmt: skip


@router.post("/updates/members", dependencies=[CsrfChecked])
def assign_member(
    request: Request,
    user: TechUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    device_id: Annotated[str, Form(max_length=40)],
    group_id: Annotated[int, Form(ge=0, le=2**63 - 1)] = 0,
) -> Response:
    try:
        kiosk_groups.assign(session, device_id=device_id, group_id=group_id or None)
    except kiosk_groups.GroupError as exc:
        session.rollback()
        return _page(
            request, active=active, session=session, context=context, now=now, error=str(exc), status_code=400
        )
    audit.record(
        session, actor=user.username, action="group.member", target=f"{device_id}→{group_id or '-'}", now=now,
        ip=client_ip(request),
    )  # fmt: skip
    session.commit()
    return RedirectResponse(PAGE, status_code=303)


@router.post("/updates/tokens", dependencies=[CsrfChecked])
def create_token(
    request: Request,
    user: AdminUser,
    active: ActiveSessionDep,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    name: GroupName,
) -> HTMLResponse:
    secret, row = publishers.create_token(session, name=name, by=user.username, now=now)
    audit.record(
        session,
        actor=user.username,
        action="publisher_token.create",
        target=row.name,
        now=now,
        ip=client_ip(request),
    )
    session.commit()
    # Shown on this one page and never again (only its digest is stored).
    return _page(request, active=active, session=session, context=context, now=now, new_token=secret)


@router.post("/updates/tokens/{token_id}/revoke", dependencies=[CsrfChecked])
def revoke_token(
    request: Request, token_id: RowId, user: AdminUser, session: SessionDep, now: NowDep
) -> RedirectResponse:
    row = publishers.revoke(session, token_id=token_id, now=now)
    if row is not None:
        audit.record(
            session,
            actor=user.username,
            action="publisher_token.revoke",
            target=row.name,
            now=now,
            ip=client_ip(request),
        )
    session.commit()
    return RedirectResponse(PAGE, status_code=303)
