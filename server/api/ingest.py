"""POST /api/v1/ingest: a batch of outbox items, answered per item in the same order."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from sqlalchemy.exc import IntegrityError, OperationalError

from server.deps import ContextDep, CurrentDevice, NowDep, SessionDep
from server.schemas import Detail, IngestRequest, IngestResponse
from server.services.ingest import InboxLimitReached, ingest_batch

router = APIRouter()

# Another request of the same kiosk inserted the same id first, or the database is busy:
# nothing was committed, and the kiosk's retry will get "duplicate" or "created".
_RETRY = HTTPException(status_code=503, detail="请稍后重试 (busy, retry later)", headers={"Retry-After": "2"})


@router.post(
    "/ingest",
    responses={
        401: {"model": Detail},
        413: {"model": Detail},
        429: {"model": Detail},
        503: {"model": Detail},
    },
)
def ingest(
    body: IngestRequest,
    device: CurrentDevice,
    session: SessionDep,
    context: ContextDep,
    now: NowDep,
) -> IngestResponse:
    limit = context.settings.max_batch_items
    if len(body.items) > limit:
        raise HTTPException(status_code=413, detail=f"at most {limit} items per batch")
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
    return IngestResponse(results=results)
