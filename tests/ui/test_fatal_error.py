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
