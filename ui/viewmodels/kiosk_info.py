"""Static facts about this kiosk that screens show: its name in the visitor's language, gestures."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal

from kiosk.config import Settings
from ui.viewmodels.i18n import I18n


class KioskInfo(QObject):
    changed = Signal()

    def __init__(self, settings: Settings, i18n: I18n) -> None:
        super().__init__()
        self._settings = settings
        self._i18n = i18n
        self._renamed = ""
        i18n.changed.connect(self.changed)

    def rename(self, name: str) -> None:
        """The first-boot wizard named the service point: shown at once, in both languages (the
        English name is the sample's until a technician sets one)."""
        self._renamed = name
        self.changed.emit()

    def _name(self) -> str:
        kiosk = self._settings.kiosk
        if self._renamed:
            return self._renamed
        if self._i18n.get_language() == "en" and kiosk.service_point_name_en:
            return kiosk.service_point_name_en
        return kiosk.service_point_name

    servicePointName = Property(str, _name, notify=changed)

    speechEnabled = Property(bool, lambda self: self._settings.speech.enabled, notify=changed)
    hotline = Property(str, lambda self: self._settings.kiosk.hotline, notify=changed)
    gestureHoldMs = Property(
        int, lambda self: int(self._settings.technician.gesture_hold_s * 1000), notify=changed
    )
