"""`lawpost demo` as a process: prints the console and logins, shows a marked sample month of
statistics, and neither Ctrl-C nor a SIGKILL leaves its kiosk or server running."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from lawpost.demo_data import SAMPLE_MARK


def _start_demo(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """The demo process and what it printed up to its last line (console URL, admin password)."""
    demo = subprocess.Popen(
        [sys.executable, "-m", "lawpost", "demo", *args],
        env={**os.environ, "LAWPOST_DATA": str(tmp_path), **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert demo.stdout is not None
    printed: dict[str, str] = {}
    deadline = time.monotonic() + 120
    for line in demo.stdout:
        if found := re.search(r"web console:\s+(http://\S+)/console", line):
            printed["url"] = found.group(1)
        if found := re.search(r"console login:\s+(\S+) / (\S+)", line):
            printed["user"], printed["password"] = found.groups()
        if found := re.search(r"sample data:\s+(\d+) made-up visits", line):
            printed["sample_visits"] = found.group(1)
        if (
            "sample data" in line
            or ("technician PIN" in line and "--no-sample-data" in args)
            or time.monotonic() > deadline
        ):
            break
    assert printed.get("url"), "the demo printed no console address"
    return demo, printed


def _descendants(pid: int) -> list[int]:
    """Child processes of `pid`, recursively (from /proc: the test needs no process library)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _server_gone(url: str, *, within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/console/login", timeout=1)
        except requests.ConnectionError:
            return True
        time.sleep(0.2)
    return False


def _statistics_page(url: str, user: str, password: str) -> str:
    with requests.Session() as browser:
        form = browser.get(url + "/console/login", timeout=10).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf is not None
        answer = browser.post(url + "/console/login", timeout=30, data={
            "username": user, "password": password, "csrf_token": csrf.group(1)})  # fmt: skip
        assert answer.status_code == 200, answer.text[:300]
        page = browser.get(url + "/console/stats", timeout=30)
        assert page.status_code == 200
        return page.text


def test_demo_shows_a_marked_sample_month_and_its_server_dies_with_it(tmp_path: Path) -> None:
    demo, printed = _start_demo(tmp_path, "--no-kiosk")
    try:
        assert int(printed["sample_visits"]) > 500
        page = _statistics_page(printed["url"], printed["user"], printed["password"])
        # The justice bureau's view: three sample kiosks, each named as sample data, with ratings.
        assert page.count(SAMPLE_MARK) >= 3
        assert "东坪镇便民服务中心" in page
        demo.send_signal(signal.SIGKILL)  # not even a chance to clean up
        demo.wait(timeout=10)
    finally:
        if demo.poll() is None:
            demo.kill()
    assert _server_gone(printed["url"], within_s=15), "the demo's server outlived the demo"


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[socket.socket]:
    path = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(path))
    yield listener
    listener.close()


def test_ctrl_c_ends_the_demo_its_kiosk_and_its_server(tmp_path: Path, notify_socket: socket.socket) -> None:
    # The kiosk announces its first frame on the notify socket (as it does to systemd), so the
    # signal arrives while the kiosk window is really open.
    env = {"QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software",
           "NOTIFY_SOCKET": notify_socket.getsockname()}  # fmt: skip
    demo, printed = _start_demo(tmp_path / "data", "--no-sample-data", env=env)
    try:
        notify_socket.settimeout(120)
        assert b"READY=1" in notify_socket.recv(4096)
        family = [demo.pid, *_descendants(demo.pid)]
        demo.send_signal(signal.SIGINT)
        started = time.monotonic()
        assert demo.wait(timeout=8) == 0
        took = time.monotonic() - started
    finally:
        if demo.poll() is None:
            demo.kill()
    assert took < 8
    assert _server_gone(printed["url"], within_s=3), "the demo's server outlived Ctrl-C"
    deadline = time.monotonic() + 5
    while [pid for pid in family if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in family if _alive(pid)}
    assert not left, f"still running after Ctrl-C: {left}"
