"""Canary: a name, ID number and phone submitted through the outbox never reach the kiosk's disk."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select
from sync_helpers import enroll_with
from sync_server import REPO, LiveServer

from kiosk.storage.database import DATABASE_FILE, connect, open_database
from kiosk.sync import outbox
from kiosk.sync.usage import record_event
from server.models import IngestItem, UsageEvent

CANARY_NAME = "龚雪樱"
CANARY_ID = "11010519491231002X"  # valid GB 11643 check character
CANARY_PHONE = "13912345678"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "gb18030")


def _needles() -> list[bytes]:
    needles = set()
    for text in (CANARY_NAME, CANARY_ID, CANARY_ID.lower(), CANARY_PHONE):
        for encoding in ENCODINGS:
            needles.add(text.encode(encoding))
    return sorted(needles)


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n!r}" for n in _needles() if n in data]
    return found


def _depth(kiosk_dir: Path) -> int:
    db = connect(kiosk_dir / DATABASE_FILE)
    try:
        return outbox.stats(db).depth
    finally:
        db.close()


def test_canary_never_on_the_kiosk_disk(tmp_path: Path, live_server: LiveServer) -> None:
    kiosk_dir = tmp_path / "kiosk"
    temp_dir = tmp_path / "tmp"
    temp_dir.mkdir()
    db = open_database(kiosk_dir)
    device = enroll_with(db, live_server)
    with db.atomic():
        outbox.enqueue(
            db,
            kind="submission",
            payload={"name": CANARY_NAME, "id_number": CANARY_ID, "phone": CANARY_PHONE,
                     "facts": f"我叫{CANARY_NAME}，电话{CANARY_PHONE}"},
            personal=True,
        )
    record_event(
        db,
        event="ask",
        query=f"我叫{CANARY_NAME}，身份证{CANARY_ID}，电话{CANARY_PHONE}，工资被拖欠",
    )
    # Close before reading the files: closing any other descriptor of a database file drops
    # this process's POSIX locks on it, and the worker could then cut a WAL we still read.
    db.close()
    assert _leaks(kiosk_dir) == [], "visible on disk while queued"

    log = kiosk_dir / "sync.log"
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temp_dir),
           "SQLITE_TMPDIR": str(temp_dir)}
    with open(kiosk_dir / "sync.stderr", "ab") as stderr:
        worker = subprocess.Popen(
            [sys.executable, "-m", "kiosk.sync", "--data-dir", str(kiosk_dir), "--log-file",
             str(log)],
            cwd=REPO, env=env, stdout=stderr, stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while _depth(kiosk_dir) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _depth(kiosk_dir) == 0
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)

    assert "sent 2 items" in log.read_text(encoding="utf-8")  # the log was really written
    assert _leaks(kiosk_dir) == []
    assert _leaks(temp_dir) == []
    # Not vacuous: the server did receive the submission, and opens the canary inside it.
    with live_server.context.session_factory() as session:
        sealed = session.scalars(
            select(IngestItem.sealed).where(
                IngestItem.device_id == device, IngestItem.kind == "submission"
            )
        ).one()
        queries = list(
            session.scalars(select(UsageEvent.query).where(UsageEvent.device_id == device))
        )
    assert sealed is not None
    opened = live_server.context.opener.open(sealed)
    assert opened is not None
    assert json.loads(opened)["id_number"] == CANARY_ID
    assert queries == ["我叫〔姓名〕，身份证〔证件号〕，电话〔电话〕，工资被拖欠"]
