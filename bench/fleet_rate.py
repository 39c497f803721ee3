"""The kiosk traffic rate the server sustains: heartbeats and outbox uploads in rising steps.

Run: `.venv/bin/python -m bench.fleet_rate [--databases sqlite,postgresql] [--steps 10,20,40,80]
[--step-seconds 10] [--workers 2] [--kiosks 500]`. Against a real `lawpost server` process on
loopback (SQLite: one uvicorn worker, its documented limit; PostgreSQL: `--workers`), open loop:
each step offers a fixed rate of kiosk requests for a few seconds, in the mix a fleet makes —
every kiosk beats every 30 s and uploads an outbox batch every 60 s (5 usage events, and a sealed
submission in every tenth batch), so two heartbeats per upload and one kiosk = 0.05 requests/s.

For each step: requests answered per second, latency from the moment a request was due (a
server that falls behind shows it as latency), answers by status, and the CPU seconds the server
and this load generator used (they share the machine's cores). The sustained rate is the highest
step at which every request was answered 2xx and at least 95 % of the offered rate was answered
within the step (the throughput it keeps up with); reported beside it, the highest such step whose
heartbeat p95 also stayed ≤ 100 ms. The console users and the login flood of
`bench.fleet_load` are left out: this measures what the kiosk API alone holds.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.fleet_load import Tally, _batch, _beat, _percentile
from bench.server_common import machine, provision, server_process, throwaway_postgresql

REQUESTS_PER_KIOSK_S = 1 / 30 + 1 / 60
IN_FLIGHT = 100
P95_LIMIT_S = 0.100


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def _server_pids() -> list[int]:
    """The `lawpost server` process this script started and its uvicorn workers."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


async def _timed(tally: Tally, kind: str, send: Any, slots: asyncio.Semaphore) -> None:
    """One request, latency from when it was due. A connection the server closed while idle
    (uvicorn's 5 s keep-alive) is retried once, as a kiosk's next sync cycle would; counted."""
    started = time.perf_counter()
    status = ""
    async with slots:
        for attempt in range(2):
            try:
                status = str((await send()).status_code)
                break
            except (httpx.ReadError, httpx.RemoteProtocolError) as error:
                status = type(error).__name__
                if attempt == 0:
                    tally.statuses[kind + " retried"][status] += 1
            except httpx.TimeoutException:
                status = "timeout"
                break
            except httpx.HTTPError as error:
                status = type(error).__name__
                break
    tally.add(kind, status, time.perf_counter() - started)


