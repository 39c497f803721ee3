"""The application factory: builds storage, keys and routes from ServerSettings (no globals)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from server import api, console
from server.body_limit import BodyLimit
from server.console.web import CsrfFailed, Forbidden, LoginRequired, render
from server.context import Clock, ServerContext
from server.db import build_engine, build_session_factory
from server.migrate import upgrade_to_head
from server.models.base import utcnow
from server.services.keys import SealedOpener, load_keyring
from server.services.pg_broker import PostgresBroker
from server.services.signalling import SignallingHub
from server.services.throttle import LoginThrottle
from server.services.users import Passwords
from server.settings import ServerSettings

STATIC_DIR = Path(__file__).resolve().parent / "console" / "static"

# Consoles show personal data: no framing, no caching, scripts only from our own files.
_SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
}


def build_context(settings: ServerSettings, *, clock: Clock = utcnow) -> ServerContext:
    """Open (and migrate) the database and load (or create) the active key and the retired ones."""
    zone = ZoneInfo(settings.stats_time_zone)  # fails before anything is created on disk
    # 0700: the folder holds the private key and the (sealed) submissions.
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    engine = build_engine(settings)
    upgrade_to_head(engine)
    keys = load_keyring(settings.resolved_private_key_path)
    return ServerContext(
        settings=settings,
        engine=engine,
        session_factory=build_session_factory(engine),
        opener=SealedOpener(*keys),
        zone=zone,
        passwords=Passwords(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib),
        login_throttle=LoginThrottle(max_failures=settings.max_login_failures_per_address),
        clock=clock,
    )


def create_app(settings: ServerSettings, *, clock: Clock = utcnow) -> FastAPI:
    context = build_context(settings, clock=clock)

    hub, broker = _signalling(context)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if broker is not None:
            broker.start(asyncio.get_running_loop())
        yield
        if broker is not None:
            broker.stop()
        context.engine.dispose()

    app = FastAPI(
        title="LawPost central server",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = context
    # Ends of the calls seated in this process; on PostgreSQL, other processes are reached by
    # LISTEN/NOTIFY (server/services/signalling.py, pg_broker.py).
    app.state.video_hub = hub
    app.include_router(api.router)
    app.include_router(console.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_mb * 1024 * 1024)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=303)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _signalling(context: ServerContext) -> tuple[SignallingHub, PostgresBroker | None]:
    url = context.engine.url
    if url.get_backend_name() != "postgresql":
        return SignallingHub(), None
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    broker = PostgresBroker(dsn)
    return SignallingHub(broker=broker), broker


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    def _login(_request: Request, _exc: LoginRequired) -> Response:
        return RedirectResponse("/console/login", status_code=303)

    @app.exception_handler(Forbidden)
    def _forbidden(request: Request, _exc: Forbidden) -> HTMLResponse:
        return render(
            request,
            "error.html",
            status_code=403,
            message="您的角色无权访问此页面 (your role may not open this page)",
        )

    @app.exception_handler(CsrfFailed)
    def _csrf(request: Request, _exc: CsrfFailed) -> HTMLResponse:
        return render(
            request,
            "error.html",
            status_code=403,
            message="表单已过期，请返回刷新后重试 (form expired: reload and try again)",
        )

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if request.url.path.startswith("/console"):
            response.headers.update(_SECURITY_HEADERS)
            response.headers["Cache-Control"] = "no-store"
        return response
