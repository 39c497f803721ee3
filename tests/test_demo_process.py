"""`lawpost demo` as a process: prints the console and logins, and its server never outlives it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests


def test_demo_server_dies_with_the_demo(tmp_path: Path) -> None:
    env = {**os.environ, "LAWPOST_DATA": str(tmp_path)}
    demo = subprocess.Popen([sys.executable, "-m", "lawpost", "demo", "--no-kiosk"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert demo.stdout is not None
    url = ""
    deadline = time.monotonic() + 90
    for line in demo.stdout:
        if found := re.search(r"web console:\s+(http://\S+)/console", line):
            url = found.group(1)
        if "technician PIN" in line or time.monotonic() > deadline:
            break
    assert url, "the demo printed no console address"
    assert requests.get(url + "/console/login", timeout=5).status_code == 200
    demo.send_signal(signal.SIGKILL)  # not even a chance to clean up
    demo.wait(timeout=10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/console/login", timeout=1)
        except requests.ConnectionError:
            return
        time.sleep(0.2)
    raise AssertionError("the demo's server outlived the demo")
