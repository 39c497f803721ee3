"""`[queue] hall_display_screen`: the kiosk opens the hall display full screen on its second
screen and shows the calls there (the whole kiosk, in a process of its own whose offscreen
platform has two screens, from a JSON config as Qt's offscreen plugin reads it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

PROBE = Path(__file__).with_name("hall_screen_probe.py")
# Qt's offscreen plugin orders the screens of its config by name, the first is the primary:
# screens() = [0-Kiosk, 1-HallTV].
SCREENS = {"screens": [
    {"name": "1-HallTV", "x": 1080, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1},
    {"name": "0-Kiosk", "x": 0, "y": 0, "width": 1080, "height": 1920, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1},
]}


def _qt_warnings(stderr: str) -> list[str]:
    """What Qt printed, less the messages pytest-qt is told to ignore in the other UI tests."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    ignored = pyproject["tool"]["pytest"]["ini_options"]["qt_log_ignore"]
    return [line for line in stderr.splitlines()
            if line.strip() and not any(re.search(pattern, line) for pattern in ignored)]


def _run(tmp_path: Path, index: int) -> tuple[dict[str, Any], str]:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_QUICK_BACKEND": "software"}
    done = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path / "data"), str(index), str(tmp_path / "tv.png")],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def test_the_hall_display_fills_the_configured_second_screen(tmp_path: Path) -> None:
    report, stderr = _run(tmp_path, 1)
    assert report["screens"] == ["0-Kiosk", "1-HallTV"] and report["kiosk_screen"] == "0-Kiosk"
    assert report["windows"] == 2
    assert report["hall_screen"] == "1-HallTV"
    assert report["geometry"] == [1080, 0, 1920, 1080] and report["full_screen"]
    assert "请B001号到2号窗口" in report["texts"]
    assert report["warnings"] == [] and report["kiosk_warnings"] == []
    assert _qt_warnings(stderr) == []
    from PySide6.QtGui import QImage

    frame = QImage(str(tmp_path / "tv.png"))
    assert (frame.width(), frame.height()) == (1920, 1080)


def test_a_screen_that_is_not_attached_leaves_the_kiosk_alone(tmp_path: Path) -> None:
    report, _ = _run(tmp_path, 2)
    assert report["windows"] == 1 and "hall_screen" not in report
    assert report["kiosk_warnings"] == []
    # Index 0 is the kiosk's own screen: the hall display never covers the visitor's screen.
    (tmp_path / "own").mkdir()
    report, _ = _run(tmp_path / "own", 0)
    assert report["windows"] == 1 and "hall_screen" not in report
