"""The fleet under load: kiosks beat and send, staff browse, and a login flood runs, all at once.

Run: `.venv/bin/python -m bench.fleet_load [--kiosks 2000] [--seconds 60] [--workers 3]
[--databases sqlite,postgresql]`. Against a real `lawpost server` process (PostgreSQL with
several uvicorn workers; SQLite with one, its documented limit), open loop on a schedule:

- every kiosk beats once per 30 s (2,000 kiosks: 66.7 beats/s);
- every kiosk sends one ingest batch per 60 s: 5 usage events, and in one batch of ten a sealed
  submission as well (≈ 170 items/s, 3.3 submissions/s);
- 20 signed-in console users each open a page every 5 s (fleet, inbox, statistics, audit);
- 40 failed logins per second, each from a different forwarded address (a botnet: the server
  trusts 127.0.0.1 as its proxy here, so every attempt costs a full production argon2 check
  instead of being throttled per address).

Reports heartbeat p50/p99, answers by status per kind of request (5xx counted), and the pool
time-outs the server logged. The load generator shares the server's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import json
import re
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from nacl.public import PublicKey, SealedBox

from bench.server_common import machine, provision, server_process, throwaway_postgresql
from kiosk.sync.wire import item_hash

BEAT_S = 30.0
INGEST_S = 60.0
CONSOLE_USERS = 20
PAGE_EVERY_S = 5.0
FAILED_LOGINS_PER_S = 40.0
PAGES = ("/console/fleet", "/console/inbox", "/console/stats", "/console/audit")
PASSWORD = "Bench-Password-42"


class Tally:
    def __init__(self) -> None:
        self.statuses: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        self.latency: dict[str, list[float]] = collections.defaultdict(list)

    def add(self, kind: str, status: str, seconds: float) -> None:
        self.statuses[kind][status] += 1
        if status.startswith("2") or status.startswith("3"):
            self.latency[kind].append(seconds)


def _beat() -> dict[str, Any]:
    return {
        "sent_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "app_version": "1.0.0",
        "devices": {"printer": "ok", "camera": "ok", "microphone": "ok", "speaker": "ok"},
        "disk_free_mb": 40_000,
        "outbox_depth": 3,
    }


def _seal(payload: dict[str, Any], public_key_b64: str) -> str:
    box = SealedBox(PublicKey(base64.b64decode(public_key_b64)))
    return base64.b64encode(bytes(box.encrypt(json.dumps(payload, ensure_ascii=False).encode()))).decode()


def _batch(number: int, public_key: str) -> dict[str, Any]:
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    items = []
    for _ in range(5):
        payload = {"event": "search", "query": f"工资 {number % 50}", "topic": "labour"}
        items.append(
            {
                "id": str(uuid.uuid4()),
                "kind": "usage_event",
                "created_at": created_at,
                "hash": item_hash(kind="usage_event", created_at=created_at, payload=payload, sealed=None),
                "payload": payload,
                "sealed": None,
            }
        )
    if number % 10 == 0:
        sealed = _seal({"form": "labour_arbitration", "name": "测试", "phone": "13800000000"}, public_key)
        items.append(
            {
                "id": str(uuid.uuid4()),
                "kind": "submission",
                "created_at": created_at,
                "hash": item_hash(kind="submission", created_at=created_at, payload=None, sealed=sealed),
                "payload": None,
                "sealed": sealed,
            }
        )
    return {"items": items}


# Requests in flight at once. httpx's pool handles thousands of queued requests in quadratic
# time (the first run spent 4 CPU minutes in the client while the server idled), so the queue
# is kept here; latency is still measured from the moment a request was due.
IN_FLIGHT = 150


async def _timed(tally: Tally, kind: str, request: Any, slots: asyncio.Semaphore) -> None:
    started = time.perf_counter()
    try:
        async with slots:
            answer = await request
        status = str(answer.status_code)
    except httpx.TimeoutException:
        status = "timeout"
    except httpx.HTTPError as error:
        status = type(error).__name__
    tally.add(kind, status, time.perf_counter() - started)


async def _schedule(rate: float, seconds: float, make: Any) -> None:
    """Start make(n) at `rate` per second for `seconds`, whether or not earlier ones finished."""
    tasks: list[asyncio.Task[None]] = []
    start = time.perf_counter()
    for number in range(int(rate * seconds)):
        delay = start + number / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(make(number)))
    await asyncio.gather(*tasks)


async def _sign_in(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    page = await client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "no login form"
    answer = await client.post(
        "/console/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
        cookies=dict(page.cookies),
        headers={"X-Forwarded-For": f"10.200.0.{len(username)}"},
    )
    assert answer.status_code == 303, answer.status_code
    return {"lawpost_session": answer.cookies["lawpost_session"]}


async def drive(
    base: str, tokens: list[str], public_key: str, *, seconds: float, logins_per_s: float
) -> Tally:
    tally = Tally()
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    slots = asyncio.Semaphore(IN_FLIGHT)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        sessions = []
        for number in range(CONSOLE_USERS):
            sessions.append(await _sign_in(client, f"staff{number:02d}"))
            # Each user is a browser of its own: signing in must not end the previous one's session.
            client.cookies.clear()
        login_page = await client.get("/console/login")
        login_token = re.search(r'name="csrf_token" value="([^"]+)"', login_page.text)
        assert login_token
        login_cookies = dict(login_page.cookies)
        csrf = login_token.group(1)

        def beat(n: int) -> Any:
            headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
            return _timed(
                tally, "heartbeat", client.post("/api/v1/heartbeat", json=_beat(), headers=headers), slots
            )

        def ingest(n: int) -> Any:
            headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
            body = _batch(n, public_key)
            return _timed(tally, "ingest", client.post("/api/v1/ingest", json=body, headers=headers), slots)

        def page(n: int) -> Any:
            cookies = sessions[n % CONSOLE_USERS]
            path = PAGES[n % len(PAGES)]
            return _timed(tally, "console page", client.get(path, cookies=cookies), slots)

        def bad_login(n: int) -> Any:
            form = {
                "username": f"admin{n % 7}",
                "password": "Guess-2026-x",
                "csrf_token": csrf,
            }
            headers = {"X-Forwarded-For": f"198.18.{(n // 250) % 250}.{n % 250}"}
            request = client.post("/console/login", data=form, cookies=login_cookies, headers=headers)
            return _timed(tally, "failed login", request, slots)

        await asyncio.gather(
            _schedule(len(tokens) / BEAT_S, seconds, beat),
            _schedule(len(tokens) / INGEST_S, seconds, ingest),
            _schedule(CONSOLE_USERS / PAGE_EVERY_S, seconds, page),
            _schedule(logins_per_s, seconds, bad_login),
        )
    return tally


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _console_users(data_dir: Path, database_url: str) -> str:
    """20 staff accounts (production argon2 cost); returns the server's public key."""
    from server.app import build_context
    from server.services import users
    from server.settings import ServerSettings

    context = build_context(ServerSettings(data_dir=data_dir, database_url=database_url))
    try:
        with context.session_factory() as session:
            for number in range(CONSOLE_USERS):
                users.create_user(
                    session, username=f"staff{number:02d}", password=PASSWORD, role="admin",
                    now=context.clock(), passwords=context.passwords,
                )  # fmt: skip
            session.commit()
        return context.opener.public_key_b64
    finally:
        context.engine.dispose()


