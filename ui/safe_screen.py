"""The safe screen a kiosk shows after repeated start failures: service point, hotline, opening hours."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.config import Settings
from ui.screens import QML_DIR


def load_safe_screen(settings: Settings) -> QQmlApplicationEngine:
    """The window, built from the configuration file only (the database or content may be what broke)."""
    engine = QQmlApplicationEngine()
    engine.setInitialProperties({
        "servicePoint": settings.kiosk.service_point_name,
        "hotline": settings.kiosk.hotline,
        "openingHours": settings.kiosk.opening_hours,
    })  # fmt: skip
    engine.load(QUrl.fromLocalFile(str(QML_DIR / "SafeScreen.qml")))
    return engine
