"""`lawpost demo`: a central server with a fresh database, a kiosk enrolled with it, on one machine."""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import requests

from kiosk.config import Settings
from kiosk.security.technician_lock import TechnicianLock
from kiosk.storage.database import open_database
from kiosk.sync.client import SyncError
from kiosk.sync.enroll_kiosk import enroll_kiosk
from lawpost.demo_data import SAMPLE_MARK, SeedSummary, seed_sample_month

DEMO_ADMIN = "admin"
DEMO_PIN = "246813"


class DemoError(Exception):
    """The demo could not start; the message says what to do."""


@dataclass
class DemoServer:
    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _lawpost(*args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "lawpost", *args],
        input=stdin, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise DemoError(f"`lawpost {' '.join(args[:3])}` failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def _die_with_parent() -> None:
    """In the server child: ask Linux to send SIGTERM when the demo process dies, however it
    dies (a kiosk killed by its display going away never reaches its `finally`)."""
    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def start_server(data_dir: Path, *, port: int) -> DemoServer:
    """Start `lawpost server` on loopback with a fresh SQLite database and wait until it answers."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    log = (data_dir / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "lawpost", "server", "--host", "127.0.0.1", "--port", str(port),
         "--data", str(data_dir)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ}, preexec_fn=_die_with_parent,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoError(f"the server exited; see {data_dir / 'server.log'}")
        try:
            if requests.get(url + "/openapi.json", timeout=1).status_code == 200:
                return DemoServer(process=process, url=url, data_dir=data_dir)
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    raise DemoError(f"the server did not answer within 60 s; see {data_dir / 'server.log'}")


@dataclass(frozen=True)
class DemoSetup:
    server: DemoServer
    kiosk_settings: Settings
    admin_password: str
    device_id: str
    sample: SeedSummary | None = None


def _code_maker(data_dir: Path) -> Generator[str, None, None]:
    """One-time enrollment codes for the sample kiosks, made in this process (a `lawpost server
    create-enrollment-code` child each would add seconds to the demo's start)."""
    from datetime import timedelta

    from server.app import build_context
    from server.services import enrollment
    from server.settings import ServerSettings

    context = build_context(ServerSettings(data_dir=data_dir))
    try:
        while True:
            with context.session_factory() as session:
                code, _row = enrollment.create_code(
                    session, created_by="demo", ttl=timedelta(hours=1), now=context.clock(),
                    note="sample data (demo only)",
                )  # fmt: skip
                session.commit()
            yield code
    finally:
        context.engine.dispose()


def seed_demo_statistics(server: DemoServer) -> SeedSummary:
    """A month of sample statistics, so the console's statistics page is not empty in the demo."""
    codes = _code_maker(server.data_dir)
    try:
        return seed_sample_month(server.url, new_code=lambda: next(codes))
    except SyncError as exc:
        raise DemoError(f"the sample statistics could not be sent: {exc}") from exc
    finally:
        codes.close()


def prepare(settings: Settings, *, port: int, sample_data: bool = True) -> DemoSetup:
    """Server up, admin account, enrollment code, kiosk enrolled, technician PIN set."""
    root = settings.data_dir / "demo"
    kiosk_settings = settings.with_data_dir(root / "kiosk")
    server = start_server(root / "server", port=port)
    try:
        # The prefix guarantees the console's complexity rule (3 character classes); a bare
        # token_urlsafe(9) has neither digit nor symbol about 8 % of the time and is refused.
        password = "Demo-" + secrets.token_urlsafe(9)
        _lawpost("server", "create-admin", "--data", str(server.data_dir), "--username", DEMO_ADMIN,
                 "--password-stdin", stdin=password + "\n")  # fmt: skip
        answer = json.loads(
            _lawpost("server", "create-enrollment-code", "--data", str(server.data_dir),
                     "--note", "demo kiosk", "--json")
        )
        db = open_database(kiosk_settings.data_dir)
        try:
            outcome = enroll_kiosk(
                db, server_url=server.url, code=answer["code"], sync=settings.sync, force=True,
                kiosk_name=settings.kiosk.service_point_name,
            )  # fmt: skip
            lock = TechnicianLock(db)
            if not lock.is_set:
                lock.set_pin(DEMO_PIN)
        finally:
            db.conn.close()
        sample = seed_demo_statistics(server) if sample_data else None
    except BaseException:
        server.stop()
        raise
    return DemoSetup(server=server, kiosk_settings=kiosk_settings, admin_password=password,
                     device_id=outcome.device_id, sample=sample)  # fmt: skip


def describe(setup: DemoSetup) -> str:
    return "\n".join([
        "LawPost demo",
        f"  web console:    {setup.server.url}/console",
        f"  console login:  {DEMO_ADMIN} / {setup.admin_password}",
        f"  kiosk device:   {setup.device_id} (enrolled, data in {setup.kiosk_settings.data_dir})",
        f"  technician PIN: {DEMO_PIN} (hold the service point name 2 s, then the clock)",
        *([f"  sample data:    {setup.sample.sessions} made-up visits over 30 days at "
           f"{len(setup.sample.kiosks)} kiosks named {SAMPLE_MARK}… (statistics page)"]
          if setup.sample else []),
    ])  # fmt: skip
