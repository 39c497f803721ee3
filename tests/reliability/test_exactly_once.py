"""Exactly once: N items through a faulty network while the sync process is SIGKILLed at random.

Default suite: 300 items, 10 kills. `make reliability` (LAWPOST_RELIABILITY_FULL=1): 10,000 items,
200 kills. The kiosk's sync worker runs as a real child process (`python -m kiosk.sync`), the real
server runs as another, and every request crosses the fault proxy.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import sqlite_utils
from fault_proxy import (
    DROP_RESPONSE,
    ERROR_500_AFTER,
    GARBAGE,
    TIMEOUT,
    TRUNCATE,
    FaultPlan,
    FaultProxy,
)
from sync_server import REPO, LiveServer, start_server

from kiosk.storage.database import DATABASE_FILE, open_database
from kiosk.storage.transactions import write_transaction
from kiosk.sync import outbox
from kiosk.sync.client import enroll
from kiosk.sync.enrollment import save_enrollment

FULL = os.environ.get("LAWPOST_RELIABILITY_FULL") == "1"
ITEMS = 10_000 if FULL else 300
KILLS = 200 if FULL else 10
SEALED_EVERY = 5  # every 5th item is a sealed "submission", the rest plain "test" items
SEED = int(os.environ.get("LAWPOST_RELIABILITY_SEED", "20261127"))

CONFIG = """
[sync]
batch_size = {batch}
connect_timeout_s = 1.0
read_timeout_s = 1.0
backoff_base_s = 0.02
backoff_cap_s = 0.3
"""


def _enqueue(db: sqlite_utils.Database, seqs: range) -> None:
    # Small transactions, as visitors would make them, each one business "record" + outbox row.
    for start in range(seqs.start, seqs.stop, 7):
        with write_transaction(db):
            for seq in range(start, min(start + 7, seqs.stop)):
                sealed = seq % SEALED_EVERY == 0
                payload = {"seq": seq, "name": f"访客{seq}"} if sealed else {"seq": seq}
                outbox.enqueue(
                    db, kind="submission" if sealed else "test", payload=payload, personal=sealed
                )


def _start_worker(kiosk_dir: Path, config: Path, log: Path) -> subprocess.Popen[bytes]:
    with open(log.with_suffix(".stderr"), "ab") as stderr:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "kiosk.sync", "--data-dir", str(kiosk_dir), "--config",
             str(config), "--log-file", str(log)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def _server_seqs(server: LiveServer, device_id: str) -> tuple[list[str], Counter[int]]:
    ids: list[str] = []
    seqs: Counter[int] = Counter()
    with sqlite3.connect(server.database_path) as conn:
        rows = conn.execute(
            "select item_id, kind, payload_json, sealed from ingest_items where device_id = ?",
            [device_id],
        ).fetchall()
    for item_id, kind, payload_json, sealed in rows:
        ids.append(item_id)
        if kind == "submission":
            plain = server.context.opener.open(bytes(sealed))
            assert plain is not None, "a sealed item the server cannot open"
            seqs[json.loads(plain)["seq"]] += 1
        else:
            seqs[json.loads(payload_json)["seq"]] += 1
    return ids, seqs


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("pragma integrity_check").fetchone()[0])


def test_every_item_arrives_exactly_once_through_faults_and_kills(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    began = time.monotonic()
    server = start_server(tmp_path / "server")
    plan = FaultPlan.uniform(fault_rate=0.4, retry_after_s=1, hold_s=1.5, seed=SEED)
    proxy = FaultProxy(upstream_port=server.port, plan=plan).start()
    kiosk_dir = tmp_path / "kiosk"
    db = open_database(kiosk_dir)
    worker: subprocess.Popen[bytes] | None = None
    try:
        answer = enroll(
            server_url=server.url, code=server.new_code(), kiosk_name="可靠性", app_version="t"
        )
        device_id = answer["device_id"]
        save_enrollment(db, server_url=proxy.url, kiosk_name="可靠性", answer=answer)
        config = tmp_path / "sync.toml"
        config.write_text(CONFIG.format(batch=50 if FULL else 20))
        log = tmp_path / "sync.log"

        # Items arrive in waves: part before each run of the worker, part while it runs.
        waves = [range(ITEMS * k // (KILLS + 1), ITEMS * (k + 1) // (KILLS + 1))
                 for k in range(KILLS + 1)]
        kills = 0
        for wave in waves[:-1]:
            middle = (wave.start + wave.stop) // 2
            _enqueue(db, range(wave.start, middle))
            worker = _start_worker(kiosk_dir, config, log)
            time.sleep(rng.uniform(0.2, 0.8))
            _enqueue(db, range(middle, wave.stop))
            time.sleep(rng.uniform(0.0, 0.8))
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            kills += 1
        _enqueue(db, waves[-1])

        worker = _start_worker(kiosk_dir, config, log)
        deadline = time.monotonic() + (3600 if FULL else 300)
        while outbox.stats(db).depth and time.monotonic() < deadline:
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
        worker = None
        elapsed = time.monotonic() - began

        stats = outbox.stats(db)
        duplicates = db.execute(
            "select count(*) from sync_outbox where ack_status = 'duplicate'"
        ).fetchone()[0]
        ids, seqs = _server_seqs(server, device_id)
        report = {
            "items": ITEMS,
            "kills": kills,
            "elapsed_s": round(elapsed, 1),
            "server_rows": len(ids),
            "kiosk_sent": stats.sent,
            "kiosk_pending": stats.depth,
            "kiosk_rejected": stats.rejected,
            "duplicate_answers_final": duplicates,
            "faults": dict(sorted(proxy.counts.items())),
        }
        print(json.dumps(report, ensure_ascii=False))
        if os.environ.get("LAWPOST_RELIABILITY_REPORT"):
            Path(os.environ["LAWPOST_RELIABILITY_REPORT"]).write_text(json.dumps(report) + "\n")

        assert kills == KILLS
        assert stats.depth == 0, "items still waiting on the kiosk"
        assert stats.rejected == 0
        assert stats.sent == ITEMS
        assert len(ids) == len(set(ids)) == ITEMS, "lost or duplicated ids on the server"
        missing = set(range(ITEMS)) - set(seqs)
        doubled = [seq for seq, count in seqs.items() if count > 1]
        assert not missing, f"lost: {sorted(missing)[:20]}"
        assert not doubled, f"duplicated: {doubled[:20]}"
        assert duplicates > 0, "the lost-acknowledgement path never ran"
        lost_ack_faults = sum(
            proxy.counts[f] for f in (DROP_RESPONSE, ERROR_500_AFTER, TIMEOUT, TRUNCATE, GARBAGE)
        )
        assert lost_ack_faults > 0
        assert _integrity(kiosk_dir / DATABASE_FILE) == "ok"
        assert _integrity(server.database_path) == "ok"
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
            worker.wait()
        db.close()
        proxy.close()
        server.stop()
