"""The application factory: builds storage, keys and routes from ServerSettings (no globals)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import TimeoutError as PoolTimeout

from kiosk.sync.wire import PUBLISH_PATH
from server import api, console
from server.body_limit import BodyLimit
from server.console import handoff as console_handoff
from server.console import queue as console_queue
from server.console.web import CsrfFailed, Forbidden, LoginRequired, render
from server.context import Clock, ServerContext
from server.db import build_engine, build_session_factory
from server.deps import known_device, unauthorized_body
from server.edge import Edge, allowed_host_names, parse_networks
from server.migrate import upgrade_to_head
from server.models.base import utcnow
from server.request_gate import RequestGate
from server.security_headers import SecurityHeaders
from server.services import updates_job
from server.services.audit_brake import AuditBrake
from server.services.fleet_snapshot import FleetSnapshots
from server.services.keys import SealedOpener, load_keyring
from server.services.password_gate import PasswordGate
from server.services.pg_broker import PostgresBroker
from server.services.signalling import SignallingHub
from server.services.throttle import LoginThrottle
from server.services.users import Passwords
from server.settings import ServerSettings
from server.updates_files import UpdateFiles

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "console" / "static"

# How uvicorn serves the app (`lawpost server`, the live-server tests and benches alike).
UVICORN_OPTIONS: dict[str, Any] = {
    "access_log": False,
    # Bounded graceful shutdown: a kiosk's idle keep-alive connection must not hold a restart.
    "timeout_graceful_shutdown": 10,
    # uvicorn believes X-Forwarded-For from loopback by default; the app decides instead, from
    # [server] trusted_proxies (server.edge).
    "proxy_headers": False,
}

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


# Kiosk routes that authenticate in the route rather than in a dependency (server/deps.py).
_ROUTES_CHECKING_THE_DEVICE_INSIDE = frozenset({"/api/v1/heartbeat", "/api/v1/ingest"})

# `lawpost server --workers N`: each worker process reads the settings from this variable.
SETTINGS_ENV = "LAWPOST_SERVER_SETTINGS"


def settings_to_json(settings: ServerSettings) -> str:
    values = dataclasses.asdict(settings)
    values["data_dir"] = str(settings.data_dir)
    return json.dumps(values)


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker (factory named by `lawpost server --workers N`)."""
    values = json.loads(os.environ[SETTINGS_ENV])
    values["data_dir"] = Path(values["data_dir"])
    # JSON has no tuples: every sequence setting (hosts, proxies, TURN URLs) comes back a list.
    values = {name: tuple(value) if isinstance(value, list) else value for name, value in values.items()}
    return create_app(ServerSettings(**values))


