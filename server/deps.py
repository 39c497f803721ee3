"""FastAPI dependencies as Annotated aliases, so routes read like prose."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from server.context import ServerContext
from server.models import Device
from server.services import devices


def get_context(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context


ContextDep = Annotated[ServerContext, Depends(get_context)]


def get_session(context: ContextDep) -> Iterator[Session]:
    # Routes commit explicitly; anything not committed is rolled back here.
    with context.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_now(context: ContextDep) -> datetime:
    return context.clock()


NowDep = Annotated[datetime, Depends(get_now)]

_UNAUTHORIZED = "此设备未注册或已被停用 (device not enrolled or revoked)"


def get_current_device(request: Request, session: SessionDep) -> Device:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    device = devices.authenticate(session, token.strip()) if scheme.lower() == "bearer" else None
    if device is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=_UNAUTHORIZED,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return device


CurrentDevice = Annotated[Device, Depends(get_current_device)]
