"""POST /api/v1/ingest: a batch of outbox items, answered per item in the same order."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Request, Response
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from server.context import ServerContext
from server.deps import ContextDep, NowDep, device_or_401
from server.models import Device
from server.schemas import Detail, IngestRequest, IngestResponse, ItemResult
from server.services.ingest import InboxLimitReached, ingest_batch

router = APIRouter()

# Another request of the same kiosk inserted the same id first, or the database is busy:
# nothing was committed, and the kiosk's retry will get "duplicate" or "created".
_RETRY = HTTPException(status_code=503, detail="请稍后重试 (busy, retry later)", headers={"Retry-After": "2"})


@router.post(
    "/ingest",
    response_model=IngestResponse,
    responses={
        401: {"model": Detail},
        413: {"model": Detail},
        429: {"model": Detail},
        503: {"model": Detail},
    },
)
def ingest(request: Request, body: IngestRequest, context: ContextDep, now: NowDep) -> Response:
    # The device check runs in the route's own thread call and session (one trip to the
    # thread pool per request instead of four; server/deps.py).
    with context.session_factory() as session:
        try:
            device = device_or_401(session, request)
        except OperationalError:  # SQLite busy at BEGIN IMMEDIATE: the kiosk retries
            raise _RETRY from None
        limit = context.settings.max_batch_items
        if len(body.items) > limit:
            raise HTTPException(status_code=413, detail=f"at most {limit} items per batch")
        results = _ingest(session, device=device, body=body, context=context, now=now)
    # Serialised here: FastAPI would validate the model again against response_model first.
    return Response(IngestResponse(results=results).model_dump_json(), media_type="application/json")


def _ingest(
    session: Session, *, device: Device, body: IngestRequest, context: ServerContext, now: datetime
) -> list[ItemResult]:
    try:
        results = ingest_batch(
            session,
            device=device,
            items=body.items,
            opener=context.opener,
            zone=context.zone,
            now=now,
            max_inbox_per_hour=context.settings.max_inbox_items_per_device_hour,
        )
        session.commit()
    except InboxLimitReached:
        session.rollback()
        raise HTTPException(
            status_code=429,
            detail="此设备本小时提交过多，请稍后重试 (too many inbox items from this kiosk this hour)",
            headers={"Retry-After": "600"},
        ) from None
    except (IntegrityError, OperationalError):
        session.rollback()
        raise _RETRY from None
    return results
