"""The safe screen after repeated start failures shows the configured service point, hotline and hours."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickWindow
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from ui.safe_screen import load_safe_screen


def test_safe_screen_shows_hotline_and_opening_hours(qtbot: QtBot) -> None:
    base = Settings()
    kiosk = replace(
        base.kiosk, service_point_name="清河镇公共法律服务站", hotline="0731-12348",
        opening_hours="周一至周六 9:00–17:00",
    )  # fmt: skip
    settings = replace(base, kiosk=kiosk)
    engine = load_safe_screen(settings)
    warnings: list[str] = []
    engine.warnings.connect(lambda errs: warnings.extend(e.toString() for e in errs))
    window = engine.rootObjects()[0]
    assert isinstance(window, QQuickWindow)
    window.resize(1080, 1920)
    window.show()
    qtbot.waitExposed(window)
    shown = {}
    for name in ("servicePoint", "hotline", "openingHours"):
        item = window.findChild(QObject, name)
        assert item is not None, name
        shown[name] = item.property("text")
    assert shown["servicePoint"] == "清河镇公共法律服务站"
    assert shown["hotline"] == "0731-12348"
    assert "周一至周六 9:00–17:00" in shown["openingHours"]
    image = window.grabWindow()
    assert len({image.pixel(x, y) for x in range(0, 1080, 40) for y in range(0, 1920, 40)}) > 2, (
        "a blank screen"
    )
    assert warnings == []
    window.close()
    engine.deleteLater()


def test_safe_screen_process_needs_no_data_folder_and_stops_on_sigterm(tmp_path: Path) -> None:
    # The data folder is a file: no database, no content, no logs can be opened there.
    broken = tmp_path / "not-a-folder"
    broken.write_text("")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software",
           "LAWPOST_DATA": str(broken)}  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "lawpost", "run", "--safe-screen"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    time.sleep(8)
    assert process.poll() is None, "the safe screen must stay up"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()
