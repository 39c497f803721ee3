"""POST /api/v1/heartbeat: a kiosk's periodic state report."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from sqlalchemy.exc import OperationalError

from server.db import RELAXED_DURABILITY
from server.deps import ContextDep, NowDep, bearer_token, unauthorized
from server.schemas import Detail, HeartbeatRequest, HeartbeatResponse
from server.services import heartbeat as heartbeats

router = APIRouter()


@router.post(
    "/heartbeat",
    response_model=HeartbeatResponse,
    responses={401: {"model": Detail}, 422: {"model": Detail}, 503: {"model": Detail}},
)
def heartbeat(request: Request, body: HeartbeatRequest, context: ContextDep, now: NowDep) -> Response:
    # The device check is part of the route's one database statement and one thread call
    # (server/services/heartbeat.py), not a dependency with a session of its own.
    with context.session_factory() as session:
        try:
            # A beat lost in a power cut is sent again in 30 s: its commit need not wait for the
            # disk. (Inside the try: on SQLite this BEGIN IMMEDIATE may find the database busy.)
            session.connection(execution_options={RELAXED_DURABILITY: True})
            answer = heartbeats.record_for_token(
                session, token=bearer_token(request), beat=body, now=now, settings=context.settings,
                server_public_key=context.opener.public_key_b64,
            )  # fmt: skip
            if answer is None:
                raise unauthorized()
            session.commit()
        except heartbeats.InvalidHeartbeat as invalid:
            raise HTTPException(status_code=422, detail=str(invalid)) from None
        except OperationalError:
            session.rollback()
            raise HTTPException(
                status_code=503, detail="busy, retry later", headers={"Retry-After": "5"}
            ) from None
    # Serialised here: FastAPI would validate the model again against response_model first.
    return Response(answer.model_dump_json(), media_type="application/json")
