"""POST /api/v1/enroll: a kiosk trades a one-time code for its own credentials."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy.orm import Session

from server.context import ServerContext
from server.deps import ContextDep, NowDep, SessionDep
from server.schemas import Detail, EnrollRequest, EnrollResponse
from server.services import audit, enrollment

router = APIRouter()


@router.post(
    "/enroll",
    responses={400: {"model": Detail}, 410: {"model": Detail}, 429: {"model": Detail}},
)
def enroll(
    request: Request, body: EnrollRequest, session: SessionDep, context: ContextDep, now: NowDep
) -> EnrollResponse:
    address = request.client.host if request.client else ""
    # Codes have ~59 bits, but unthrottled guessing is still guessing: counted before the
    # check (parallel guesses cannot slip under the limit), given back when a code works.
    if not context.enroll_throttle.reserve(address, now=now):
        _audit_refusal(session, context, action="device.enroll_throttled", address=address, now=now)
        raise HTTPException(
            status_code=429,
            detail="尝试次数过多，请 15 分钟后再试 (too many wrong codes from this address; wait 15 min)",
            headers={"Retry-After": "900"},
        )
    try:
        enrolled = enrollment.enroll(
            session,
            code=body.code,
            kiosk_name=body.kiosk_name,
            app_version=body.app_version,
            now=now,
        )
    except enrollment.EnrollmentRefused as refused:
        session.rollback()
        _audit_refusal(session, context, action="device.enroll_refused", address=address, now=now)
        raise HTTPException(status_code=refused.status, detail=refused.message) from None
    context.enroll_throttle.release(address, reserved_at=now)
    audit.record(
        session,
        actor=f"device:{enrolled.device.id}",
        action="device.enroll",
        target=enrolled.device.name,
        now=now,
        ip=address,
    )
    session.commit()
    return EnrollResponse(
        device_id=enrolled.device.id,
        device_token=enrolled.device_token,
        server_public_key=context.opener.public_key_b64,
        heartbeat_interval_s=context.settings.heartbeat_interval_s,
    )


def _audit_refusal(
    session: Session, context: ServerContext, *, action: str, address: str, now: datetime
) -> None:
    """A wrong code or a throttled address, thinned out like throttled logins (see audit_brake)."""
    if audit.record_unauthenticated(
        session, context.audit_brake, actor="kiosk", action=action, now=now, ip=address
    ):
        session.commit()
