"""Run in a process of its own (Qt's platform is chosen once per process): the whole kiosk on the
screens of QT_QPA_PLATFORM's offscreen config, with `[queue] hall_display_screen` = argv[2];
prints, as JSON, where the hall display's window went and what it shows.

    python tests/ui/hall_screen_probe.py DATA_DIR SCREEN_INDEX OUT.png
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[2]))


def _texts(item: Any) -> list[str]:
    found: list[str] = []
    stack = [item]
    while stack:
        current = stack.pop()
        text = current.property("text")
        if isinstance(text, str) and text and current.isVisible():
            found.append(text)
        stack.extend(current.childItems())
    return found


def main() -> int:
    from PySide6.QtGui import QGuiApplication, QWindow
    from PySide6.QtQuick import QQuickWindow

    from kiosk.config import Settings
    from kiosk.devices.speech import FakeSpeaker
    from kiosk.queue import tickets
    from kiosk.queue.desk import rules_from_settings
    from kiosk.storage.database import open_database
    from ui.app import build_kiosk
    from ui.qt_env import use_throwaway_dirs
    from ui.shot import settle

    data_dir, index, shot = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    use_throwaway_dirs()
    app = QGuiApplication([])
    settings = Settings().with_data_dir(data_dir)
    settings = replace(settings, queue=replace(settings.queue, hall_display_screen=index,
                                               announce_calls=False))
    rules = rules_from_settings(settings)
    db = open_database(data_dir)
    day = rules.business_day(datetime.now(UTC)).isoformat()
    db.execute(  # straight into today's queue: the services may be closed at the real hour
        "insert into queue_tickets (day, service, seq, number, token, issued_at) "
        "values (?, 'B', 1, 'B001', 'token-b1', ?)", [day, datetime.now(UTC).isoformat()])
    db.conn.commit()
    tickets.call_next(db, rules, "2")
    db.conn.close()
    kiosk = build_kiosk(settings, speaker=FakeSpeaker(), size=(1080, 1920), open_content=False)
    kiosk.window.show()
    assert kiosk.features is not None
    hall_screen = kiosk.features.shared.get("hall_screen")
    report: dict[str, Any] = {
        "screens": [s.name() for s in QGuiApplication.screens()],
        "kiosk_screen": kiosk.window.screen().name(),
        "windows": sum(1 for w in QGuiApplication.topLevelWindows() if isinstance(w, QQuickWindow)),
    }
    if hall_screen is not None:
        window = hall_screen.window
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any("B001" in t for t in _texts(window.contentItem())):
            settle(2)
        geometry = window.geometry()
        report |= {
            "hall_screen": window.screen().name(),
            "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
            "full_screen": window.visibility() == QWindow.Visibility.FullScreen,
            "texts": _texts(window.contentItem()),
            "warnings": hall_screen.warnings,
        }
        window.grabWindow().save(str(shot))
    report["kiosk_warnings"] = list(kiosk.warnings)
    kiosk.close()
    print(json.dumps(report, ensure_ascii=False))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
