"""POST /api/v1/heartbeat: a kiosk's periodic state report."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from sqlalchemy.exc import OperationalError

from server.deps import ContextDep, CurrentDevice, NowDep, SessionDep
from server.schemas import Detail, HeartbeatRequest, HeartbeatResponse
from server.services import heartbeat as heartbeats

router = APIRouter()


@router.post("/heartbeat", responses={401: {"model": Detail}, 422: {"model": Detail}})
def heartbeat(
    body: HeartbeatRequest,
    device: CurrentDevice,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> HeartbeatResponse:
    try:
        answer = heartbeats.record(
            session, device=device, beat=body, now=now, settings=context.settings,
            server_public_key=context.opener.public_key_b64,
        )  # fmt: skip
        session.commit()
    except heartbeats.InvalidHeartbeat as invalid:
        raise HTTPException(status_code=422, detail=str(invalid)) from None
    except OperationalError:
        session.rollback()
        raise HTTPException(
            status_code=503, detail="busy, retry later", headers={"Retry-After": "5"}
        ) from None
    return answer
