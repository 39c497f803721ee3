"""Which screen is showing, with what parameters, and the way back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot

from ui.screens import ScreenSpec, find_screen


class Navigator(QObject):
    """A stack of (screen, params). QML shows `currentSource` in a Loader, so each visit builds a
    fresh screen: no scroll position or typed text survives leaving a screen."""

    changed = Signal()
    screen_changed = Signal(str)

    def __init__(self, screens: list[ScreenSpec]) -> None:
        super().__init__()
        self._specs = {spec.screen_id: spec for spec in screens}
        self._stack: list[tuple[str, dict[str, Any]]] = [("home", {})]

    def _top(self) -> tuple[str, dict[str, Any]]:
        return self._stack[-1]

    @Slot(str)
    @Slot(str, dict)
    def go(self, screen_id: str, params: dict[str, Any] | None = None) -> None:
        if screen_id not in self._specs:
            raise KeyError(f"unknown screen {screen_id!r}")
        if screen_id == "home":
            self.home()
            return
        self._stack.append((screen_id, dict(params or {})))
        self._announce()

    @Slot()
    def back(self) -> None:
        if len(self._stack) > 1:
            self._stack.pop()
            self._announce()

    @Slot()
    def home(self) -> None:
        if self._stack != [("home", {})]:
            self._stack = [("home", {})]
            self._announce()

    def reset(self) -> None:
        self.home()

    def _announce(self) -> None:
        self.changed.emit()
        self.screen_changed.emit(self._top()[0])

    @property
    def history(self) -> list[str]:
        return [screen for screen, _ in self._stack]

    currentScreen = Property(str, lambda self: self._top()[0], notify=changed)
    params = Property(dict, lambda self: dict(self._top()[1]), notify=changed)
    depth = Property(int, lambda self: len(self._stack), notify=changed)
    canGoBack = Property(bool, lambda self: len(self._stack) > 1, notify=changed)
    currentSource = Property(
        QUrl,
        lambda self: QUrl.fromLocalFile(str(find_screen(self._top()[0]).path)),
        notify=changed,
    )
    currentTitleKey = Property(
        str, lambda self: self._specs[self._top()[0]].title_key, notify=changed
    )
