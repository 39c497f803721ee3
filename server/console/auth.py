"""Console login and logout (with lockout and an audit entry for every attempt)."""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.console.web import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    ActiveSessionDep,
    CsrfChecked,
    client_ip,
    new_login_csrf,
    render,
)
from server.deps import ContextDep, NowDep, SessionDep
from server.services import audit, console_sessions, users

router = APIRouter()


def _login_page(request: Request, *, error: str = "", status_code: int = 200) -> HTMLResponse:
    token = new_login_csrf()
    response = render(request, "login.html", login_csrf=token, error=error, status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/console/login")
    return response


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login", response_model=None)
def login(
    request: Request,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form(max_length=128)],
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return _login_page(request, error="页面已过期，请重新登录 (form expired, try again)", status_code=400)
    settings = context.settings
    address = client_ip(request)
    if context.login_throttle.blocked(address, now=now):
        audit.record(session, actor=username, action="login.throttled", now=now, ip=address)
        session.commit()
        return _login_page(
            request,
            error="尝试次数过多，请 15 分钟后再试 (too many failed logins from this address; wait 15 min)",
            status_code=429,
        )
    outcome = users.check_login(
        session,
        username=username,
        password=password,
        now=now,
        max_failures=settings.max_login_failures,
        lockout=timedelta(minutes=settings.lockout_minutes),
        passwords=context.passwords,
    )
    audit.record(session, actor=username, action=f"login.{outcome.result}", now=now, ip=address)
    if outcome.result != "ok" or outcome.user is None:
        context.login_throttle.failed(address, now=now)
        session.commit()
        if outcome.result == "locked":
            error = (
                f"登录失败次数过多，账户已锁定 {settings.lockout_minutes} 分钟 "
                f"(too many failed logins; account locked for {settings.lockout_minutes} min)"
            )
        elif outcome.result == "disabled":
            error = "此账户已停用 (account disabled)"
        else:
            error = "用户名或密码错误 (wrong user name or password)"
        return _login_page(request, error=error, status_code=401)
    token = console_sessions.start(session, user=outcome.user, now=now)
    session.commit()
    response = RedirectResponse("/console/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/",
        secure=settings.cookie_secure,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console/login")
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, active: ActiveSessionDep, session: SessionDep, now: NowDep) -> RedirectResponse:
    console_sessions.end(session, token=request.cookies.get(SESSION_COOKIE, ""), now=now)
    audit.record(session, actor=active.user.username, action="logout", now=now, ip=client_ip(request))
    session.commit()
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
