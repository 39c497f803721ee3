"""Sync soak: 72 simulated hours of visitors, usage events, heartbeats and network outages.

Run: `.venv/bin/python -m bench.sync_soak [--hours 72] [--seed N]` (also `make reliability`).

The kiosk side is the real code in this process: the UsageRecorder thread and save_rating write
the real SQLite outbox, and the real SyncWorker.cycle sends it. The worker's clock (heartbeat
schedule, backoff, daily prune) runs on simulated time, 30 s heartbeats and all; timestamps on
items stay wall-clock. Every request crosses tests/reliability/fault_proxy.py to the real server
(server.app, SQLite, its own process): the network is down in random spells (minutes to
hours, ~15 % of the time) and otherwise loses or garbles ~3 % of requests. Visitors come in
opening hours (08:00-18:00 simulated), each leaving a few usage events and a rating, some with
a sealed comment.

Figures: memory (this process and the server, VmRSS), the kiosk's files (count, database and
WAL bytes), queue depth, and at the end every acknowledged item on the server exactly once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from fault_proxy import (  # noqa: E402
    DROP_REQUEST,
    DROP_RESPONSE,
    ERROR_500,
    ERROR_500_AFTER,
    GARBAGE,
    TRUNCATE,
    FaultPlan,
    FaultProxy,
)
from sync_server import LiveServer, start_server  # noqa: E402

import kiosk.sync.worker as worker_module  # noqa: E402
from kiosk.config import SyncSettings  # noqa: E402
from kiosk.ratings import Rating, save_rating  # noqa: E402
from kiosk.storage.database import DATABASE_FILE, connect, open_database  # noqa: E402
from kiosk.sync import outbox  # noqa: E402
from kiosk.sync.client import enroll  # noqa: E402
from kiosk.sync.enrollment import save_enrollment  # noqa: E402
from kiosk.usage_recorder import UsageRecorder  # noqa: E402

LETTERS = "abcdefghij"
UP = FaultPlan(weights={DROP_REQUEST: 0.01, DROP_RESPONSE: 0.005, ERROR_500: 0.005,
                        ERROR_500_AFTER: 0.005, TRUNCATE: 0.0025, GARBAGE: 0.0025})  # fmt: skip
DOWN = FaultPlan(weights={DROP_REQUEST: 1.0})
STEP_S = 5.0  # simulated seconds per step of the loop
SETTINGS = SyncSettings(
    heartbeat_interval_s=30, batch_size=100, connect_timeout_s=1.0, read_timeout_s=2.0,
    backoff_base_s=1.0, backoff_cap_s=900.0,
)  # fmt: skip


def tag(seq: int) -> str:
    return "".join(LETTERS[int(d)] for d in str(seq))


def untag(text: str) -> int:
    return int("".join(str(LETTERS.index(ch)) for ch in text))


class SimulatedTime:
    """Stands in for the `time` module inside kiosk.sync.worker: monotonic() is simulated."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


def rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _files(data_dir: Path) -> tuple[int, int, int]:
    """(number of files, database bytes, WAL bytes) in the kiosk's data folder."""
    names = [p for p in data_dir.rglob("*") if p.is_file()]
    db = data_dir / DATABASE_FILE
    wal = data_dir / f"{DATABASE_FILE}-wal"
    return len(names), db.stat().st_size, wal.stat().st_size if wal.exists() else 0


def _server_items(server: LiveServer, device_id: str) -> Counter[tuple[str, int]]:
    seen: Counter[tuple[str, int]] = Counter()
    with closing(sqlite3.connect(server.database_path)) as conn:
        rows = conn.execute(
            "select i.kind, i.sealed, u.topic from ingest_items i "
            "left join usage_events u on u.item_pk = i.id where i.device_id = ?",
            [device_id],
        ).fetchall()
    for kind, sealed, topic in rows:
        if sealed is not None:
            plain = server.context.opener.open(bytes(sealed))
            seq = untag(json.loads(plain or b"{}")["comment"][1:])
        else:
            seq = untag(topic[1:])
        seen[(kind, seq)] += 1
    return seen


