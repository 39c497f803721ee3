"""One call across two real server processes behind a round-robin proxy, on one PostgreSQL.

Two `lawpost server` processes (A and B) share the throwaway PostgreSQL database and the data
folder (the key); a loopback proxy alternates the connections between them, as a load balancer
without sticky sessions, except that it pins the kiosk's signalling socket to A and the lawyer's
to B so that every message of the call has to cross processes (LISTEN/NOTIFY). The lawyer is in
headless Chromium, the kiosk is the real one (QML with the default pack, the QtWebEngine call
window with a fake camera), both through the proxy.

Proves: the call connects with frames both ways; the visitor's shared form and a pushed guide
(with the kiosk's acknowledgement) cross processes; the kiosk's socket dropping and coming back
to the *other* process does not end the call when its grace runs out there (the grace holder
hears the "present"); process A killed mid-call — the kiosk's page reconnects through the proxy
to B by itself and the call goes on; the lawyer's hang-up then ends both ends and the record.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from balancer import Balancer
from cdp_pipe import Browser
from enrolled_kiosk import (  # noqa: F401  (the fixtures among them)
    NEEDS_CHROMIUM,
    call_kiosk,
    chromium_lawyer,
    frames_both_ways,
    last_call,
    pump,
    start_call,
    wait_seconds,
)
from live_server import free_port
from video_e2e import create_lawyer, lawyer_on_duty, lawyer_report, page_text, poll_until

from server.app import build_context
from server.context import ServerContext
from server.services.signalling import RESUME_S
from server.settings import ServerSettings
from tests.ui.conftest import installed_packs  # noqa: F401  (fixture)
from ui.app import Kiosk

pytestmark = [
    NEEDS_CHROMIUM,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
]
KIOSK_WS, LAWYER_WS = "/api/v1/video/ws", "/console/video/ws"
A, B = 0, 1


@dataclass
class Site:
    context: ServerContext
    processes: list[subprocess.Popen[bytes]]
    proxy: Balancer
    logs: list[Path]


def _start(settings: ServerSettings, port: int, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lawpost", "server", "--host", "127.0.0.1", "--port", str(port),
         "--data", str(settings.data_dir), "--db", settings.database_url],
        stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait_answering(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not answer within 60 s")


@pytest.fixture
def site(settings: ServerSettings, tmp_path: Path) -> Iterator[Site]:
    # Migrate and make the key once here, so the two processes do not race to create them.
    context = build_context(settings)
    create_lawyer(context)
    ports = [free_port(), free_port()]
    logs = [tmp_path / "server-a.log", tmp_path / "server-b.log"]
    processes = [_start(settings, port, log) for port, log in zip(ports, logs, strict=True)]
    proxy = Balancer([("127.0.0.1", port) for port in ports])
    proxy.pins = {KIOSK_WS: A, LAWYER_WS: B}
    try:
        for port, process, log in zip(ports, processes, logs, strict=True):
            _wait_answering(port, process, log)
        yield Site(context, processes, proxy, logs)
    finally:
        proxy.close()
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        context.engine.dispose()


@pytest.fixture
def kiosk(
    qapp: object, tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch,
    installed_packs: tuple[Path, object],  # noqa: F811
) -> Iterator[Kiosk]:  # fmt: skip
    yield from call_kiosk(tmp_path, site.proxy.url, site.context, monkeypatch, name="石桥镇 1 号机",
                          packs=installed_packs)  # fmt: skip


def _call_goes_on(lawyer: Browser, reports: list[dict[str, Any]], video: Any, proxy: Balancer, *,
                  sockets: int) -> None:  # fmt: skip
    """The kiosk's page has opened its `sockets`-th signalling socket, it is up, and frames keep
    arriving both ways on the same call."""
    before = (lawyer_report(lawyer)["framesDecoded"], reports[-1]["framesDecoded"])

    def back() -> bool:
        mine, theirs = lawyer_report(lawyer), reports[-1]
        return bool(len(proxy.backends_of(KIOSK_WS)) >= sockets and theirs["signalUp"] and mine["signalUp"]
                    and mine["framesDecoded"] > before[0] + 20
                    and theirs["framesDecoded"] > before[1] + 20)  # fmt: skip

    try:
        poll_until(back, timeout_s=20, pump=pump)
    except TimeoutError:
        raise AssertionError(f"the call did not go on: lawyer {lawyer_report(lawyer)}, kiosk {reports[-1]}, "
                             f"stage {video.stage}") from None  # fmt: skip
    assert video.stage == "in_call" and lawyer_report(lawyer)["state"] == "connected"


def test_a_call_across_two_server_processes_survives_losing_one(
    kiosk: Kiosk,
    lawyer: Browser,
    site: Site,
) -> None:
    proxy = site.proxy
    lawyer_on_duty(lawyer, proxy.url)
    forms: Any = kiosk.view_models["Forms"]  # the visitor has begun a form before asking for a lawyer
    forms.open("legal_aid")
    forms.setText("case.cause", "老板拖欠三个月工资共一万二千元")
    reports: list[dict[str, Any]] = []
    video = start_call(kiosk, lawyer, reports)
    frames_both_ways(lawyer, reports)
    assert proxy.backends_of(KIOSK_WS) == [A] and proxy.backends_of(LAWYER_WS) == [B]
    # Plain requests went to both processes (the queue, the long poll, the console's refresh).
    assert {backend for path, backend in proxy.log if "/ws" not in path} == {A, B}

    # The visitor's form (after consent) and a pushed guide with its acknowledgement cross processes.
    video._runner.consent_share()
    poll_until(lambda: "一万二千元" in page_text(lawyer, "shared-rows"), timeout_s=10, pump=pump)
    lawyer.evaluate("document.getElementById('push-id').value = 'divorce-by-agreement';"
                    "document.getElementById('push-send').click(); true")  # fmt: skip
    poll_until(lambda: "群众屏幕已收到" in page_text(lawyer, "push-state"), timeout_s=10, pump=pump)
    assert page_text(lawyer, "push-state") == "群众屏幕已收到：《两个人都同意离婚，怎么办手续》"
    poll_until(lambda: reports[-1].get("pushedOpen") is True, timeout_s=10, pump=pump)
    pushed: Any = kiosk.view_models["VideoPushed"]
    assert [p["id"] for p in pushed.pages] == ["divorce-by-agreement"]

    # A blip on the kiosk's link; its page comes back to B. A holds the kiosk's grace and must
    # learn that it came back (to B): past the grace the call is still on.
    proxy.pins[KIOSK_WS] = B
    proxy.drop(KIOSK_WS)
    dropped_at = time.monotonic()
    _call_goes_on(lawyer, reports, video, proxy, sockets=2)
    assert proxy.backends_of(KIOSK_WS)[-1] == B
    wait_seconds(max(0.0, RESUME_S + 1.5 - (time.monotonic() - dropped_at)))
    _call_goes_on(lawyer, reports, video, proxy, sockets=2)
    assert last_call(site.context).end_reason is None

    # Back to A (B holds this grace, with the lawyer seated there too), then A dies mid-call:
    # the kiosk's page reconnects through the proxy, which skips the dead A for B.
    proxy.pins[KIOSK_WS] = A
    proxy.drop(KIOSK_WS)
    _call_goes_on(lawyer, reports, video, proxy, sockets=3)
    assert proxy.backends_of(KIOSK_WS)[-1] == A
    site.processes[A].kill()
    killed_at = time.monotonic()
    _call_goes_on(lawyer, reports, video, proxy, sockets=4)
    assert proxy.backends_of(KIOSK_WS)[-1] == B
    wait_seconds(max(0.0, RESUME_S + 1.5 - (time.monotonic() - killed_at)))
    _call_goes_on(lawyer, reports, video, proxy, sockets=4)
    record = last_call(site.context)
    assert (record.state, record.end_reason) == ("answered", None)

    # The lawyer's hang-up (on B) ends the kiosk's call (now on B too) and the record.
    lawyer.evaluate("document.getElementById('hangup').click(); true")
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)
    assert video.reason == "hangup_lawyer" and lawyer_report(lawyer)["state"] == "ended"
    poll_until(lambda: last_call(site.context).state == "ended", timeout_s=10, pump=pump)
    assert last_call(site.context).end_reason == "hangup_lawyer"