def build_context(settings: ServerSettings, *, clock: Clock = utcnow) -> ServerContext:
    """Open (and migrate) the database and load (or create) the active key and the retired ones."""
    zone = ZoneInfo(settings.stats_time_zone)  # fails before anything is created on disk
    parse_networks(settings.trusted_proxies)  # so does a mistyped proxy address (ValueError)
    # 0700: the folder holds the private key and the (sealed) submissions.
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Public by design (signed metadata, content-addressed blobs); nginx may serve it directly.
    settings.updates_dir.mkdir(mode=0o755, parents=True, exist_ok=True)
    engine = build_engine(settings)
    upgrade_to_head(engine)
    keys = load_keyring(settings.resolved_private_key_path)
    passwords = Passwords(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    return ServerContext(
        settings=settings,
        engine=engine,
        session_factory=build_session_factory(engine),
        opener=SealedOpener(*keys),
        zone=zone,
        passwords=passwords,
        password_gate=PasswordGate(
            passwords,
            limit=settings.max_parallel_password_checks,
            share=settings.password_check_share,
            niceness=settings.password_check_niceness,
            cores=settings.password_check_cores,
        ),
        login_throttle=LoginThrottle(max_failures=settings.max_login_failures_per_address),
        enroll_throttle=LoginThrottle(max_failures=settings.max_enroll_failures_per_address),
        audit_brake=AuditBrake(),
        fleet_snapshots=FleetSnapshots(max_age=timedelta(seconds=settings.fleet_page_max_age_s)),
        clock=clock,
    )


def create_app(settings: ServerSettings, *, clock: Clock = utcnow) -> FastAPI:
    context = build_context(settings, clock=clock)

    hub, broker = _signalling(context)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if broker is not None:
            broker.start(asyncio.get_running_loop())
        job = asyncio.create_task(_updates_job(context))
        yield
        job.cancel()
        if broker is not None:
            broker.stop()
        context.password_gate.close()
        context.engine.dispose()

    app = FastAPI(
        title="LawPost central server",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # Starlette's slash redirect builds an absolute URL from the Host header (a forged Host
        # sent browsers elsewhere); every redirect of ours is a relative path.
        redirect_slashes=False,
    )
    app.state.context = context
    # Ends of the calls seated in this process; on PostgreSQL, other processes are reached by
    # LISTEN/NOTIFY (server/services/signalling.py, pg_broker.py).
    app.state.video_hub = hub
    app.include_router(api.router)
    app.include_router(console.router)
    app.include_router(console_queue.public_router)  # /q/<token>: a ticket's phone page
    app.include_router(console_handoff.public_router)  # /h/<id>#<key>: a document for a phone
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/updates", UpdateFiles(directory=settings.updates_dir), name="updates")
    _install_handlers(app)
    app.add_middleware(SecurityHeaders, headers=_SECURITY_HEADERS)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_request_mb * 1024 * 1024,
        larger={PUBLISH_PATH: settings.max_bundle_mb * 1024 * 1024},
    )
    # Fewer requests inside than worker threads: a request holding the database connection
    # always finds a thread for its route (server/request_gate.py).
    app.add_middleware(RequestGate)
    # Added last, so it runs first: an unknown Host is refused before anything else happens.
    app.add_middleware(
        Edge,
        proxies=parse_networks(settings.trusted_proxies),
        hosts=allowed_host_names(settings.public_origin, settings.allowed_hosts),
    )

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=303)

    @app.get("/console", include_in_schema=False)
    def console_root() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=303)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


async def _updates_job(context: ServerContext) -> None:
    """Scheduled publishes and timestamp/snapshot re-signing (server.services.updates_job)."""
    interval = max(1, context.settings.updates_job_interval_s)
    while True:
        try:
            await asyncio.to_thread(updates_job.tick, context)
        except Exception:  # a failed round must not stop the next ones
            log.exception("update job failed; retrying in %s s", interval)
        await asyncio.sleep(interval)


def _validation_errors(exc: RequestValidationError) -> Response:
    """422 with where and why, never the input: it may hold a lone surrogate (\\ud800) that
    cannot be encoded as UTF-8 (the default handler crashed on it), or bytes, or a password."""
    errors = [
        {
            "type": str(error.get("type", "")),
            "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
            "msg": str(error.get("msg", "")),
        }
        for error in exc.errors()
    ]
    body = json.dumps({"detail": errors}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


def _signalling(context: ServerContext) -> tuple[SignallingHub, PostgresBroker | None]:
    url = context.engine.url
    if url.get_backend_name() != "postgresql":
        return SignallingHub(), None
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    broker = PostgresBroker(dsn)
    return SignallingHub(broker=broker), broker


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # These routes check the device inside their one thread call, after FastAPI validated
        # the body; a stranger must still hear 401 before anything about the body (the kiosk
        # re-enrolls on 401). Only this error path pays for the extra lookup (sync: threadpool).
        if request.url.path in _ROUTES_CHECKING_THE_DEVICE_INSIDE and not known_device(
            request.app.state.context, request
        ):
            return Response(
                unauthorized_body(), status_code=401, media_type="application/json",
                headers={"WWW-Authenticate": "Bearer"},
            )  # fmt: skip
        return _validation_errors(exc)

    @app.exception_handler(PoolTimeout)
    def _pool_timeout(_request: Request, _exc: PoolTimeout) -> Response:
        # Every pooled connection stayed busy for pool_timeout (SQLite has one): the server is
        # overloaded. Kiosks retry a 503 after Retry-After; a 500 with a traceback helped no one.
        body = json.dumps({"detail": "服务器繁忙，请稍后重试 (server busy, retry later)"}, ensure_ascii=False)
        return Response(body, status_code=503, media_type="application/json", headers={"Retry-After": "10"})

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