async def step(client: httpx.AsyncClient, tokens: list[str], public_key: str, *, rate: float,
               seconds: float) -> tuple[Tally, float]:  # fmt: skip
    """Offer `rate` requests/s for `seconds`; returns the tally and the wall time until the last
    answer."""
    tally = Tally()
    slots = asyncio.Semaphore(IN_FLIGHT)
    tasks: list[asyncio.Task[None]] = []
    start = time.perf_counter()
    for number in range(int(rate * seconds)):
        delay = start + number / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        headers = {"Authorization": f"Bearer {tokens[number % len(tokens)]}"}
        send: Any
        if number % 3 == 2:
            body = _batch(number // 3, public_key)
            send = functools.partial(client.post, "/api/v1/ingest", json=body, headers=headers)
            tasks.append(asyncio.create_task(_timed(tally, "upload", send, slots)))
        else:
            send = functools.partial(client.post, "/api/v1/heartbeat", json=_beat(), headers=headers)
            tasks.append(asyncio.create_task(_timed(tally, "heartbeat", send, slots)))
    await asyncio.gather(*tasks)
    return tally, time.perf_counter() - start


async def ramp(base: str, tokens: list[str], public_key: str, *, rates: list[float],
               seconds: float, database: str, workers: int) -> tuple[float, float]:  # fmt: skip
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    sustained = fast = 0.0
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await step(client, tokens, public_key, rate=5, seconds=2)  # connections, caches
        server = _server_pids()
        for rate in rates:
            server_cpu, own_cpu = _cpu_seconds(server), time.process_time()
            tally, wall = await step(client, tokens, public_key, rate=rate, seconds=seconds)
            server_cpu, own_cpu = _cpu_seconds(server) - server_cpu, time.process_time() - own_cpu
            final = {k: c for k, c in tally.statuses.items() if not k.endswith("retried")}
            sent = sum(sum(c.values()) for c in final.values())
            ok = sum(n for c in final.values() for s, n in c.items() if s.startswith("2"))
            answered_rate = ok / wall
            beats = tally.latency["heartbeat"]
            both = beats + tally.latency["upload"]
            p95_beat = _percentile(beats, 0.95)
            others: dict[str, int] = {}
            for kind, counter in tally.statuses.items():
                for status, count in counter.items():
                    if not status.startswith("2") or kind.endswith("retried"):
                        others[f"{kind} {status}"] = count
            print(
                f"| {database} | {workers} | {rate:.0f} ({rate / REQUESTS_PER_KIOSK_S:,.0f} kiosks) | "
                f"{answered_rate:.1f} | {_percentile(both, 0.5) * 1000:.0f} | "
                f"{p95_beat * 1000:.0f} / {_percentile(tally.latency['upload'], 0.95) * 1000:.0f} | "
                f"{_percentile(both, 0.99) * 1000:.0f} | {ok}/{sent} {others or ''} | "
                f"{server_cpu:.1f} / {own_cpu:.1f} of {wall:.1f} s |",
                flush=True,
            )
            keeps_up = ok == sent and answered_rate >= 0.95 * rate
            if keeps_up:
                sustained = rate
                if p95_beat <= P95_LIMIT_S:
                    fast = rate
            if not keeps_up and p95_beat > 2.0:
                break  # well past the limit: the next step only queues longer
    return sustained, fast


def run(database: str, *, kiosks: int, rates: list[float], seconds: float, workers: int,
        port: int, keep_log: Path | None = None) -> tuple[float, float]:  # fmt: skip
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lawpost-rate-")))
        url = stack.enter_context(throwaway_postgresql()) if database == "postgresql" else ""
        tokens = provision(data_dir=data_dir, database_url=url, count=kiosks)
        from server.app import build_context
        from server.settings import ServerSettings

        context = build_context(ServerSettings(data_dir=data_dir, database_url=url))
        public_key = context.opener.public_key_b64
        context.engine.dispose()
        log = data_dir / "server.log"
        server = server_process(data_dir=data_dir, database_url=url, port=port, workers=workers, log=log)
        base = stack.enter_context(server)
        driven = ramp(
            base, tokens, public_key, rates=rates, seconds=seconds, database=database, workers=workers
        )
        try:
            return asyncio.run(driven)
        finally:
            if keep_log is not None:
                keep_log.write_bytes(log.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--steps", default="10,20,40,80,160", help="offered requests/s, rising")
    parser.add_argument("--step-seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers on PostgreSQL")
    parser.add_argument("--kiosks", type=int, default=500, help="enrolled kiosks the load rotates over")
    parser.add_argument("--port", type=int, default=8933)
    parser.add_argument("--keep-logs", type=Path, help="folder for the server logs (DATABASE.log)")
    args = parser.parse_args()
    rates = [float(r) for r in args.steps.split(",")]
    print(f"Machine: {machine()}; load average before: {os.getloadavg()[0]:.1f}")
    print(f"{args.step_seconds:.0f} s per step, started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")
    print("| database | workers | offered req/s | answered 2xx/s | p50 ms | p95 ms beat / upload | "
          "p99 ms | 2xx / sent | CPU s server / load generator |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    summary = []
    for index, database in enumerate(args.databases.split(",")):
        workers = args.workers if database == "postgresql" else 1
        sustained, fast = run(database, kiosks=args.kiosks, rates=rates, seconds=args.step_seconds,
                        workers=workers, port=args.port + index,
                        keep_log=args.keep_logs / f"{database}.log" if args.keep_logs else None)  # fmt: skip
        summary.append(
            f"{database} ({workers} worker{'s' if workers > 1 else ''}): kept up with "
            f"{sustained:.0f} requests/s = {sustained / REQUESTS_PER_KIOSK_S:,.0f} kiosks; with "
            f"heartbeat p95 <= {P95_LIMIT_S * 1000:.0f} ms: {fast:.0f} requests/s"
        )
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
