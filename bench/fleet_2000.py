"""The whole fleet at once: 2,000 kiosks, 20 console users and 40 failed logins a second.

One command (PostgreSQL with 2 workers, then SQLite with its one):

    .venv/bin/python -m bench.fleet_2000

Options: `--databases postgresql,sqlite`, `--kiosks 2000` (also `--sqlite-kiosks N` to run
SQLite at its documented limit), `--seconds 60`, `--workers 2` (PostgreSQL; SQLite always 1),
`--failed-logins 40`, `--console-users 20`, `--port 8951`, `--keep-logs DIR`,
`--console-workers N` (PostgreSQL: console pages and logins go to a second `lawpost server` with
N workers on the same database, as an nginx `location /console/` to a second server would; 0, the
default, sends everything to one server).

Against a real `lawpost server` process over loopback, open loop on a schedule (latency counts
from the moment a request was due, so a generator or server that falls behind shows it):

- every kiosk beats once per 30 s (2,000 kiosks: 66.7 beats/s);
- every kiosk uploads one outbox batch per 60 s: 5 usage events, and in one batch of ten a
  sealed submission as well (2,000 kiosks: 33 batches/s, 170 items/s);
- 20 signed-in console users each open a page every 5 s (fleet, inbox, statistics, audit);
- 40 failed logins per second, each from another forwarded address (a botnet: the server
  trusts 127.0.0.1 as its proxy here, so none is throttled per address) at the production
  argon2 cost.

The load generator is one asyncio process on `bench.raw_http` (keep-alive connections, request
bodies prepared before the run): its own CPU is printed beside the server's so the figure is
seen to be about the server. Printed per database: heartbeat p50/p95/p99, answers by status per
kind of request, 5xx count, pool time-outs in the server log, achieved rates, CPU seconds of the
server processes and of the generator, and the machine's load average before and during the run
(others may be using the machine; say so when recording the figures). Then, for each other kind
of request (console page by path, failed login by answer, ingest), the share of heartbeats over
100 ms that had one in flight beside the share of all heartbeats: a kind far more often beside
the slow beats than beside the rest is where the tail comes from.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import collections
import json
import os
import re
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.fleet_load import PAGES, PASSWORD, _batch, _beat, _percentile
from bench.fleet_rate import _cpu_seconds, _server_pids
from bench.raw_http import ClosedByServer, Pool
from bench.server_common import machine, provision, server_process, throwaway_postgresql

BEAT_S = 30.0
INGEST_S = 60.0
PAGE_EVERY_S = 5.0
CONNECTIONS = 96
KINDS = ("heartbeat", "ingest", "console page", "failed login")


@dataclass
class Tally:
    statuses: dict[str, collections.Counter[str]] = field(
        default_factory=lambda: collections.defaultdict(collections.Counter)
    )
    latency: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    # (label, due, answered) of every request, to see what a slow heartbeat overlapped with.
    windows: list[tuple[str, float, float]] = field(default_factory=list)

    def add(self, kind: str, status: str, seconds: float, *, label: str = "", due: float = 0.0) -> None:
        self.statuses[kind][status] += 1
        if status.isdigit():  # every answer counts, a 401 or 429 to the login flood too
            self.latency[kind].append(seconds)
        self.windows.append((label or kind, due, due + seconds))


def overlaps(tally: Tally, *, slow_s: float = 0.1) -> dict[str, tuple[float, float]]:
    """For each other kind of request, the share of slow heartbeats (> `slow_s`) and of all
    heartbeats that had one in flight: a kind far more often beside the slow ones than beside
    the rest is where the tail comes from."""
    beats = [(due, end) for label, due, end in tally.windows if label == "heartbeat"]
    others: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
    for label, due, end in tally.windows:
        if label != "heartbeat":
            others[label].append((due, end))
    slow = [b for b in beats if b[1] - b[0] > slow_s]
    result = {}
    for label, spans in sorted(others.items()):
        spans.sort()
        starts = [s for s, _ in spans]

        def busy(beat: tuple[float, float], spans: list[tuple[float, float]] = spans,
                 starts: list[float] = starts) -> bool:  # fmt: skip
            index = bisect.bisect_right(starts, beat[1])
            return any(end > beat[0] for _, end in spans[max(0, index - 200) : index])

        share_slow = sum(map(busy, slow)) / len(slow) if slow else 0.0
        share_all = sum(map(busy, beats)) / len(beats) if beats else 0.0
        result[label] = (share_slow, share_all)
    return result


def _signed_in_staff(data_dir: Path, database_url: str, count: int) -> tuple[list[str], str]:
    """`count` admin accounts, each with a console session made through the service layer (a
    login over HTTP would queue behind the login budget this benchmark floods); returns their
    cookies and the server's public key."""
    from server.app import build_context
    from server.services import console_sessions, users
    from server.services.users import Passwords
    from server.settings import ServerSettings

    context = build_context(ServerSettings(data_dir=data_dir, database_url=database_url))
    cheap = Passwords(time_cost=1, memory_kib=1024)  # never checked in this run
    cookies = []
    try:
        with context.session_factory() as session:
            now = context.clock()
            for number in range(count):
                user = users.create_user(
                    session, username=f"staff{number:02d}", password=PASSWORD, role="admin", now=now,
                    passwords=cheap,
                )  # fmt: skip
                session.flush()
                cookies.append("lawpost_session=" + console_sessions.start(session, user=user, now=now))
            session.commit()
        return cookies, context.opener.public_key_b64
    finally:
        context.engine.dispose()


