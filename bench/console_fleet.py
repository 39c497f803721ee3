"""The fleet console page with a city's fleet: server-side time and size per page.

Run: .venv/bin/python -m bench.console_fleet [--kiosks N]
A real `lawpost server` process on SQLite in a temporary folder, N enrolled kiosks (default
2,000), one admin signed in over HTTP; each page is fetched 10 times after a warm-up. Also the
server's CPU per page (/proc, user + system): served from the kept fleet figures (the 10 fetches
follow each other within the page's 5 s max age), and once more after 5.5 s idle, when the page
reads the whole fleet again.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from bench.fleet_rate import _cpu_seconds, _server_pids
from bench.server_common import machine, provision, server_process

PASSWORD = "bench-console-Passw0rd!"


def _admin(data_dir: Path) -> None:
    from server.app import build_context
    from server.services import users
    from server.settings import ServerSettings

    context = build_context(ServerSettings(data_dir=data_dir))
    try:
        with context.session_factory() as session:
            users.create_user(
                session, username="admin", password=PASSWORD, role="admin", now=context.clock(),
                passwords=context.passwords,
            )  # fmt: skip
            session.commit()
    finally:
        context.engine.dispose()


def _sign_in(base: str) -> requests.Session:
    http = requests.Session()
    page = http.get(base + "/console/login", timeout=10).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("no CSRF token on the sign-in page")
    answer = http.post(
        base + "/console/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": match.group(1)},
        allow_redirects=False,
        timeout=10,
    )
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in failed: HTTP {answer.status_code}")
    return http


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        with server_process(data_dir=data_dir, database_url="", port=8765) as base:
            provision(data_dir=data_dir, database_url="", count=args.kiosks)
            _admin(data_dir)
            http = _sign_in(base)
            print(machine())
            pids = _server_pids()
            for path in ("/console/fleet", "/console/fleet?page=20", "/console/fleet?q=bench-19"):
                http.get(base + path, timeout=30)  # warm-up
                times, size = [], 0
                cpu = _cpu_seconds(pids)
                for _ in range(10):
                    started = time.perf_counter()
                    answer = http.get(base + path, timeout=30)
                    times.append((time.perf_counter() - started) * 1e3)
                    answer.raise_for_status()
                    size = len(answer.content)
                kept_cpu = (_cpu_seconds(pids) - cpu) / 10
                time.sleep(5.5)  # older than the page's max age: the next view reads the fleet
                cpu = _cpu_seconds(pids)
                http.get(base + path, timeout=30).raise_for_status()
                fresh_cpu = _cpu_seconds(pids) - cpu
                print(f"{args.kiosks} kiosks {path}: median {statistics.median(times):.0f} ms, "
                      f"max {max(times):.0f} ms, {size / 1e3:.0f} kB; server CPU per page "
                      f"{kept_cpu * 1e3:.0f} ms from kept figures, {fresh_cpu * 1e3:.0f} ms reading "
                      "the fleet")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
