"""Console plumbing: templates, the logged-in user, roles and CSRF checks."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from server.deps import ContextDep, NowDep, SessionDep
from server.models import User
from server.services import console_sessions
from server.services.console_sessions import ActiveSession

# A database row id in a URL: larger than a 64-bit integer crashed the query (500); now 422.
RowId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]

SESSION_COOKIE = "lawpost_session"
LOGIN_CSRF_COOKIE = "lawpost_login_csrf"


def _template_context(request: Request) -> dict[str, Any]:
    # Times are stored in UTC and shown in the deployment's time zone (the statistics zone).
    return {"zone": request.app.state.context.zone}


def _local_time(value: datetime | None, zone: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(zone).strftime(fmt) if value is not None else "—"


TEMPLATES = Jinja2Templates(
    directory=str(Path(__file__).resolve().parent / "templates"),
    context_processors=[_template_context],
)
TEMPLATES.env.filters["lt"] = _local_time

ROLE_NAMES = {"admin": "管理员", "technician": "技术员", "staff": "工作人员", "lawyer": "值班律师"}
PERIPHERAL_NAMES = {
    "printer": "打印机",
    "camera": "摄像头",
    "microphone": "麦克风",
    "speaker": "扬声器",
    "disk": "磁盘",
    "id_reader": "身份证读卡器",
}
PERIPHERAL_STATES = {"ok": "正常", "no_paper": "缺纸", "error": "故障", "not_configured": "未配置"}
KIND_NAMES = {
    "submission": "申请材料",
    "form": "表单申请",
    "rating": "好差评留言",
    "video_callback": "视频咨询回拨",
    "test": "测试数据",
}
TEMPLATES.env.globals.update(
    ROLE_NAMES=ROLE_NAMES,
    PERIPHERAL_NAMES=PERIPHERAL_NAMES,
    PERIPHERAL_STATES=PERIPHERAL_STATES,
    KIND_NAMES=KIND_NAMES,
)


class LoginRequired(Exception):
    """No valid console session: the handler redirects to the login page."""


class Forbidden(Exception):
    """The user's role may not do this; the handler shows a 403 page."""


class CsrfFailed(Exception):
    """A form arrived without the session's CSRF token."""


def get_active_session(
    request: Request, session: SessionDep, context: ContextDep, now: NowDep
) -> ActiveSession:
    token = request.cookies.get(SESSION_COOKIE, "")
    idle = timedelta(minutes=context.settings.session_idle_minutes)
    active = console_sessions.resolve(session, token=token, now=now, idle=idle) if token else None
    # resolve() may have ended an idle session or refreshed last_seen: keep either.
    session.commit()
    if active is None:
        raise LoginRequired
    return active


ActiveSessionDep = Annotated[ActiveSession, Depends(get_active_session)]


def get_current_user(active: ActiveSessionDep) -> User:
    return active.user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: str) -> Any:
    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden
        return user

    return Depends(check)


AdminUser = Annotated[User, require_roles("admin")]
TechUser = Annotated[User, require_roles("admin", "technician")]
StaffUser = Annotated[User, require_roles("admin", "staff")]
LawyerUser = Annotated[User, require_roles("lawyer")]
# Hall staff and admins see the waiting list read-only.
QueueViewer = Annotated[User, require_roles("lawyer", "staff", "admin")]


async def check_csrf(request: Request, active: ActiveSessionDep) -> None:
    form = await request.form()
    sent = form.get("csrf_token")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, active.session.csrf_token):
        raise CsrfFailed


CsrfChecked = Depends(check_csrf)


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def render(
    request: Request,
    template: str,
    *,
    user: User | None = None,
    active: ActiveSession | None = None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    context = {
        "user": user or (active.user if active else None),
        "csrf_token": active.session.csrf_token if active else "",
        **values,
    }
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
