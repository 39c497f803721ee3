"""CPU the server spends per kiosk request, and SQL statements per request (heartbeat, ingest).

Run: `.venv/bin/python -m bench.request_cpu [--database sqlite|postgresql] [--requests 1500]
[--concurrency 8] [--py-spy /tmp/prof.txt]` (the last writes py-spy `--gil` profiles in raw
collapsed-stack form, one per kind of request, for flame graphs or a `sort | uniq -c` look).
A real `lawpost server` process with one worker over loopback; the load
generator (bench.raw_http, a few hundred microseconds a request) sends heartbeats, then ingest
batches (5 usage events, a sealed submission in every tenth) at a fixed concurrency. The figure
is the server process's CPU time (/proc: user + system) over the requests answered, which does
not depend on how busy the rest of the machine is the way latency does. Then, in this process,
the same requests through the app with a SQLAlchemy hook that counts statements per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.fleet_load import _batch, _beat
from bench.fleet_rate import _cpu_seconds, _server_pids
from bench.raw_http import Pool
from bench.server_common import machine, provision, server_process, throwaway_postgresql


async def _send(pool: Pool, requests: list[tuple[str, bytes, str]], concurrency: int) -> dict[int, int]:
    statuses: dict[int, int] = {}
    queue = list(reversed(requests))

    async def worker() -> None:
        while queue:
            path, body, token = queue.pop()
            headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
            answer = await pool.request("POST", path, headers=headers, body=body)
            statuses[answer.status] = statuses.get(answer.status, 0) + 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return statuses


def _requests(kind: str, count: int, tokens: list[str], public_key: str) -> list[tuple[str, bytes, str]]:
    made: Callable[[int], dict[str, Any]]
    made = (lambda n: _beat()) if kind == "heartbeat" else (lambda n: _batch(n, public_key))
    path = "/api/v1/heartbeat" if kind == "heartbeat" else "/api/v1/ingest"
    return [(path, json.dumps(made(n)).encode(), tokens[n % len(tokens)]) for n in range(count)]


async def measure(base_port: int, tokens: list[str], public_key: str, *, count: int, concurrency: int,
                  profile: Path | None) -> dict[str, tuple[float, dict[int, int], float]]:  # fmt: skip
    pool = Pool("127.0.0.1", base_port, size=concurrency)
    await _send(pool, _requests("heartbeat", 200, tokens, public_key), concurrency)  # warm up
    await _send(pool, _requests("ingest", 50, tokens, public_key), concurrency)
    pids = _server_pids()
    figures = {}
    for kind, number in (("heartbeat", count), ("ingest", count // 3)):
        requests = _requests(kind, number, tokens, public_key)
        spy = None
        if profile is not None:
            # py-spy samples every thread of the server (sync routes run on anyio's threads).
            out = profile.with_name(f"{profile.stem}-{kind}{profile.suffix}")
            command = [str(Path(sys.executable).parent / "py-spy"), "record", "--format", "raw", "--gil"]
            command += ["-r", "200", "-o", str(out), "-p", str(pids[0])]
            spy = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            await asyncio.sleep(1)
        cpu, wall = _cpu_seconds(pids), time.perf_counter()
        statuses = await _send(pool, requests, concurrency)
        cpu, wall = _cpu_seconds(pids) - cpu, time.perf_counter() - wall
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=30)
        figures[kind] = (cpu / number * 1000, statuses, number / wall)
    await pool.close()
    return figures


def _headers(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}", "content-type": "application/json"}


def count_statements(
    data_dir: Path, database_url: str, tokens: list[str], public_key: str
) -> dict[str, float]:
    """Statements per request through the app in this process (TestClient), after a warm-up."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from server.app import create_app
    from server.settings import ServerSettings

    app = create_app(ServerSettings(data_dir=data_dir, database_url=database_url))
    counted: list[str] = []
    engine = app.state.context.engine
    event.listen(engine, "before_cursor_execute", lambda *args: counted.append(str(args[2])[:60]))
    averages: dict[str, float] = {}
    with TestClient(app) as client:
        for kind in ("heartbeat", "ingest"):
            requests = _requests(kind, 40, tokens, public_key)
            for path, body, token in requests[:10]:
                client.post(path, content=body, headers=_headers(token))
            counted.clear()
            for path, body, token in requests[10:]:
                answer = client.post(path, content=body, headers=_headers(token))
                assert answer.status_code == 200, answer.text
            averages[kind] = len(counted) / 30
    engine.dispose()
    return averages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--requests", type=int, default=1500, help="heartbeats (ingest: a third)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8941)
    parser.add_argument("--py-spy", type=Path, help="write py-spy raw profiles (FILE-heartbeat.txt ...)")
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lawpost-cpu-")))
        url = stack.enter_context(throwaway_postgresql()) if args.database == "postgresql" else ""
        tokens = provision(data_dir=data_dir, database_url=url, count=200)
        from server.app import build_context
        from server.settings import ServerSettings

        context = build_context(ServerSettings(data_dir=data_dir, database_url=url))
        public_key = context.opener.public_key_b64
        context.engine.dispose()
        with server_process(data_dir=data_dir, database_url=url, port=args.port, log=data_dir / "log"):
            figures = asyncio.run(
                measure(
                    args.port,
                    tokens,
                    public_key,
                    count=args.requests,
                    concurrency=args.concurrency,
                    profile=args.py_spy,
                )
            )
        statements = count_statements(data_dir, url, tokens, public_key)
    for kind, (cpu_ms, statuses, rate) in figures.items():
        print(
            f"{args.database} {kind}: {cpu_ms:.2f} ms server CPU per request, "
            f"{statements[kind]:.1f} SQL statements per request, {rate:.0f} req/s, answers {statuses}"
        )
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