def run(
    database: str, *, kiosks: int, seconds: float, workers: int, port: int, logins_per_s: float
) -> tuple[Tally, int]:
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lawpost-fleet-")))
        url = stack.enter_context(throwaway_postgresql()) if database == "postgresql" else ""
        tokens = provision(data_dir=data_dir, database_url=url, count=kiosks)
        public_key = _console_users(data_dir, url)
        config = data_dir / "settings.toml"
        # The load generator stands for many clients behind one proxy (127.0.0.1).
        config.write_text('[server]\ntrusted_proxies = ["127.0.0.1"]\n', encoding="utf-8")
        log = data_dir / "server.log"
        base = stack.enter_context(
            server_process(
                data_dir=data_dir, database_url=url, port=port, workers=workers, config=config, log=log
            )
        )
        tally = asyncio.run(drive(base, tokens, public_key, seconds=seconds, logins_per_s=logins_per_s))
        text = log.read_text(encoding="utf-8", errors="replace")
    timeouts = text.count("QueuePool limit") + text.count("TimeoutError")
    return tally, timeouts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=3, help="uvicorn workers on PostgreSQL")
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--failed-logins", type=float, default=FAILED_LOGINS_PER_S, help="per second")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(
        f"{args.kiosks} kiosks, {args.seconds:.0f} s per run, "
        f"started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
    )
    print("| database | workers | request | sent | answers | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for database in args.databases.split(","):
        workers = args.workers if database == "postgresql" else 1
        tally, timeouts = run(
            database, kiosks=args.kiosks, seconds=args.seconds, workers=workers, port=args.port,
            logins_per_s=args.failed_logins,
        )  # fmt: skip
        for kind in ("heartbeat", "ingest", "console page", "failed login"):
            statuses = tally.statuses[kind]
            answers = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
            latency = tally.latency[kind]
            print(
                f"| {database} | {workers} | {kind} | {sum(statuses.values())} | {answers} | "
                f"{_percentile(latency, 0.5) * 1000:.1f} | {_percentile(latency, 0.99) * 1000:.1f} |",
                flush=True,
            )
        fives = sum(c for counter in tally.statuses.values() for s, c in counter.items() if s.startswith("5"))
        print(f"| {database} | {workers} | 5xx in all / pool time-outs logged | | {fives} / {timeouts} | | |")


if __name__ == "__main__":
    main()
