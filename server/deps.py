"""FastAPI dependencies as Annotated aliases, so routes read like prose."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from server.context import ServerContext
from server.models import Device
from server.services import devices


# Async on purpose, like get_now: a sync dependency costs a trip to the thread pool per request
# (FastAPI runs it there), and these only read memory.
async def get_context(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context


ContextDep = Annotated[ServerContext, Depends(get_context)]


def get_session(context: ContextDep) -> Iterator[Session]:
    # Routes commit explicitly; anything not committed is rolled back here.
    with context.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_now(context: ContextDep) -> datetime:
    return context.clock()


NowDep = Annotated[datetime, Depends(get_now)]

_UNAUTHORIZED = "此设备未注册或已被停用 (device not enrolled or revoked)"


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def unauthorized() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=_UNAUTHORIZED,
        headers={"WWW-Authenticate": "Bearer"},
    )


def device_or_401(session: Session, request: Request) -> Device:
    """The request's device, checked inside the route's own thread call (the hot kiosk routes
    do this rather than depend on get_current_device: one thread trip and one session less)."""
    device = devices.authenticate(session, bearer_token(request))
    if device is None:
        raise unauthorized()
    return device


def known_device(context: ServerContext, request: Request) -> bool:
    """Whether the request carries an enrolled, unrevoked device's token (its own session)."""
    with context.session_factory() as session:
        return devices.authenticate(session, bearer_token(request)) is not None


def unauthorized_body() -> str:
    return json.dumps({"detail": _UNAUTHORIZED}, ensure_ascii=False)


def get_current_device(request: Request, session: SessionDep) -> Device:
    return device_or_401(session, request)


CurrentDevice = Annotated[Device, Depends(get_current_device)]