def run_soak(
    *, hours: float, seed: int, root: Path, sample_every_h: float = 1.0, outage_every_h: float = 10.0
) -> dict[str, Any]:
    """Run the soak and return its figures; `problems` lists anything lost or duplicated."""
    rng = random.Random(seed)
    # The device token's host key: never the machine's own /etc/lawpost from a benchmark.
    os.environ.setdefault("LAWPOST_HOST_KEY_FILE", str(root / "host.key"))
    server = start_server(root / "server")
    proxy = FaultProxy(upstream_port=server.port, plan=UP).start()
    data_dir = root / "kiosk"
    setup = open_database(data_dir)
    answer = enroll(server_url=server.url, code=server.new_code(), kiosk_name="浸泡", app_version="t")
    save_enrollment(setup, server_url=proxy.url, kiosk_name="浸泡", answer=answer)
    setup.close()
    clock = SimulatedTime()
    # The worker reads only time.monotonic() from its module-level `time`: swap that name.
    names = vars(worker_module)
    real_time = names["time"]
    names["time"] = clock
    db = connect(data_dir / DATABASE_FILE)
    recorder = UsageRecorder(data_dir / DATABASE_FILE)
    worker = worker_module.SyncWorker(
        database_path=data_dir / DATABASE_FILE, settings=SETTINGS, rng=random.Random(seed)
    )
    acked: Counter[str] = Counter()
    usage_seqs: list[int] = []
    comment_seqs: list[int] = []
    samples: list[dict[str, Any]] = []
    began = time.monotonic()
    end = hours * 3600
    next_cycle = 0.0
    next_sample = 0.0
    outage_until = -1.0
    down_s = 0.0
    outages = 0
    seq = 0
    try:
        while clock.now < end:
            clock.now += STEP_S
            hour = (8 + clock.now / 3600) % 24  # the soak starts at 08:00
            # The network: an outage starts about every `outage_every_h`, lasting 1 min to 3 h.
            if clock.now >= outage_until and proxy.plan is DOWN:
                proxy.plan = UP
            if proxy.plan is UP and rng.random() < STEP_S / (outage_every_h * 3600):
                outage_until = clock.now + rng.uniform(60, min(3, outage_every_h / 2) * 3600)
                proxy.plan = DOWN
                outages += 1
            if proxy.plan is DOWN:
                down_s += STEP_S
            # Visitors: ~30 an hour in opening hours, each a few usage events and a rating.
            if 8 <= hour < 18 and rng.random() < STEP_S * 30 / 3600:
                for event in ("screen_view", "search", "guide_read", "session_end"):
                    seq += 1
                    usage_seqs.append(seq)
                    recorder.record(event=event, screen="home", topic=f"u{tag(seq)}")
                seq += 1
                comment = f"c{tag(seq)}" if rng.random() < 0.2 else ""
                save_rating(db, Rating(level=rng.randint(1, 5), comment=comment, language="zh_CN"))
                acked["rating"] += 1
                if comment:
                    comment_seqs.append(seq)
            if clock.now >= next_cycle:
                recorder.flush()
                delay, _failing = worker.cycle(db)
                next_cycle = clock.now + (60.0 if delay is None else max(delay, 1.0))
            if clock.now >= next_sample:
                next_sample += sample_every_h * 3600
                files, db_bytes, wal_bytes = _files(data_dir)
                samples.append({
                    "sim_h": round(clock.now / 3600, 1), "rss_kb": rss_kb(),
                    "server_rss_kb": rss_kb(server.process.pid), "files": files,
                    "db_bytes": db_bytes, "wal_bytes": wal_bytes,
                    "depth": outbox.stats(db).depth,
                })  # fmt: skip
        # The network comes back for good: everything queued must arrive.
        proxy.plan = UP
        recorder.flush()
        for _ in range(200):
            clock.now += 60
            worker.cycle(db)
            if outbox.stats(db).depth == 0:
                break
        depth = outbox.stats(db).depth
        files, db_bytes, wal_bytes = _files(data_dir)
        on_server = _server_items(server, answer["device_id"])
        problems = [f"{key} on the server {n} times" for key, n in on_server.items() if n > 1]
        problems += [f"usage {s} lost" for s in usage_seqs if not on_server[("usage_event", s)]]
        problems += [f"comment {s} lost" for s in comment_seqs if not on_server[("rating", s)]]
        if depth:
            problems.append(f"{depth} items still queued")
        rss = [s["rss_kb"] for s in samples]
        return {
            "simulated_hours": hours,
            "real_seconds": round(time.monotonic() - began, 1),
            "usage_events": len(usage_seqs),
            "ratings": acked["rating"],
            "sealed_comments": len(comment_seqs),
            "outages": outages,
            "network_down_share": round(down_s / end, 3),
            "requests": dict(sorted(proxy.counts.items())),
            "rss_kb_first_last_max": [rss[0], rss[-1], max(rss)] if rss else [],
            "rss_kb_after_first_quarter_max": max(rss[len(rss) // 4 :]) if rss else 0,
            "server_rss_kb_last": samples[-1]["server_rss_kb"] if samples else 0,
            "files_max": max(s["files"] for s in samples),
            "wal_bytes_max": max(s["wal_bytes"] for s in samples),
            "db_bytes_end": db_bytes,
            "wal_bytes_end": wal_bytes,
            "files_end": files,
            "max_depth": max(s["depth"] for s in samples),
            "problems": problems,
            "samples": samples,
        }
    finally:
        names["time"] = real_time
        recorder.close()
        db.close()
        proxy.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=72.0)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--json", action="store_true", help="print the report with every sample")
    args = parser.parse_args()
    # tmpfs when there is one: the soak is about memory, files and loss, not fsync latency
    # (tests/reliability/test_power_cuts.py covers durability), and 8,640 heartbeats' worth of
    # fsyncs on a shared disk would take half an hour.
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="lawpost-soak-", dir=shm if shm.is_dir() else None) as tmp:
        report = run_soak(hours=args.hours, seed=args.seed, root=Path(tmp))
    report["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, shared with other work"
    if not args.json:
        report.pop("samples")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    sys.exit(1 if report["problems"] else 0)


if __name__ == "__main__":
    main()