def _cookie(set_cookie: str, name: str) -> str:
    for line in set_cookie.split("\n"):
        pair = line.split(";", 1)[0].strip()
        if pair.startswith(name + "="):
            return pair
    return ""


class Fleet:
    """Prepared request bodies and the coroutines that send them on the schedule."""

    def __init__(self, pool: Pool, tokens: list[str], public_key: str, seconds: float,
                 console_pool: Pool | None = None) -> None:  # fmt: skip
        self.pool, self.tokens, self.tally = pool, tokens, Tally()
        # Console pages and logins go to a pool of their own when one runs (--console-workers),
        # as an nginx `location /console/` to a second server would send them.
        self.console_pool = console_pool or pool
        count = int(len(tokens) / INGEST_S * seconds) + 1
        self.batches = [json.dumps(_batch(n, public_key)).encode() for n in range(count)]
        self.beat_template = json.dumps(_beat())
        self.sessions: list[str] = []
        self.login_form = b""
        self.login_cookie = ""

    async def _timed(self, kind: str, due: float, method: str, path: str, headers: dict[str, str],
                     body: bytes = b"") -> None:  # fmt: skip
        pool = self.console_pool if path.startswith("/console") else self.pool
        try:
            request = pool.request(method, path, headers=headers, body=body)
            answer = await asyncio.wait_for(request, timeout=60)
            status = str(answer.status)
        except TimeoutError:
            status = "timeout"
        except (OSError, asyncio.IncompleteReadError, ClosedByServer) as error:
            status = type(error).__name__  # counted and shown, never a crash of the generator
        label = kind if kind in ("heartbeat", "ingest") else f"{kind} {path.split('?')[0]} {status}"
        self.tally.add(kind, status, time.perf_counter() - due, label=label, due=due)

    async def beat(self, n: int, due: float) -> None:
        sent_at = datetime.now(UTC).isoformat(timespec="milliseconds")
        body = re.sub(r'"sent_at": "[^"]*"', f'"sent_at": "{sent_at}"', self.beat_template, count=1)
        headers = {"authorization": f"Bearer {self.tokens[n % len(self.tokens)]}",
                   "content-type": "application/json"}  # fmt: skip
        await self._timed("heartbeat", due, "POST", "/api/v1/heartbeat", headers, body.encode())

    async def ingest(self, n: int, due: float) -> None:
        headers = {"authorization": f"Bearer {self.tokens[(n * 7) % len(self.tokens)]}",
                   "content-type": "application/json"}  # fmt: skip
        await self._timed("ingest", due, "POST", "/api/v1/ingest", headers, self.batches[n])

    async def page(self, n: int, due: float) -> None:
        headers = {"cookie": self.sessions[n % len(self.sessions)]}
        await self._timed("console page", due, "GET", PAGES[n % len(PAGES)], headers)

    async def bad_login(self, n: int, due: float) -> None:
        headers = {"content-type": "application/x-www-form-urlencoded", "cookie": self.login_cookie,
                   "x-forwarded-for": f"198.18.{(n // 250) % 250}.{n % 250}"}  # fmt: skip
        await self._timed("failed login", due, "POST", "/console/login", headers, self.login_form)


