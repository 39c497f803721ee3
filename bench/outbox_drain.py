"""Outbox drain time: 10,000 queued kiosk items to a real local server over loopback.

Run: `.venv/bin/python -m bench.outbox_drain [--items N] [--batch N ...]`.
The server (server.app.create_app, SQLite, one uvicorn worker) runs in its own process; the kiosk
side is the real outbox and SyncWorker.cycle in this process. The mix is 80 % usage events, 10 %
sealed submissions (≈ 1 KB of form data each), 10 % ratings. Client and server share the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path

from kiosk.config import SyncSettings
from kiosk.storage.database import DATABASE_FILE, open_database
from kiosk.storage.transactions import write_transaction
from kiosk.sync import outbox
from kiosk.sync.client import enroll
from kiosk.sync.enrollment import save_enrollment
from kiosk.sync.usage import record_event
from kiosk.sync.worker import SyncWorker

ROOT = Path(__file__).resolve().parent.parent

_SERVE = """
import socket, sys, uvicorn
from pathlib import Path
from server.app import create_app
from server.settings import ServerSettings
app = create_app(ServerSettings(data_dir=Path(sys.argv[1])))
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(128)
Path(sys.argv[2]).write_text(str(sock.getsockname()[1]))
uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
"""


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("requests", "sqlite-utils", "pynacl", "fastapi", "uvicorn", "sqlalchemy")
    )
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {versions}"


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from server.app import build_context
    from server.settings import ServerSettings

    build_context(ServerSettings(data_dir=data_dir)).engine.dispose()  # migrate before serving
    port_file = data_dir / "port"
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVE, str(data_dir), str(port_file)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if port_file.exists() and port_file.read_text():
            port = int(port_file.read_text())
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return process, f"http://127.0.0.1:{port}"
            except OSError:
                pass
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("server did not start")


def new_code(data_dir: Path) -> str:
    from server.app import build_context
    from server.services.enrollment import create_code
    from server.settings import ServerSettings

    context = build_context(ServerSettings(data_dir=data_dir))
    with context.session_factory() as session:
        code, _ = create_code(session, created_by="bench", ttl=timedelta(hours=1),
                              now=datetime.now(UTC))
        session.commit()
    context.engine.dispose()
    return code


def fill(db_dir: Path, *, server_url: str, code: str, items: int) -> float:
    """Enroll a fresh kiosk database and queue `items` items; returns seconds spent queueing."""
    db = open_database(db_dir)
    answer = enroll(server_url=server_url, code=code, kiosk_name="bench", app_version="bench")
    save_enrollment(db, server_url=server_url, kiosk_name="bench", answer=answer)
    rng = random.Random(5)
    facts = "我在工地干活，老板拖欠工资三个月，一共两万元。" * 15  # ≈ 1 KB of form text
    began = time.perf_counter()
    for number in range(items):
        kind = number % 10
        with write_transaction(db):  # one visitor action = one transaction, as on a kiosk
            if kind == 0:
                outbox.enqueue(db, kind="submission", personal=True,
                               payload={"form": "legal_aid", "name": f"申请人{number}",
                                        "facts": facts})
            elif kind == 1:
                record_event(db, event="rating", rating=rng.randint(1, 5), lang="zh_CN")
            else:
                record_event(db, event="search", screen="search", query="工伤 认定 标准",
                             duration_s=rng.uniform(1, 60), lang="zh_CN")
    elapsed = time.perf_counter() - began
    db.close()
    return elapsed


def drain(db_dir: Path, *, batch: int) -> tuple[float, int]:
    """Run the worker's cycle until the outbox is empty; returns (seconds, batches)."""
    db = open_database(db_dir)
    worker = SyncWorker(
        database_path=db_dir / DATABASE_FILE,
        settings=SyncSettings(batch_size=batch, heartbeat_interval_s=3600),
    )
    began = time.perf_counter()
    while outbox.stats(db).depth:
        _delay, failing = worker.cycle(db)
        if failing:
            raise RuntimeError(f"drain failed: {worker.status().last_error}")
    elapsed = time.perf_counter() - began
    sent = outbox.stats(db).sent
    db.close()
    return elapsed, -(-sent // batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--batch", type=int, nargs="+", default=[100, 500])
    args = parser.parse_args()
    print(machine())
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        server_dir = Path(tmp) / "server"
        process, url = start_server(server_dir)
        try:
            for batch in args.batch:
                kiosk_dir = Path(tmp) / f"kiosk-{batch}"
                queue_s = fill(kiosk_dir, server_url=url, code=new_code(server_dir),
                               items=args.items)
                drain_s, batches = drain(kiosk_dir, batch=batch)
                size_mb = (kiosk_dir / DATABASE_FILE).stat().st_size / 2**20
                result = {
                    "items": args.items,
                    "batch": batch,
                    "queue_s": round(queue_s, 2),
                    "queue_items_per_s": round(args.items / queue_s),
                    "drain_s": round(drain_s, 2),
                    "drain_items_per_s": round(args.items / drain_s),
                    "batches": batches,
                    "kiosk_db_mb_after": round(size_mb, 2),
                }
                results.append(result)
                print(json.dumps(result))
        finally:
            process.terminate()
            process.wait(20)


if __name__ == "__main__":
    main()
