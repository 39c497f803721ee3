"""Console login and logout (with lockout, a per-address limit and an audit entry per attempt)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
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
from server.context import ServerContext
from server.deps import ContextDep, NowDep, SessionDep
from server.services import audit, console_sessions, users
from server.services.password_gate import GateFull

router = APIRouter()


def _login_page(request: Request, *, error: str = "", status_code: int = 200) -> HTMLResponse:
    token = new_login_csrf()
    response = render(request, "login.html", login_csrf=token, error=error, status_code=status_code)
    secure = request.app.state.context.settings.secure_cookies
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/console/login", secure=secure
    )
    return response


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


# One sentence for a wrong name, a wrong password and a locked account: telling them apart let
# anyone find out which user names exist (a locked account answered 账户已锁定).
_LOGIN_FAILED = (
    "用户名或密码错误；连续输错 {n} 次后账户将锁定 {m} 分钟 "
    "(wrong user name or password; after {n} failures an account is locked for {m} min)"
)


@dataclass(frozen=True)
class _Finished:
    outcome: users.LoginOutcome
    token: str | None


def _begin(context: ServerContext, username: str, now: datetime) -> users.LoginAttempt:
    settings = context.settings
    with context.session_factory() as session:
        attempt = users.begin_login(
            session, username=username, now=now, max_failures=settings.max_login_failures,
            lockout=timedelta(minutes=settings.lockout_minutes), passwords=context.passwords,
        )  # fmt: skip
        # Committed before the slow check: the connection goes back to the pool meanwhile.
        session.commit()
        return attempt


def _finish(
    context: ServerContext, *, attempt: users.LoginAttempt, ok: bool, username: str, password: str,
    now: datetime, address: str, previous_cookie: str,
) -> _Finished:  # fmt: skip
    settings = context.settings
    with context.session_factory() as session:
        outcome = users.finish_login(
            session, attempt=attempt, password_ok=ok and attempt.state == "check", password=password,
            now=now, max_failures=settings.max_login_failures,
            lockout=timedelta(minutes=settings.lockout_minutes), passwords=context.passwords,
        )  # fmt: skip
        audit.record(session, actor=username, action=f"login.{outcome.result}", now=now, ip=address)
        token = None
        if outcome.result == "ok" and outcome.user is not None:
            # Whoever was signed in on this browser before is signed out: a shared office PC
            # must not keep the previous user's session alive behind the new one.
            if previous_cookie:
                console_sessions.end(session, token=previous_cookie, now=now)
            token = console_sessions.start(session, user=outcome.user, now=now)
        session.commit()
        return _Finished(outcome=outcome, token=token)


def _busy(request: Request) -> HTMLResponse:
    # 429, not 503: the server is fine (kiosks are served); it is the logins that are too many
    # (a flood from many addresses), and this answer costs a page, not a password check.
    response = _login_page(
        request, error="服务器繁忙，请稍后再试 (server busy, try again in a minute)", status_code=429
    )
    response.headers["Retry-After"] = "30"
    return response


def _audit_throttled(context: ServerContext, username: str, address: str, now: datetime) -> None:
    with context.session_factory() as session:
        if audit.record_unauthenticated(
            session, context.audit_brake, actor=username, action="login.throttled", now=now, ip=address
        ):
            session.commit()


@router.post("/login", response_model=None)
async def login(
    request: Request,
    context: ContextDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form(max_length=128)],
) -> Response:
    """Async so that a waiting login holds no thread and no connection; the short database
    steps and the password check run in the password gate's own few threads."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return _login_page(request, error="页面已过期，请重新登录 (form expired, try again)", status_code=400)
    settings = context.settings
    now = context.clock()
    address = client_ip(request)
    # Counted before the check, so parallel attempts cannot all slip under the limit.
    if not context.login_throttle.reserve(address, now=now):
        await context.password_gate.run_db(partial(_audit_throttled, context, username, address, now))
        return _login_page(
            request,
            error="尝试次数过多，请 15 分钟后再试 (too many failed logins from this address; wait 15 min)",
            status_code=429,
        )
    # Turned away before anything is counted when the checks queue is full or the checks'
    # rate budget is spent (a login flood from many addresses); the reservation is given back.
    if not context.password_gate.admit():
        context.login_throttle.release(address, reserved_at=now)
        return _busy(request)
    attempt = await context.password_gate.run_db(partial(_begin, context, username, now))
    # Always one argon2 check (against a dummy hash for unknown or locked accounts): the answer
    # takes as long whether or not the name exists.
    try:
        ok = await context.password_gate.verify(attempt.check_against, password)
    except GateFull:
        ok = False  # the attempt was counted: it stays a failure
    finished = await context.password_gate.run_db(
        partial(
            _finish, context, attempt=attempt, ok=ok, username=username, password=password, now=now,
            address=address, previous_cookie=request.cookies.get(SESSION_COOKIE, ""),
        )
    )  # fmt: skip
    outcome = finished.outcome
    if outcome.result != "ok" or finished.token is None:
        if outcome.result == "disabled":
            # Only said to someone who knows the password.
            error = "此账户已停用 (account disabled)"
        else:
            error = _LOGIN_FAILED.format(n=settings.max_login_failures, m=settings.lockout_minutes)
        return _login_page(request, error=error, status_code=401)
    context.login_throttle.release(address, reserved_at=now)
    response = RedirectResponse("/console/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        finished.token,
        httponly=True,
        samesite="strict",
        path="/",
        secure=settings.secure_cookies,
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
