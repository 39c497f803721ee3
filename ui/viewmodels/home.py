"""The home screen: the service tiles that work on this kiosk, and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal

from ui.screens import ScreenSpec


class Home(QObject):
    changed = Signal()
    clock_changed = Signal()

    def __init__(
        self,
        *,
        screens: list[ScreenSpec],
        services: Any,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self._now = now
        # Availability is decided once at start-up: a tile never appears for a feature that
        # cannot work here (no dead buttons).
        self._screens = screens
        self._services = services
        self._tiles: list[dict[str, str]] = []
        self.refresh()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.clock_changed)
        self._timer.start()

    def refresh(self) -> None:
        """Recompute which features work (e.g. once the first content pack is installed)."""
        screens, services = self._screens, self._services
        with_tiles = [(s, s.tile) for s in screens if s.tile is not None and not s.technician_only]
        self._tiles = [
            {
                "screen": spec.screen_id,
                "titleKey": spec.title_key,
                "subtitleKey": tile.subtitle_key,
                "icon": tile.icon,
            }
            for spec, tile in sorted(with_tiles, key=lambda pair: pair[1].order)
            if spec.available(services)
        ]
        self.changed.emit()

    tiles = Property(list, lambda self: list(self._tiles), notify=changed)
    clockText = Property(str, lambda self: self._now().strftime("%H:%M"), notify=clock_changed)
    dateText = Property(str, lambda self: self._now().strftime("%Y-%m-%d"), notify=clock_changed)
