"""POST /api/v1/enroll: a kiosk trades a one-time code for its own credentials."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from server.deps import ContextDep, NowDep, SessionDep
from server.schemas import Detail, EnrollRequest, EnrollResponse
from server.services import audit, enrollment

router = APIRouter()


@router.post(
    "/enroll",
    responses={400: {"model": Detail}, 410: {"model": Detail}},
)
def enroll(body: EnrollRequest, session: SessionDep, context: ContextDep, now: NowDep) -> EnrollResponse:
    try:
        enrolled = enrollment.enroll(
            session,
            code=body.code,
            kiosk_name=body.kiosk_name,
            app_version=body.app_version,
            now=now,
        )
    except enrollment.EnrollmentRefused as refused:
        raise HTTPException(status_code=refused.status, detail=refused.message) from None
    audit.record(
        session,
        actor=f"device:{enrolled.device.id}",
        action="device.enroll",
        target=enrolled.device.name,
        now=now,
    )
    session.commit()
    return EnrollResponse(
        device_id=enrolled.device.id,
        device_token=enrolled.device_token,
        server_public_key=context.opener.public_key_b64,
        heartbeat_interval_s=context.settings.heartbeat_interval_s,
    )
