"""Ingest: each (device, item id) is created once, then duplicate; conflicts are rejected."""

from __future__ import annotations

import json
from typing import Any

from nacl.public import PrivateKey
from server_helpers import as_models, enroll_device, seal, usage, wire_item
from sqlalchemy import func, select

from server.context import ServerContext
from server.models import Device, IngestItem, RejectedItem, UsageEvent
from server.schemas import ItemResult
from server.services import submissions
from server.services.ingest import ingest_batch


def _ingest(context: ServerContext, device: Device, items: list[dict[str, Any]]) -> list[ItemResult]:
    with context.session_factory() as session:
        device = session.get(Device, device.id) or device
        results = ingest_batch(
            session,
            device=device,
            items=as_models(items),
            opener=context.opener,
            zone=context.zone,
            now=context.clock(),
        )
        session.commit()
    return results


def _statuses(results: list[ItemResult]) -> list[tuple[str, int]]:
    return [(r.status, r.code) for r in results]


def test_new_items_are_created_and_replays_are_duplicates(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    items = [usage("search", query="工资"), usage("guide_read", guide_id="wage-arrears")]
    assert _statuses(_ingest(context, device, items)) == [("created", 201), ("created", 201)]
    assert _statuses(_ingest(context, device, items)) == [("duplicate", 200), ("duplicate", 200)]
    with context.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(IngestItem)) == 2
        assert session.scalar(select(func.count()).select_from(UsageEvent)) == 2


def test_same_id_with_different_content_is_rejected_and_kept_visible(
    context: ServerContext,
) -> None:
    device, _ = enroll_device(context)
    first = usage("search", query="离婚")
    _ingest(context, device, [first])
    changed = usage("search", query="工伤")
    changed["id"] = first["id"]
    results = _ingest(context, device, [changed])
    assert _statuses(results) == [("rejected", 422)]
    assert results[0].reason
    assert "different content" in results[0].reason
    with context.session_factory() as session:
        rejected = session.scalars(select(RejectedItem)).one()
        assert rejected.item_id == first["id"]
        assert rejected.hash == changed["hash"]
        stored = session.scalars(select(UsageEvent)).one()
        assert stored.query == "离婚"


def test_uniqueness_is_per_device(context: ServerContext) -> None:
    one, _ = enroll_device(context, name="一号")
    two, _ = enroll_device(context, name="二号")
    item = usage("search", query="借钱不还")
    assert _statuses(_ingest(context, one, [item])) == [("created", 201)]
    assert _statuses(_ingest(context, two, [item])) == [("created", 201)]


