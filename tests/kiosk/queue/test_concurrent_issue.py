"""Several real processes, each with several threads, take numbers from one database file at
once: every number is handed out exactly once and none is skipped."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from kiosk.storage.database import open_database

PROCESSES = 5
THREADS = 2
PER_THREAD = 100


def test_a_thousand_concurrent_requests_get_a_thousand_consecutive_numbers(tmp_path: Path) -> None:
    open_database(tmp_path).conn.close()  # schema first, so the workers only issue
    start_at = time.time() + 1.5
    root = Path(__file__).resolve().parents[3]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.kiosk.queue.issue_worker", str(tmp_path),
             str(THREADS), str(PER_THREAD), str(start_at)],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in range(PROCESSES)
    ]
    numbers: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        numbers += json.loads(out)["numbers"]
    total = PROCESSES * THREADS * PER_THREAD
    assert len(numbers) == total
    assert sorted(numbers, key=lambda n: int(n[1:])) == [f"A{n:03d}" for n in range(1, total + 1)]
    db = open_database(tmp_path)
    issued = db.execute(
        "select count(*) from sync_outbox where kind = 'queue_event'"
    ).fetchone()[0]
    db.conn.close()
    assert issued == total  # one 'issued' event per ticket, committed with it
