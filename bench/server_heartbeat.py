"""Heartbeat latency of the central server: 2,000 simulated kiosks, one beat each per 30 s.

Run: `.venv/bin/python -m bench.server_heartbeat [--kiosks N] [--seconds S] [--no-postgres]`.
Open loop: beats are sent on schedule (kiosks/interval per second, ~67/s for 2,000 kiosks at
30 s) whether or not earlier ones were answered, so a slow server shows as latency, not as a
lower rate. One `lawpost server` process (one uvicorn worker); the asyncio client runs on the
same two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.server_common import machine, provision, server_process, throwaway_postgresql

INTERVAL_S = 30.0


def beat_body(number: int) -> dict[str, Any]:
    # A few kiosks report problems, so the alert path runs as it would in a real fleet.
    printer = "no_paper" if number % 50 == 0 else "ok"
    return {
        "sent_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "app_version": "1.0.0",
        "content_version": "2026.03",
        "devices": {"printer": printer, "camera": "ok", "microphone": "ok", "speaker": "ok"},
        "disk_free_mb": 500 if number % 97 == 0 else 40_000,
        "outbox_depth": number % 7,
        "oldest_pending_age_s": None,
        "last_sync_at": None,
    }


async def drive(base: str, tokens: list[str], *, seconds: float) -> tuple[list[float], int]:
    """Latencies (s) of every answered beat and the number of failed ones."""
    latencies: list[float] = []
    failures = 0
    rate = len(tokens) / INTERVAL_S
    total = int(seconds * rate)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one(number: int) -> None:
            nonlocal failures
            token = tokens[number % len(tokens)]
            started = time.perf_counter()
            try:
                answer = await client.post(
                    "/api/v1/heartbeat", json=beat_body(number), headers={"Authorization": f"Bearer {token}"}
                )
            except httpx.HTTPError:
                failures += 1
                return
            if answer.status_code == 200:
                latencies.append(time.perf_counter() - started)
            else:
                failures += 1

        tasks: list[asyncio.Task[None]] = []
        start = time.perf_counter()
        for number in range(total):
            delay = start + number / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(number)))
        await asyncio.gather(*tasks)
    return latencies, failures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(database: str, *, kiosks: int, seconds: float, port: int) -> dict[str, float]:
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lawpost-bench-")))
        url = stack.enter_context(throwaway_postgresql()) if database == "postgresql" else ""
        tokens = provision(data_dir=data_dir, database_url=url, count=kiosks)
        base = stack.enter_context(server_process(data_dir=data_dir, database_url=url, port=port))
        # Warm-up: open connections and first queries before measuring.
        asyncio.run(drive(base, tokens[:60], seconds=INTERVAL_S / 10))
        started = time.perf_counter()
        latencies, failures = asyncio.run(drive(base, tokens, seconds=seconds))
        elapsed = time.perf_counter() - started
    return {
        "beats": len(latencies) + failures,
        "rate": (len(latencies) + failures) / elapsed,
        "failures": failures,
        "p50_ms": statistics.median(latencies) * 1000,
        "p90_ms": percentile(latencies, 0.90) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=8912)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    databases = ["sqlite"] if args.no_postgres else ["sqlite", "postgresql"]
    print(f"Machine: {machine()}")
    print(
        f"{args.kiosks} kiosks, one beat per {INTERVAL_S:.0f} s each "
        f"({args.kiosks / INTERVAL_S:.1f} beats/s), {args.seconds:.0f} s per run\n"
    )
    print("| database | beats | beats/s | failed | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    for database in databases:
        f = run(database, kiosks=args.kiosks, seconds=args.seconds, port=args.port)
        print(
            f"| {database} | {f['beats']:.0f} | {f['rate']:.1f} | {f['failures']:.0f} | "
            f"{f['p50_ms']:.1f} | {f['p90_ms']:.1f} | {f['p99_ms']:.1f} | {f['max_ms']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
