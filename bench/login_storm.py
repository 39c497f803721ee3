"""A kiosk's heartbeat during a storm of failed console logins, and what a failed login costs.

Run: `.venv/bin/python -m bench.login_storm [--rounds 5]`. A real `lawpost server` process on
SQLite with the production argon2 cost (64 MiB, t=3, p=4). Each round sends 40 failed logins at
once, from 40 forwarded addresses (the server trusts 127.0.0.1 as its proxy here, so none is
throttled), and while they are answered one enrolled kiosk beats back to back; the heartbeat
latency is compared with the same kiosk beating on an idle server. Then the answer time of a
failed login for an unknown name, a wrong password and a locked account (the three must not be
told apart). Client and server share the machine's cores.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.server_common import machine, provision, server_process

PASSWORD = "Bench-Password-42"


def _beat(client: httpx.Client, token: str) -> float:
    body = {
        "sent_at": datetime.now(UTC).isoformat(),
        "app_version": "1",
        "devices": {},
        "disk_free_mb": 40_000,
        "outbox_depth": 0,
    }
    started = time.perf_counter()
    answer = client.post("/api/v1/heartbeat", json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.status_code
    return time.perf_counter() - started


def _login(base: str, username: str, password: str, address: str) -> tuple[int, float]:
    with httpx.Client(base_url=base, timeout=120) as browser:
        page = browser.get("/console/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        started = time.perf_counter()
        answer = browser.post(
            "/console/login",
            data={"username": username, "password": password, "csrf_token": token.group(1)},
            headers={"X-Forwarded-For": address},
        )
        return answer.status_code, time.perf_counter() - started


def _storm(base: str, token: str, round_number: int) -> tuple[list[float], list[int], float]:
    done = threading.Event()
    beats: list[float] = []
    with httpx.Client(base_url=base, timeout=120) as kiosk, ThreadPoolExecutor(max_workers=40) as pool:
        started = time.perf_counter()
        futures = [
            pool.submit(_login, base, f"user{n}", "Guess-2026-x", f"198.18.{round_number}.{n}")
            for n in range(40)
        ]
        threading.Thread(target=lambda: ([f.result() for f in futures], done.set()), daemon=True).start()
        while not done.is_set():
            beats.append(_beat(kiosk, token))
        storm_s = time.perf_counter() - started
        statuses = [future.result()[0] for future in futures]
    return beats, statuses, storm_s


def _create_accounts(data_dir: Path) -> None:
    from server.app import build_context
    from server.services import users
    from server.settings import ServerSettings

    context = build_context(ServerSettings(data_dir=data_dir))
    try:
        with context.session_factory() as session:
            for name in [*(f"clerk{n}" for n in range(15)), "locked"]:
                users.create_user(
                    session, username=name, password=PASSWORD, role="staff", now=context.clock(),
                    passwords=context.passwords,
                )  # fmt: skip
            session.commit()
    finally:
        context.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=8951)
    args = parser.parse_args()
    print(f"Machine: {machine()}; started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lawpost-storm-")))
        token = provision(data_dir=data_dir, database_url="", count=1)[0]
        _create_accounts(data_dir)
        config = data_dir / "settings.toml"
        config.write_text('[server]\ntrusted_proxies = ["127.0.0.1"]\n', encoding="utf-8")
        base = stack.enter_context(
            server_process(data_dir=data_dir, database_url="", port=args.port, config=config)
        )
        with httpx.Client(base_url=base, timeout=60) as kiosk:
            idle = [_beat(kiosk, token) for _ in range(200)]
        during: list[float] = []
        statuses: list[int] = []
        storms: list[float] = []
        for number in range(args.rounds):
            beats, answered, storm_s = _storm(base, token, number)
            during += beats
            statuses += answered
            storms.append(storm_s)
        for _ in range(6):  # lock "locked" (5 failures), from its own address
            _login(base, "locked", "Wrong-Password-1", "10.9.9.9")
        # One try per account for "wrong password" (15 accounts), so none of them locks meanwhile.
        costs = {
            "unknown name": [_login(base, f"nobody{n}", "Guess-2026-x", f"10.9.8.{n}")[1] for n in range(15)],
            "wrong password": [
                _login(base, f"clerk{n}", "Guess-2026-x", f"10.9.7.{n}")[1] for n in range(15)
            ],
            "locked account (right password)": [
                _login(base, "locked", PASSWORD, f"10.9.6.{n}")[1] for n in range(15)
            ],
        }
    print("| heartbeat | beats | p50 ms | p90 ms | max ms |")
    print("|---|---|---|---|---|")
    for label, values in (("idle server", idle), ("during 40 parallel failed logins", during)):
        ordered = sorted(values)
        print(
            f"| {label} | {len(values)} | {statistics.median(values) * 1000:.1f} | "
            f"{ordered[int(0.9 * len(ordered))] * 1000:.1f} | {ordered[-1] * 1000:.1f} |"
        )
    print(f"\nfailed logins answered: {sorted(set(statuses))} ({len(statuses)} in {args.rounds} rounds); "
          f"a storm of 40 took {statistics.median(storms):.2f} s (median)\n")  # fmt: skip
    print("| failed login | median ms | min ms | max ms |")
    print("|---|---|---|---|")
    for kind, values in costs.items():
        print(
            f"| {kind} | {statistics.median(values) * 1000:.1f} | {min(values) * 1000:.1f} | "
            f"{max(values) * 1000:.1f} |"
        )


if __name__ == "__main__":
    main()
