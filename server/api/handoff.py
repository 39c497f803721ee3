"""POST /api/v1/handoff (store a sealed hand-off) and /api/v1/handoff/take (a kiosk takes back a
visitor's draft by its code). Ciphertext only: the server holds no key to any of it."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, timedelta
from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError, OperationalError

from server.deps import ContextDep, CurrentDevice, NowDep, SessionDep
from server.schemas import Detail
from server.services import handoff

router = APIRouter()

_BUSY = HTTPException(status_code=503, detail="busy, retry later", headers={"Retry-After": "2"})


class HandoffRequest(BaseModel):
    kind: Literal["phone", "draft"]
    id: str = Field(min_length=22, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    ciphertext: str = Field(min_length=40, max_length=3 * 1024 * 1024, description="base64")
    ttl_s: int = Field(ge=60, le=30 * 86400)
    views: int | None = Field(default=None, ge=1, le=handoff.MAX_VIEWS)


class HandoffStored(BaseModel):
    expires_at: str
    views_left: int | None


class TakeRequest(BaseModel):
    id: str = Field(min_length=32, max_length=32, pattern=r"^[0-9a-f]+$")


class TakeAnswer(BaseModel):
    ciphertext: str


@router.post("/handoff", responses={401: {"model": Detail}, 422: {"model": Detail}})
def store(body: HandoffRequest, device: CurrentDevice, session: SessionDep, now: NowDep) -> HandoffStored:
    try:
        ciphertext = base64.b64decode(body.ciphertext, validate=True)
    except (binascii.Error, ValueError):
        raise HTTPException(status_code=422, detail="ciphertext must be base64") from None
    try:
        stored = handoff.store(
            session, device=device, kind=body.kind, ident=body.id, ciphertext=ciphertext,
            ttl=timedelta(seconds=body.ttl_s), views=body.views, now=now,
        )  # fmt: skip
        session.commit()
    except handoff.HandoffRefused as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(refused)) from None
    except (IntegrityError, OperationalError):
        session.rollback()
        raise _BUSY from None
    expires = stored.expires_at.astimezone(UTC).isoformat()
    return HandoffStored(expires_at=expires, views_left=stored.views_left)


@router.post(
    "/handoff/take",
    responses={401: {"model": Detail}, 404: {"model": Detail}, 429: {"model": Detail}},
)
def take(body: TakeRequest, device: CurrentDevice, session: SessionDep, context: ContextDep,
         now: NowDep) -> TakeAnswer:  # fmt: skip
    # A wrong code costs the kiosk one of a few attempts an hour: the 13-digit codes cannot be
    # walked through from a kiosk (docs/take-home.md).
    throttle = context.handoff_throttle
    if not throttle.reserve(device.id, now=now):
        raise HTTPException(status_code=429, detail="too many unknown codes from this kiosk",
                            headers={"Retry-After": "600"})  # fmt: skip
    try:
        ciphertext = handoff.take_draft(session, ident=body.id, now=now)
        session.commit()
    except OperationalError:
        session.rollback()
        raise _BUSY from None
    if ciphertext is None:
        raise HTTPException(status_code=404, detail="no draft with this code (unknown, taken or expired)")
    throttle.release(device.id, reserved_at=now)
    return TakeAnswer(ciphertext=base64.b64encode(ciphertext).decode("ascii"))
