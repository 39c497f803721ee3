"""A fatal error shows a calm screen with a code and the hotline, logs, and exits non-zero."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from ui.runner import FATAL_EXIT, FatalHandler, error_code


def test_uncaught_exception_shows_the_fatal_screen(qapp: QGuiApplication) -> None:
    handler = FatalHandler(qapp, screen_ms=60_000)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        handler.excepthook(RuntimeError, exc, exc.__traceback__)
        expected = error_code("LP-200", exc)
    window = handler.window
    assert window is not None
    assert window.property("code") == expected
    assert expected.startswith("LP-200-")
    window.close()


def test_unusable_database_exits_with_fatal_status_and_logs_code(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "kiosk.db").write_bytes(b"this is not a database" * 100)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "{data}"\nfatal_screen_s = 1\n', encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    result = subprocess.run(
        [sys.executable, "-m", "lawpost", "--config", str(config), "run", "--windowed"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == FATAL_EXIT
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in (data / "logs" / "kiosk.log").read_text().splitlines()]
    assert any("LP-300" in line["msg"] for line in lines if line["level"] == "CRITICAL")


def test_sigterm_stops_the_kiosk_cleanly(tmp_path: Path) -> None:
    import signal
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software",
           "LAWPOST_DATA": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "lawpost", "run", "--windowed"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = tmp_path / "logs" / "kiosk.log"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "content pack" not in (log.read_text() if log.exists() else ""):
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    messages = [json.loads(line)["msg"] for line in log.read_text().splitlines()]
    assert any(m.startswith("content pack default/") for m in messages)
    assert messages[-1] == "kiosk stopping (status 0)"
