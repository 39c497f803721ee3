"""Password checks run below the kiosks' requests: in their own threads, at a higher nice value,
on one core."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import serving
from server_helpers import app_context, csrf_from, enroll_device, heartbeat_over_http

from server.app import create_app
from server.services.password_gate import CHECK_THREAD_PREFIX
from server.settings import ServerSettings

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values are Linux's")


def _niceness(native_id: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, native_id)


class _ObservedChecks:
    """The real checks, each noting the thread it runs in and its nice value, then held until
    the test lets go (so the order of events does not depend on this machine's speed)."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()
        self.seen: list[tuple[str, int, set[int]]] = []

    def verify(self, stored: str, password: str) -> bool:
        thread = threading.current_thread()
        native = threading.get_native_id()
        self.seen.append((thread.name, _niceness(native), os.sched_getaffinity(native)))
        self.started.set()
        self.release.wait(60)
        return bool(self.real.verify(stored, password))  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    settings = ServerSettings(
        data_dir=tmp_path / "server", argon2_time_cost=1, argon2_memory_kib=1024, password_check_share=0
    )
    app = create_app(settings)
    with serving(app) as url, TestClient(app) as local:
        yield url, local


def _failed_login(url: str, answers: list[int]) -> None:
    with httpx.Client(base_url=url, timeout=60) as browser:
        page = browser.get("/console/login")
        form = {"username": "nobody", "password": "Guess-2026-x", "csrf_token": csrf_from(page.text)}
        answers.append(browser.post("/console/login", data=form).status_code)


def test_a_heartbeat_is_answered_while_a_check_runs_niced_in_its_own_thread(
    live: tuple[str, TestClient],
) -> None:
    url, local = live
    context = app_context(local)
    _, token = enroll_device(context)
    observed = _ObservedChecks(context.password_gate.passwords)
    context.password_gate.passwords = observed  # type: ignore[assignment]
    base = _niceness(threading.get_native_id())
    cores = frozenset(os.sched_getaffinity(threading.get_native_id()))
    answers: list[int] = []
    login = threading.Thread(target=_failed_login, args=(url, answers))
    login.start()
    try:
        assert observed.started.wait(60), "the login never reached its password check"
        beat = heartbeat_over_http(url, token, context)
        in_flight_when_beat_answered = context.password_gate.in_flight
        # Every thread of the server but the checks' keeps the process's priority: the threads
        # that ran the heartbeat (event loop, anyio's workers) were not renamed or reniced.
        others = {t.name: (_niceness(t.native_id), frozenset(os.sched_getaffinity(t.native_id)))
                  for t in threading.enumerate()
                  if t.native_id is not None and not t.name.startswith(CHECK_THREAD_PREFIX)}  # fmt: skip
    finally:
        observed.release.set()
        login.join(60)
    assert beat.status_code == 200
    assert in_flight_when_beat_answered == 1 and answers == [401]
    [(thread_name, niceness, affinity)] = observed.seen
    assert thread_name.startswith(CHECK_THREAD_PREFIX)
    assert niceness == min(19, base + context.settings.password_check_niceness) > base
    # On one core (the last) when there are more, leaving the others to the requests.
    assert affinity == ({max(cores)} if len(cores) > 1 else set(cores))
    assert set(others.values()) == {(base, cores)}, others
