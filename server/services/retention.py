"""Deletes personal data that is no longer needed (PIPL arts. 19 and 47), keeping the tombstones."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from server.models import IngestItem, VideoCall
from server.services.ingest import USAGE_KIND


def purge_handled(session: Session, *, older_than: timedelta, now: datetime) -> int:
    """Drop the payload of items handled more than `older_than` ago; returns how many.

    Unhandled items are never purged: nobody has acted on them yet. The row stays (id, hash,
    times, who handled it), so a kiosk replaying the item is still answered "duplicate".
    """
    result = session.execute(
        update(IngestItem)
        .where(
            IngestItem.kind != USAGE_KIND,
            IngestItem.handled_at.is_not(None),
            IngestItem.handled_at < now - older_than,
            IngestItem.purged_at.is_(None),
        )
        .values(sealed=None, payload_json=None, purged_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def purge_video_notes(session: Session, *, older_than: timedelta, now: datetime) -> int:
    """Drop the sealed notes of video calls that ended more than `older_than` ago; the call record
    (time, topic, lawyer) stays, with notes_at telling that notes were written."""
    result = session.execute(
        update(VideoCall)
        .where(VideoCall.notes_sealed.is_not(None), VideoCall.ended_at < now - older_than)
        .values(notes_sealed=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)
