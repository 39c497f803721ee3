"""The home screen: the service tiles that work on this kiosk, and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal

from ui.screens import HOME_CHOICES, ScreenSpec

# The home tile that opens 更多服务 (it is not a feature of its own, so it has no ScreenSpec tile).
MORE_TILE = {"screen": "more", "titleKey": "more.title", "subtitleKey": "more.subtitle", "icon": "apps"}


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
        self._more_tiles: list[dict[str, str]] = []
        self.refresh()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.clock_changed)
        self._timer.start()

    def refresh(self) -> None:
        """Recompute which features work (e.g. once the first content pack is installed)."""
        screens, services = self._screens, self._services
        with_tiles = [(s, s.tile) for s in screens if s.tile is not None and not s.technician_only]
        tiles = [
            ({
                "screen": spec.screen_id,
                "titleKey": spec.title_key,
                "subtitleKey": tile.subtitle_key,
                "icon": tile.icon,
            }, tile.more)
            for spec, tile in sorted(with_tiles, key=lambda pair: pair[1].order)
            if spec.available(services)
        ]
        if len(tiles) <= HOME_CHOICES:
            # Few features here: all of them on home, none a tap further away.
            self._tiles, self._more_tiles = [t for t, _ in tiles], []
        else:
            # The most used first; the rest (and any beyond the limit) under 更多服务, ≤ 2 taps away.
            first = [t for t, more in tiles if not more][: HOME_CHOICES - 1]
            self._tiles = [*first, MORE_TILE]
            self._more_tiles = [t for t, _ in tiles if t not in first]
        self.changed.emit()

    tiles = Property(list, lambda self: list(self._tiles), notify=changed)
    moreTiles = Property(list, lambda self: list(self._more_tiles), notify=changed)
    clockText = Property(str, lambda self: self._now().strftime("%H:%M"), notify=clock_changed)
    dateText = Property(str, lambda self: self._now().strftime("%Y-%m-%d"), notify=clock_changed)
