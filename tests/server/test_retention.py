"""Retention: personal data of long-handled submissions is deleted, the tombstone stays."""

from __future__ import annotations

from datetime import timedelta

from server_helpers import FakeClock, as_models, enroll_device, seal, wire_item
from sqlalchemy import select

from server.context import ServerContext
from server.models import Device, IngestItem
from server.services import retention, submissions
from server.services.ingest import ingest_batch


def _send(context: ServerContext, device_id: str, items: list[dict[str, object]]) -> list[str]:
    with context.session_factory() as session:
        device = session.get(Device, device_id)
        assert device is not None
        results = ingest_batch(
            session,
            device=device,
            items=as_models(items),
            opener=context.opener,
            zone=context.zone,
            now=context.clock(),
        )
        session.commit()
    return [r.status for r in results]


def test_only_long_handled_submissions_lose_their_personal_data(
    context: ServerContext, clock: FakeClock
) -> None:
    device, _ = enroll_device(context)
    key = context.opener.public_key_b64
    old = wire_item(kind="submission", sealed=seal({"姓名": "甲"}, key))
    fresh = wire_item(kind="submission", sealed=seal({"姓名": "乙"}, key))
    waiting = wire_item(kind="submission", sealed=seal({"姓名": "丙"}, key))
    _send(context, device.id, [old, fresh, waiting])
    with context.session_factory() as session:
        rows = {r.item_id: r for r in session.scalars(select(IngestItem))}
        submissions.mark_handled(session, pk=rows[old["id"]].id, by="clerk", now=clock.now)
        session.commit()
    clock.advance(days=100)
    with context.session_factory() as session:
        submissions.mark_handled(session, pk=rows[fresh["id"]].id, by="clerk", now=clock.now)
        session.commit()
    clock.advance(days=81)
    with context.session_factory() as session:
        assert retention.purge_handled(session, older_than=timedelta(days=180), now=clock.now) == 1
        session.commit()
    with context.session_factory() as session:
        after = {r.item_id: r for r in session.scalars(select(IngestItem))}
        assert after[old["id"]].sealed is None
        assert after[old["id"]].purged_at == clock.now
        assert after[fresh["id"]].sealed is not None
        assert after[waiting["id"]].sealed is not None
        opened = submissions.open_item(session, pk=after[old["id"]].id, opener=context.opener)
        assert opened is not None
        assert opened.fields == {}
        assert opened.problem is not None
        assert "删除" in opened.problem
    # The tombstone still answers a replay.
    assert _send(context, device.id, [old]) == ["duplicate"]
    with context.session_factory() as session:
        assert retention.purge_handled(session, older_than=timedelta(days=180), now=clock.now) == 0