def test_a_wrong_hash_is_rejected(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    item = usage("search", query="欠薪")
    item["hash"] = "0" * 64
    results = _ingest(context, device, [item])
    assert _statuses(results) == [("rejected", 422)]
    assert results[0].reason == "hash does not match the item's content"


def test_one_bad_item_does_not_spoil_the_batch(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    good, bad = usage("search", query="工伤"), usage("dance")
    assert _statuses(_ingest(context, device, [good, bad])) == [("created", 201), ("rejected", 422)]


def test_the_same_id_twice_in_one_batch(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    item = usage("search", query="拆迁")
    other = usage("search", query="补偿")
    other["id"] = item["id"]
    results = _ingest(context, device, [item, item, other])
    assert _statuses(results) == [("created", 201), ("duplicate", 200), ("rejected", 422)]


def test_sealed_submissions_stay_sealed_at_rest_and_open_for_staff(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    form = {"form": "legal_aid", "name": "张三", "id_number": "11010519491231002X"}
    item = wire_item(kind="submission", sealed=seal(form, context.opener.public_key_b64))
    assert _statuses(_ingest(context, device, [item])) == [("created", 201)]
    with context.session_factory() as session:
        row = session.scalars(select(IngestItem)).one()
        assert row.sealed is not None
        assert row.payload_json is None
        assert "张三".encode() not in row.sealed
        assert b"11010519491231002X" not in row.sealed
        opened = submissions.open_item(session, pk=row.id, opener=context.opener)
        assert opened is not None
        assert opened.fields == form


def test_a_payload_sealed_to_another_key_is_rejected(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    stranger = PrivateKey.generate().public_key
    import base64

    item = wire_item(kind="submission", sealed=seal({"a": 1}, base64.b64encode(bytes(stranger)).decode()))
    results = _ingest(context, device, [item])
    assert _statuses(results) == [("rejected", 422)]
    assert "cannot be opened" in (results[0].reason or "")


def test_a_plain_submission_is_rejected_because_it_would_expose_personal_data(
    context: ServerContext,
) -> None:
    device, _ = enroll_device(context)
    item = wire_item(kind="submission", payload={"name": "张三"})
    results = _ingest(context, device, [item])
    assert _statuses(results) == [("rejected", 422)]
    with context.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(IngestItem)) == 0


def test_usage_events_are_scrubbed_and_unknown_fields_dropped(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    item = usage(
        "ask",
        query="我叫王小明，身份证11010519491231002X，电话13812345678，老板欠工资",
        topic="labour",
        id_number="11010519491231002X",
        name="王小明",
    )
    assert _statuses(_ingest(context, device, [item])) == [("created", 201)]
    with context.session_factory() as session:
        event = session.scalars(select(UsageEvent)).one()
        assert event.query is not None
        assert "王小明" not in event.query
        assert "13812345678" not in event.query
        assert "11010519491231002X" not in event.query
        assert "老板欠工资" in event.query
        row = session.scalars(select(IngestItem)).one()
        # The raw payload is not kept anywhere for usage events.
        assert row.payload_json is None
        everything = json.dumps([str(v) for v in vars(event).values()], ensure_ascii=False)
        assert "王小明" not in everything


def test_plain_test_items_go_to_the_inbox(context: ServerContext) -> None:
    device, _ = enroll_device(context)
    item = wire_item(kind="test", payload={"note": "synthetic"})
    _ingest(context, device, [item])
    with context.session_factory() as session:
        rows = submissions.inbox(session, show_handled=False)
        assert [r.item.kind for r in rows] == ["test"]
        assert submissions.unhandled_count(session) == 1
        submissions.mark_handled(session, pk=rows[0].item.id, by="staff1", now=context.clock())
        session.commit()
        assert submissions.inbox(session, show_handled=False) == []
        assert submissions.unhandled_count(session) == 0


def test_two_requests_racing_with_the_same_new_item_store_it_once(context: ServerContext) -> None:
    """The second writer either sees the first one's row (SQLite: writers queue) or fails its
    whole batch on the unique index (PostgreSQL), which the route answers 503 + Retry-After;
    either way the item is stored once and the retry is answered "duplicate"."""
    import threading

    from sqlalchemy.exc import IntegrityError

    device, _ = enroll_device(context)
    item = usage("search", query="同时上传")
    first = context.session_factory()
    first_results = ingest_batch(
        first,
        device=first.get(Device, device.id) or device,
        items=as_models([item]),
        opener=context.opener,
        zone=context.zone,
        now=context.clock(),
    )
    outcome: list[object] = []

    def second_request() -> None:
        try:
            outcome.append(_ingest(context, device, [item])[0].status)
        except IntegrityError:
            outcome.append("integrity error")

    if context.engine.dialect.name == "sqlite":
        # One pooled connection: the second request waits for it, as it would in the server.
        thread = threading.Thread(target=second_request)
        thread.start()
        first.commit()
        first.close()
        thread.join(timeout=30)
    else:
        thread = threading.Thread(target=second_request)
        thread.start()
        thread.join(timeout=0.5)  # blocked on the unique index until the first commits
        first.commit()
        first.close()
        thread.join(timeout=30)
    assert _statuses(first_results) == [("created", 201)]
    assert outcome in (["duplicate"], ["integrity error"])
    assert _statuses(_ingest(context, device, [item])) == [("duplicate", 200)]
    with context.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(IngestItem)) == 1
