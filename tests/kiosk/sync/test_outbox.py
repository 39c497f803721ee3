"""The outbox: same transaction as the business record, sealed personal data, tombstones."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils
from nacl.public import PrivateKey, SealedBox
from sync_helpers import enroll_locally

from kiosk.sync import outbox
from kiosk.sync.wire import IngestResult, item_hash_of


def _business_table(db: sqlite_utils.Database) -> None:
    db.execute("create table applications (id integer primary key, note text)")


def test_item_and_business_record_commit_together(kiosk_db: sqlite_utils.Database) -> None:
    _business_table(kiosk_db)
    with kiosk_db.atomic():
        kiosk_db.execute("insert into applications (note) values ('a')")
        outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    assert outbox.stats(kiosk_db).depth == 1
    assert kiosk_db.execute("select count(*) from applications").fetchone()[0] == 1


def test_item_and_business_record_roll_back_together(kiosk_db: sqlite_utils.Database) -> None:
    _business_table(kiosk_db)
    def submit_then_fail() -> None:
        with kiosk_db.atomic():
            kiosk_db.execute("insert into applications (note) values ('a')")
            outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
            raise RuntimeError("power cut stand-in: the block fails before commit")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert outbox.stats(kiosk_db).depth == 0
    assert kiosk_db.execute("select count(*) from applications").fetchone()[0] == 0


def test_personal_payload_refused_before_enrollment(kiosk_db: sqlite_utils.Database) -> None:
    _business_table(kiosk_db)
    def submit() -> None:
        with kiosk_db.atomic():
            kiosk_db.execute("insert into applications (note) values ('a')")
            outbox.enqueue(kiosk_db, kind="submission", payload={"name": "张三"}, personal=True)

    with pytest.raises(outbox.NotEnrolledError, match="尚未注册"):
        submit()
    assert kiosk_db.execute("select count(*) from applications").fetchone()[0] == 0
    assert outbox.stats(kiosk_db).depth == 0


def test_personal_payload_is_sealed_to_the_server_key(
    kiosk_db: sqlite_utils.Database, server_key: PrivateKey
) -> None:
    enroll_locally(kiosk_db, server_key)
    with kiosk_db.atomic():
        outbox.enqueue(kiosk_db, kind="submission", payload={"name": "张三丰"}, personal=True)
    (item,) = outbox.pending_batch(kiosk_db, limit=10)
    assert item["payload"] is None
    assert item["sealed"] is not None
    assert item["hash"] == item_hash_of(item)
    opened = SealedBox(server_key).decrypt(base64.b64decode(item["sealed"]))
    assert json.loads(opened) == {"name": "张三丰"}
    raw = kiosk_db.execute("select * from sync_outbox").fetchall()
    assert "张三丰" not in repr(raw)


def test_plain_payload_round_trips_with_its_hash(kiosk_db: sqlite_utils.Database) -> None:
    with kiosk_db.atomic():
        item_id = outbox.enqueue(
            kiosk_db, kind="usage_event", payload={"event": "search", "x": 1.5}, personal=False
        )
    (item,) = outbox.pending_batch(kiosk_db, limit=10)
    assert item["id"] == item_id
    assert item["payload"] == {"event": "search", "x": 1.5}
    assert item["hash"] == item_hash_of(item)


def _ack(ids: list[str], status: str = "created") -> list[IngestResult]:
    code = {"created": 201, "duplicate": 200, "rejected": 422}[status]
    reason = "bad" if status == "rejected" else None
    return [IngestResult(id=i, status=status, code=code, reason=reason) for i in ids]  # type: ignore[typeddict-item]


def test_ack_leaves_a_tombstone_without_payload(kiosk_db: sqlite_utils.Database) -> None:
    with kiosk_db.atomic():
        for n in range(3):
            outbox.enqueue(kiosk_db, kind="test", payload={"n": n}, personal=False)
    batch = outbox.pending_batch(kiosk_db, limit=2)
    acked, rejected = outbox.apply_results(
        kiosk_db, items=batch, results=_ack([i["id"] for i in batch], "duplicate")
    )
    assert (acked, rejected) == (2, 0)
    rows = kiosk_db.execute(
        "select id, hash, acked_at, payload, sealed, state from sync_outbox order by seq"
    ).fetchall()
    assert [r[5] for r in rows] == ["sent", "sent", "pending"]
    for row in rows[:2]:
        assert row[1]
        assert row[2]
        assert (row[3], row[4]) == (None, None)
    stats = outbox.stats(kiosk_db)
    assert (stats.depth, stats.sent, stats.rejected) == (1, 2, 0)


def test_old_tombstones_are_pruned_pending_and_rejected_items_are_not(
    kiosk_db: sqlite_utils.Database,
) -> None:
    with kiosk_db.atomic():
        for n in range(4):
            outbox.enqueue(kiosk_db, kind="test", payload={"n": n}, personal=False)
    batch = outbox.pending_batch(kiosk_db, limit=3)
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    outbox.apply_results(kiosk_db, items=batch[:1], results=_ack([batch[0]["id"]], "created"), now=long_ago)
    outbox.apply_results(kiosk_db, items=batch[1:2], results=_ack([batch[1]["id"]], "created"))
    outbox.apply_results(kiosk_db, items=batch[2:3], results=_ack([batch[2]["id"]], "rejected"), now=long_ago)
    assert outbox.prune_tombstones(kiosk_db, older_than_days=90) == 1
    left = dict(kiosk_db.execute("select id, state from sync_outbox").fetchall())
    assert batch[0]["id"] not in left  # acknowledged long ago: gone
    assert left[batch[1]["id"]] == "sent"  # acknowledged today: kept
    assert left[batch[2]["id"]] == "rejected"  # kept for the technician
    assert list(left.values()).count("pending") == 1
    assert outbox.prune_tombstones(kiosk_db, older_than_days=90) == 0


def test_rejected_items_are_kept_and_listed(kiosk_db: sqlite_utils.Database) -> None:
    with kiosk_db.atomic():
        outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    batch = outbox.pending_batch(kiosk_db, limit=5)
    outbox.apply_results(kiosk_db, items=batch, results=_ack([batch[0]["id"]], "rejected"))
    (listed,) = outbox.rejected_items(kiosk_db)
    assert (listed.id, listed.code, listed.reason) == (batch[0]["id"], 422, "bad")
    assert kiosk_db.execute("select payload from sync_outbox").fetchone()[0] is not None
    assert outbox.pending_batch(kiosk_db, limit=5) == []


def test_answer_for_other_ids_changes_nothing(kiosk_db: sqlite_utils.Database) -> None:
    with kiosk_db.atomic():
        outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    batch = outbox.pending_batch(kiosk_db, limit=5)
    with pytest.raises(outbox.ResultMismatchError):
        outbox.apply_results(kiosk_db, items=batch, results=_ack(["someone-else"]))
    assert outbox.stats(kiosk_db).depth == 1


def test_tombstoned_payload_bytes_leave_the_files(tmp_path: Path) -> None:
    # secure_delete zeroes the freed cell, the WAL truncation removes the old page images.
    from kiosk.storage.database import open_database

    db = open_database(tmp_path)
    marker = "TOMBSTONE-MARKER-" + "x" * 40
    with db.atomic():
        for _ in range(20):
            outbox.enqueue(db, kind="test", payload={"m": marker}, personal=False)
    db.execute("pragma wal_checkpoint(truncate)")
    files = [tmp_path / "kiosk.db", tmp_path / "kiosk.db-wal"]
    assert any(marker.encode() in f.read_bytes() for f in files if f.exists())
    batch = outbox.pending_batch(db, limit=100)
    outbox.apply_results(db, items=batch, results=_ack([i["id"] for i in batch]))
    assert outbox.truncate_wal(db)
    db.close()  # before reading the files ourselves (that would drop this process's locks)
    for f in files:
        if f.exists():
            assert marker.encode() not in f.read_bytes(), f.name


def test_enqueue_outside_a_transaction_is_refused(kiosk_db: sqlite_utils.Database) -> None:
    # `with db.conn:` opens no transaction under sqlite-utils 4, so it must be refused too.
    from kiosk.storage.transactions import NoTransactionError

    with pytest.raises(NoTransactionError, match="atomic"):
        outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    with pytest.raises(NoTransactionError), kiosk_db.conn:
        outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    assert outbox.stats(kiosk_db).depth == 0
