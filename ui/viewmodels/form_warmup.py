"""Registers the PDF renderer's font in the background once the kiosk's first frame is shown."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickWindow

from ui.background import BackgroundWorker

log = logging.getLogger(__name__)


class WarmAfterFirstFrame(QObject):
    """Runs `warm` once on the background worker after the first frame (or `fallback_ms` at most).

    The first document otherwise pays for the CJK font's registration (~0.5 s) while the visitor
    waits at 打印. Started before the first frame, the Python work would hold the GIL while the
    GUI thread builds the screens (the same reason ui/app.py defers opening the library). The
    window does not exist yet when features are wired, so it is looked up once the loop runs.
    """

    def __init__(
        self, warm: Callable[[], None], *, worker: BackgroundWorker, parent: QObject,
        fallback_ms: int = 3000,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._warm: Callable[[], None] | None = warm
        self._worker = worker
        QTimer.singleShot(0, self, self._watch_window)
        QTimer.singleShot(fallback_ms, self, self.start)

    @Slot()
    def _watch_window(self) -> None:
        windows = [w for w in QGuiApplication.topLevelWindows() if isinstance(w, QQuickWindow)]
        for window in windows:
            window.frameSwapped.connect(self.start, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def start(self) -> None:
        warm, self._warm = self._warm, None
        if warm is not None:
            self._worker.submit(warm, lambda _none: None, self._failed)

    def _failed(self, error: Exception) -> None:
        # Not fatal: the first document registers the font itself (and says so if it cannot).
        log.warning("PDF font not warmed: %s", type(error).__name__)
