"""The safe screen after repeated start failures shows the configured service point, hotline and hours."""

from __future__ import annotations

from dataclasses import replace

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