async def _schedule(rate: float, seconds: float, send: Any, started: float) -> None:
    """Start send(n, due) at `rate` per second for `seconds`, whether or not earlier ones finished."""
    if rate <= 0:
        return
    tasks: list[asyncio.Task[None]] = []
    for number in range(int(rate * seconds)):
        due = started + number / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(send(number, due)))
    await asyncio.gather(*tasks)


async def drive(port: int, tokens: list[str], public_key: str, *, seconds: float, logins_per_s: float,
                sessions: list[str], console_port: int | None = None,
                ) -> tuple[Tally, dict[str, float]]:  # fmt: skip
    pool = Pool("127.0.0.1", port, size=CONNECTIONS)
    console_pool = Pool("127.0.0.1", console_port, size=CONNECTIONS) if console_port else None
    fleet = Fleet(pool, tokens, public_key, seconds, console_pool)
    fleet.sessions = sessions
    console_users = len(sessions)
    page = await fleet.console_pool.request("GET", "/console/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.body)
    assert token
    fleet.login_cookie = _cookie(page.headers.get("set-cookie", ""), "lawpost_login_csrf")
    fleet.login_form = f"username=admin&password=Guess-2026-x&csrf_token={token.group(1).decode()}".encode()
    # Warm up: connections, caches, the first statements on each worker.
    for n in range(40):
        await fleet.beat(n, time.perf_counter())
    fleet.tally = Tally()
    pids = _server_pids()
    loads: list[float] = []

    async def sample_load() -> None:
        while True:
            loads.append(os.getloadavg()[0])
            await asyncio.sleep(5)

    sampler = asyncio.create_task(sample_load())
    server_cpu, own_cpu, started = _cpu_seconds(pids), time.process_time(), time.perf_counter()
    await asyncio.gather(
        _schedule(len(tokens) / BEAT_S, seconds, fleet.beat, started),
        _schedule(len(tokens) / INGEST_S, seconds, fleet.ingest, started),
        _schedule(console_users / PAGE_EVERY_S, seconds, fleet.page, started),
        _schedule(logins_per_s, seconds, fleet.bad_login, started),
    )
    wall = time.perf_counter() - started
    sampler.cancel()
    figures = {
        "wall": wall,
        "server_cpu": _cpu_seconds(pids) - server_cpu,
        "own_cpu": time.process_time() - own_cpu,
        "load_max": max(loads),
        "load_mean": sum(loads) / len(loads),
    }
    await pool.close()
    if console_pool is not None:
        await console_pool.close()
    return fleet.tally, figures


def run(database: str, *, kiosks: int, seconds: float, workers: int, port: int, logins_per_s: float,
        console_users: int, keep_log: Path | None, console_workers: int = 0,
        ) -> tuple[Tally, dict[str, float], int]:  # fmt: skip
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lawpost-fleet-")))
        url = stack.enter_context(throwaway_postgresql()) if database == "postgresql" else ""
        tokens = provision(data_dir=data_dir, database_url=url, count=kiosks)
        sessions, public_key = _signed_in_staff(data_dir, url, console_users)
        config = data_dir / "settings.toml"
        # The load generator stands for many clients behind one proxy (127.0.0.1).
        config.write_text('[server]\ntrusted_proxies = ["127.0.0.1"]\n', encoding="utf-8")
        log = data_dir / "server.log"
        stack.enter_context(
            server_process(
                data_dir=data_dir, database_url=url, port=port, workers=workers, config=config, log=log
            )
        )
        console_port, console_log = None, data_dir / "console.log"
        if console_workers:
            # The console's own pool: a second `lawpost server` on the same database (the lawyer's
            # call signalling crosses processes through PostgreSQL, server/services/pg_broker.py).
            console_port = port + 100
            stack.enter_context(
                server_process(data_dir=data_dir, database_url=url, port=console_port,
                               workers=console_workers, config=config, log=console_log)
            )  # fmt: skip
        tally, figures = asyncio.run(
            drive(port, tokens, public_key, seconds=seconds, logins_per_s=logins_per_s, sessions=sessions,
                  console_port=console_port)
        )  # fmt: skip
        text = log.read_text(encoding="utf-8", errors="replace")
        if console_workers:
            text += console_log.read_text(encoding="utf-8", errors="replace")
        if keep_log is not None:
            keep_log.parent.mkdir(parents=True, exist_ok=True)
            keep_log.write_text(text, encoding="utf-8")
    timeouts = text.count("QueuePool limit") + text.count("TimeoutError")
    return tally, figures, timeouts


def report(database: str, workers: int, kiosks: int, tally: Tally, figures: dict[str, float],
           timeouts: int) -> None:  # fmt: skip
    wall = figures["wall"]
    print(f"\n{database}, {workers} worker{'s' if workers > 1 else ''}, {kiosks:,} kiosks: "
          f"{wall:.1f} s; load average during the run {figures['load_mean']:.1f} "
          f"(max {figures['load_max']:.1f})")  # fmt: skip
    print("| request | sent | per s | answers | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for kind in KINDS:
        statuses = tally.statuses[kind]
        sent = sum(statuses.values())
        answers = ", ".join(f"{status}: {count:,}" for status, count in sorted(statuses.items()))
        lat = tally.latency[kind]
        print(
            f"| {kind} | {sent:,} | {sent / wall:.1f} | {answers} | {_percentile(lat, 0.5) * 1000:.1f} | "
            f"{_percentile(lat, 0.95) * 1000:.1f} | {_percentile(lat, 0.99) * 1000:.1f} |"
        )
    slow = sum(1 for s in tally.latency["heartbeat"] if s > 0.1)
    print(
        f"Heartbeats over 100 ms: {slow}; share of them (and of all heartbeats) with each other "
        "request in flight:"
    )
    for label, (share_slow, share_all) in overlaps(tally).items():
        print(f"  {label}: {share_slow * 100:.0f} % ({share_all * 100:.0f} %)")
    fives = sum(c for counter in tally.statuses.values() for s, c in counter.items() if s.startswith("5"))
    total = sum(sum(c.values()) for c in tally.statuses.values())
    print(f"5xx: {fives}; pool time-outs in the server log: {timeouts}; requests {total:,} "
          f"({total / wall:.1f}/s); CPU s server {figures['server_cpu']:.1f} "
          f"({figures['server_cpu'] / wall * 100:.0f} % of one core), load generator "
          f"{figures['own_cpu']:.1f} ({figures['own_cpu'] / wall * 100:.0f} %)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--kiosks", type=int, default=2000)
    parser.add_argument("--sqlite-kiosks", type=int, help="kiosks on SQLite (default: --kiosks)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers on PostgreSQL")
    parser.add_argument("--console-workers", type=int, default=0,
                        help="PostgreSQL: a server of its own for /console, this many workers")  # fmt: skip
    parser.add_argument("--failed-logins", type=float, default=40.0, help="per second")
    parser.add_argument("--console-users", type=int, default=20)
    parser.add_argument("--port", type=int, default=8951)
    parser.add_argument("--keep-logs", type=Path, help="folder for the server logs (DATABASE.log)")
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average before: {os.getloadavg()[0]:.1f}")
    print(f"{args.seconds:.0f} s per run, started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    for index, database in enumerate(args.databases.split(",")):
        workers = args.workers if database == "postgresql" else 1
        kiosks = args.sqlite_kiosks or args.kiosks if database == "sqlite" else args.kiosks
        tally, figures, timeouts = run(
            database, kiosks=kiosks, seconds=args.seconds, workers=workers, port=args.port + index,
            logins_per_s=args.failed_logins, console_users=args.console_users,
            console_workers=args.console_workers if database == "postgresql" else 0,
            keep_log=args.keep_logs / f"{database}.log" if args.keep_logs else None,
        )  # fmt: skip
        if database == "postgresql" and args.console_workers:
            print(f"(console pages and logins on a server of their own, {args.console_workers} worker(s))")
        report(database, workers, kiosks, tally, figures, timeouts)


if __name__ == "__main__":
    main()
