"""The UI's part of the content-pack health check: render the home screen of the newly active
pack in a separate offscreen process (`lawpost shot home`), so a pack that breaks the QML fails
the check and is rolled back instead of reaching visitors.

A separate process because the check runs on the updater's thread while the kiosk's own window is
on screen; a second QML engine in the kiosk process would share its GUI thread.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.content.installer import InstalledPack
from kiosk.updates.health import HealthCheck, HealthError

# The rendered home must have at least this many distinct colours: a blank or failed render has 1–3.
MIN_COLOURS = 16


def render_home_check(data_dir: Path, *, timeout_s: float = 180.0) -> HealthCheck:
    def check(pack: InstalledPack) -> None:
        with tempfile.TemporaryDirectory(prefix="lawpost-health-") as tmp:
            out = Path(tmp) / "home.png"
            env = {**os.environ, "LAWPOST_DATA": str(data_dir), "QT_QPA_PLATFORM": "offscreen",
                   "QT_QUICK_BACKEND": "software"}  # fmt: skip
            command = [sys.executable, "-m", "lawpost", "shot", "home", "--out", str(out)]
            try:
                done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout_s)
            except subprocess.TimeoutExpired as exc:
                raise HealthError(f"首页渲染超时 (home screen did not render in {timeout_s:.0f} s)") from exc
            if done.returncode != 0 or not out.is_file():
                tail = (done.stderr or "").strip().splitlines()[-1:] or [""]
                raise HealthError(f"首页渲染失败 (home screen did not render): {tail[0][:200]}")
            colours = _distinct_colours(out)
            if colours < MIN_COLOURS:
                raise HealthError(f"首页渲染为空白 (home screen rendered blank: {colours} colours)")

    return check


def _distinct_colours(png: Path) -> int:
    from PIL import Image

    with Image.open(png) as image:
        found = image.convert("RGB").getcolors(maxcolors=1 << 16)
    return len(found) if found is not None else 1 << 16
