"""The signalling socket drops mid-call and the call goes on, on this headless box: the real
server behind a loopback TCP proxy that the test cuts (every connection dropped, new ones refused)
for 3 s, the lawyer in headless Chromium and the kiosk's QtWebEngine call window both connected
through it. Both pages reconnect by themselves (the kiosk with the one-time ticket it got in
"joined"), frames keep arriving, the record stays open; then the same with the server itself
restarted behind the proxy (a new process's memory: no rooms, only the database). A side that
really vanishes still ends the other's call within 10 s (test_video_call_e2e.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
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
from live_server import serving
from tcp_cut import CuttableProxy, cuttable
from video_e2e import create_lawyer, lawyer_on_duty, lawyer_report, poll_until

from server.app import create_app
from server.context import ServerContext
from server.settings import ServerSettings
from ui.app import Kiosk

pytestmark = NEEDS_CHROMIUM
CUT_S = 3.0


class Site:
    """The server (restartable) behind the proxy the kiosk and the lawyer use."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._serving: Any = None
        self.url = self._start()
        self.context: ServerContext = self._app.state.context
        self.proxy_cm = cuttable(self.url)
        self.proxy: CuttableProxy = self.proxy_cm.__enter__()

    def _start(self) -> str:
        self._app = create_app(self.settings)
        self._serving = serving(self._app)
        url: str = self._serving.__enter__()
        return url

    def stop(self) -> None:
        if self._serving is not None:
            self._serving.__exit__(None, None, None)
            self._serving = None

    def restart(self) -> tuple[str, int]:
        """Stop the server process's app and start a fresh one on the same database."""
        self.stop()
        self.url = self._start()
        host, port = self.url.split("://", 1)[1].rsplit(":", 1)
        return host, int(port)

    def close(self) -> None:
        self.proxy_cm.__exit__(None, None, None)
        self.stop()


@pytest.fixture
def site(sqlite_settings: ServerSettings) -> Iterator[Site]:
    built = Site(sqlite_settings)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def kiosk(qapp: object, tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Kiosk]:
    yield from call_kiosk(tmp_path, site.proxy.url, site.context, monkeypatch, name="石桥镇 1 号机")


@pytest.mark.parametrize("restart", [False, True], ids=["link-cut", "server-restart"])
def test_the_call_survives_the_signalling_socket_dropping_for_3_s(
    kiosk: Kiosk, lawyer: Browser, site: Site, restart: bool
) -> None:
    create_lawyer(site.context)
    lawyer_on_duty(lawyer, site.proxy.url)
    reports: list[dict[str, Any]] = []
    video = start_call(kiosk, lawyer, reports)
    frames_both_ways(lawyer, reports)
    assert lawyer_report(lawyer)["signalUp"] and reports[-1]["signalUp"]

    site.proxy.cut()
    upstream = site.restart() if restart else None
    wait_seconds(CUT_S)
    down = (lawyer_report(lawyer), reports[-1])
    assert not down[0]["signalUp"] and not down[1]["signalUp"]  # both saw the socket drop
    site.proxy.restore(upstream)

    def back() -> bool:
        mine, theirs = lawyer_report(lawyer), reports[-1]
        return bool(mine["signalUp"] and theirs["signalUp"]
                    and mine["framesDecoded"] > down[0]["framesDecoded"] + 20
                    and theirs["framesDecoded"] > down[1]["framesDecoded"] + 20)  # fmt: skip

    poll_until(back, timeout_s=20, pump=pump)
    mine, theirs = lawyer_report(lawyer), reports[-1]
    assert mine["signalReconnects"] >= 1 and theirs["signalReconnects"] >= 1
    assert mine["state"] == "connected" and video.stage == "in_call"
    assert last_call(site.context).state == "answered" and last_call(site.context).end_reason is None
    # Signalling works over the new sockets: the kiosk's hang-up reaches the lawyer.
    video.hangup()
    poll_until(lambda: lawyer_report(lawyer)["state"] == "ended", timeout_s=10, pump=pump)
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)
    assert last_call(site.context).end_reason == "hangup_kiosk"
