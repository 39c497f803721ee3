"""One process that takes `count` numbers on each of `threads` threads (own connection each),
all against one kiosk database file; prints the numbers it got as JSON. Used by the concurrency
test and bench/queue.py."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from kiosk.config import Settings
from kiosk.queue import tickets
from kiosk.queue.desk import rules_from_settings
from kiosk.storage.database import open_database
from tests.kiosk.queue.conftest import OPEN_MONDAY


def main(data_dir: Path, threads: int, count: int, start_at: float) -> None:
    rules = rules_from_settings(Settings())
    got: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    ended: list[float] = []

    def run() -> None:
        db = open_database(data_dir)
        while time.time() < start_at:  # every process starts hammering at the same moment
            time.sleep(0.001)
        for _ in range(count):
            began = time.perf_counter()
            number = tickets.issue(db, rules, "A", now=OPEN_MONDAY).ticket.number
            with lock:
                latencies.append(time.perf_counter() - began)
                got.append(number)
        with lock:
            ended.append(time.time())
        db.conn.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    json.dump({"numbers": got, "latencies": latencies, "ended": max(ended)}, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
