"""Queue benchmark: the latency of taking one number (issue transaction alone, and issue + the
ticket drawn and printed to a fake ESC/POS device), and throughput with several processes issuing
concurrently into one database file. Prints a Markdown table."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.config import Settings
from kiosk.queue import tickets
from kiosk.queue.desk import TicketDesk, rules_from_settings
from kiosk.queue.printer import EscposTicketPrinter, FakeEscposDevice
from kiosk.storage.database import open_database
from tests.kiosk.queue.conftest import OPEN_MONDAY

SINGLE = 300
PRINTED = 50
PROCESSES, THREADS, PER_THREAD = 4, 2, 125


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{p50 * 1000:.1f} / {p95 * 1000:.1f} ms"


def single(root: Path) -> tuple[str, str]:
    rules = rules_from_settings(Settings())
    db = open_database(root / "single")
    took = []
    for _ in range(SINGLE):
        began = time.perf_counter()
        tickets.issue(db, rules, "A", now=OPEN_MONDAY)
        took.append(time.perf_counter() - began)
    desk = TicketDesk(db, rules, EscposTicketPrinter(FakeEscposDevice), service_point="示例镇公共法律服务点",
                      base_url="https://legal.example.gov.cn/lawpost", clock=lambda: OPEN_MONDAY)
    printed = []
    for _ in range(PRINTED):
        began = time.perf_counter()
        desk.take("B")
        printed.append(time.perf_counter() - began)
    db.conn.close()
    return _percentiles(took), _percentiles(printed)


def concurrent(root: Path) -> tuple[float, str, int]:
    data = root / "concurrent"
    open_database(data).conn.close()
    start_at = time.time() + 8.0  # time for every process to import and connect
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.kiosk.queue.issue_worker", str(data), str(THREADS),
                          str(PER_THREAD), str(start_at)], stdout=subprocess.PIPE)
        for _ in range(PROCESSES)
    ]
    numbers: list[str] = []
    latencies: list[float] = []
    ended = start_at
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        result = json.loads(out)
        numbers += result["numbers"]
        latencies += result["latencies"]
        ended = max(ended, result["ended"])
    # From the agreed start (every worker waits for it, connected) to the last commit.
    elapsed = ended - start_at
    distinct = len(set(numbers))
    p99 = sorted(latencies)[int(0.99 * (len(latencies) - 1))]
    tail = (f"{_percentiles(latencies)}; p99 {p99 * 1000:.0f} ms, "
            f"mean {statistics.mean(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    return len(numbers) / elapsed, tail, distinct


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="lawpost-bench-queue-") as tmp:
        root = Path(tmp)
        alone, printed = single(root)
        rate, latency, distinct = concurrent(root)
    total = PROCESSES * THREADS * PER_THREAD
    print("| figure | measured |")
    print("|---|---|")
    print("| issue one number (BEGIN IMMEDIATE, synchronous=FULL, with its outbox event), "
          f"p50 / p95 of {SINGLE} | {alone} |")
    print("| take a number at the tile: issue + draw the ticket (Pillow, CJK, QR) + ESC/POS to a "
          f"fake device + print state, p50 / p95 of {PRINTED} | {printed} |")
    print(f"| {PROCESSES} processes × {THREADS} threads issuing {total} numbers into one file: "
          f"throughput | {rate:.0f} numbers/s |")
    print(f"| … latency per issue under that contention, p50 / p95 (p99, mean, max) | {latency} |")
    print(f"| … distinct numbers / issued | {distinct} / {total} |")


if __name__ == "__main__":
    main()
