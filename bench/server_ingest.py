"""Ingest throughput of the central server: items/s through real uvicorn over loopback.

Run: `.venv/bin/python -m bench.server_ingest [--items N] [--batch N] [--no-postgres]`.
A fresh `lawpost server` process per database; the client posts pre-built batches of usage
events (hashes computed before timing) from one kiosk, then from two kiosks at once.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import requests

from bench.server_common import machine, provision, server_process, throwaway_postgresql
from kiosk.sync.wire import item_hash

_QUERIES = ("工资 拖欠", "离婚 财产 分割", "工伤 认定", "借钱 不还", "交通事故 赔偿", "租房 押金")


def build_batches(*, items: int, batch: int) -> list[bytes]:
    bodies: list[bytes] = []
    for start in range(0, items, batch):
        chunk: list[dict[str, Any]] = []
        for number in range(start, min(start + batch, items)):
            created_at = (
                f"2026-03-02T{number // 3600 % 24:02d}:{number // 60 % 60:02d}:{number % 60:02d}.000+00:00"
            )
            payload = {
                "event": "search",
                "screen": "search",
                "topic": "labour",
                "guide_id": None,
                "query": _QUERIES[number % len(_QUERIES)],
                "rating": None,
                "duration_s": None,
                "lang": "zh_CN",
            }
            chunk.append(
                {
                    "id": str(uuid.uuid4()),
                    "kind": "usage_event",
                    "created_at": created_at,
                    "hash": item_hash(
                        kind="usage_event", created_at=created_at, payload=payload, sealed=None
                    ),
                    "payload": payload,
                    "sealed": None,
                }
            )
        bodies.append(json.dumps({"items": chunk}, ensure_ascii=False).encode("utf-8"))
    return bodies


def post_all(base: str, token: str, bodies: list[bytes]) -> int:
    created = 0
    with requests.Session() as session:
        session.headers.update({"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        for body in bodies:
            answer = session.post(base + "/api/v1/ingest", data=body, timeout=60)
            answer.raise_for_status()
            created += sum(r["status"] == "created" for r in answer.json()["results"])
    return created


def measure(base: str, tokens: list[str], *, items: int, batch: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    one = build_batches(items=items, batch=batch)
    started = time.perf_counter()
    created = post_all(base, tokens[0], one)
    figures["1 kiosk"] = created / (time.perf_counter() - started)
    assert created == items, f"expected {items} created, got {created}"
    half = items // 2
    pair = [build_batches(items=half, batch=batch) for _ in range(2)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(post_all, [base, base], tokens[1:3], pair))
    figures["2 kiosks at once"] = sum(done) / (time.perf_counter() - started)
    # A replay of the first kiosk's batches: every item answered "duplicate".
    started = time.perf_counter()
    post_all(base, tokens[0], one)
    figures["replay (all duplicate)"] = items / (time.perf_counter() - started)
    return figures


def run(database: str, *, items: int, batch: int, port: int) -> dict[str, float]:
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lawpost-bench-")))
        url = stack.enter_context(throwaway_postgresql()) if database == "postgresql" else ""
        tokens = provision(data_dir=data_dir, database_url=url, count=3)
        base = stack.enter_context(server_process(data_dir=data_dir, database_url=url, port=port))
        return measure(base, tokens, items=items, batch=batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--port", type=int, default=8911)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    databases = ["sqlite"] if args.no_postgres else ["sqlite", "postgresql"]
    print(f"Machine: {machine()}")
    print(f"{args.items} usage events per run, {args.batch} per batch\n")
    print("| database | case | items/s |")
    print("|---|---|---|")
    for database in databases:
        for case, rate in run(database, items=args.items, batch=args.batch, port=args.port).items():
            print(f"| {database} | {case} | {rate:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
