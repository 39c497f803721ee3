"""The kiosk's systemd notifications, read from a real unix datagram socket: READY=1 only after the
first frame, WATCHDOG=1 while the event loop turns, none while it hangs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickWindow
from pytestqt.qtbot import QtBot

from kiosk.sd_notify import Notifier, watchdog_interval_s
from ui.watchdog import EventLoopWatchdog


class Listener:
    """systemd's side: a bound AF_UNIX datagram socket, each message stamped when it arrives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.received: list[tuple[float, str]] = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(str(path))
        self._socket.settimeout(0.1)
        self._running = True
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while self._running:
            try:
                data = self._socket.recv(4096)
            except TimeoutError:
                continue
            self.received.append((time.monotonic(), data.decode()))

    def times_of(self, prefix: str) -> list[float]:
        return [at for at, message in self.received if message.startswith(prefix)]

    def close(self) -> None:
        self._running = False
        self._thread.join()
        self._socket.close()


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[Listener]:
    found = Listener(tmp_path / "notify.sock")
    yield found
    found.close()


# The timing scenario below runs in a process of its own, as the kiosk does under systemd. Inside
# the whole suite (about 1,400 tests in one process) its first ping did not arrive within 10 s,
# while the same test passes alone and with any of the UI test files tried beside it; the cause in
# the shared test process was not found, so the scenario is kept away from it.
_IN_CHILD = "LAWPOST_WATCHDOG_SCENARIO"


def test_watchdog_scenario_in_a_fresh_process() -> None:
    # A short folder: a unix socket's path may not exceed 107 bytes.
    tmp_path = Path(tempfile.mkdtemp(prefix="lp-wd-", dir="/tmp"))
    test_id = f"{__file__}::test_ready_after_the_first_frame_and_pings_only_while_the_loop_runs"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_id,
         "--basetemp", str(tmp_path)],
        env={**os.environ, _IN_CHILD: "1"}, capture_output=True, text=True, timeout=300,
        cwd=Path(__file__).resolve().parents[2], check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.mark.skipif(os.environ.get(_IN_CHILD) != "1", reason="runs in a fresh process (see above)")
def test_ready_after_the_first_frame_and_pings_only_while_the_loop_runs(
    qtbot: QtBot, listener: Listener
) -> None:
    window = QQuickWindow()
    window.resize(200, 200)
    frames: list[float] = []
    window.frameSwapped.connect(lambda: frames.append(time.monotonic()), Qt.ConnectionType.DirectConnection)
    watchdog = EventLoopWatchdog(window, notifier=Notifier(str(listener.path)), interval_s=0.05)
    # Waited for, not timed: on a loaded machine the listener thread may take a while to run.
    qtbot.waitUntil(lambda: bool(listener.times_of("WATCHDOG=1")), timeout=10_000)
    assert not listener.times_of("READY=1"), "no frame yet, so not ready"

    window.show()
    qtbot.waitUntil(lambda: bool(listener.times_of("READY=1")), timeout=10_000)
    assert frames and frames[0] < listener.times_of("READY=1")[0]
    assert "READY=1\nSTATUS=home screen shown" in [message for _at, message in listener.received]

    before = len(listener.times_of("WATCHDOG=1"))
    qtbot.wait(500)
    assert len(listener.times_of("WATCHDOG=1")) - before >= 5, "pings go on while the loop turns"

    # The GUI thread hangs (a stuck slot): no ping may arrive until it turns again.
    hang_start = time.monotonic()
    time.sleep(0.8)
    hang_end = time.monotonic()
    qtbot.wait(300)
    pings = listener.times_of("WATCHDOG=1")
    during = [at for at in pings if hang_start + 0.05 < at < hang_end]
    assert during == [], f"{len(during)} pings while the event loop was blocked"
    assert [at for at in pings if at > hang_end], "pings resume when the loop turns again"
    assert len(listener.times_of("READY=1")) == 1

    watchdog.stop()
    qtbot.waitUntil(lambda: listener.received[-1][1] == "STOPPING=1", timeout=2000)
    count = len(listener.times_of("WATCHDOG=1"))
    qtbot.wait(200)
    assert len(listener.times_of("WATCHDOG=1")) == count
    window.close()


def test_no_socket_means_no_notifications_and_the_interval_is_half_systemds() -> None:
    assert not Notifier("").enabled
    assert not Notifier("").ready()
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000"}) == 15.0
    assert watchdog_interval_s({}) is None
    # Variables inherited by a child that is not the watched process: that child must not ping.
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None


def test_abstract_socket_names_are_understood() -> None:
    name = f"lawpost-test-{time.monotonic_ns()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.settimeout(5)
    try:
        assert Notifier("@" + name).watchdog()
        assert server.recv(100) == b"WATCHDOG=1"
    finally:
        server.close()
