"""The hall display's state: the calls now and before, people waiting; new calls are announced."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal

from kiosk.queue.announce import display_text
from kiosk.queue.hall import CallWatcher
from kiosk.queue.status import QueueStatus
from ui.background import BackgroundOp, BackgroundWorker

log = logging.getLogger(__name__)


class HallDisplay(QObject):
    changed = Signal()
    number_called = Signal(str, str)  # number, counter

    def __init__(
        self,
        *,
        load_status: Callable[[], QueueStatus],
        worker: BackgroundWorker,
        language: Callable[[], str],
        announce: Callable[[str, str], None] | None = None,
        interval_ms: int = 2000,
    ) -> None:
        super().__init__()
        self._load = load_status
        self._worker = worker
        self._language = language
        self._announce = announce
        self._watcher = CallWatcher()
        self._status: QueueStatus | None = None
        self._loading = False
        self._frozen = False  # showing a given state (screenshot): the database is not shown
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        if self._loading:  # the database is slow right now; never pile up reads
            return
        self._loading = True
        BackgroundOp(self._load).success(self._on_status).failure(self._on_failed).run(self._worker)

    def _on_failed(self, exc: Exception) -> None:
        self._loading = False
        log.warning("queue status not read: %s", type(exc).__name__)

    def _on_status(self, status: QueueStatus) -> None:
        self._loading = False
        if self._frozen:
            return
        self._status = status
        for call in self._watcher.new_calls(status.current):
            if self._announce is not None:
                self._announce(call.number, call.counter)
            self.number_called.emit(call.number, call.counter)
        self.changed.emit()

    def show(self, status: QueueStatus) -> None:
        """Show a given state (screenshots) without announcing it; polling stops."""
        self._frozen = True
        self.stop()
        self._status = status
        self.changed.emit()

    def _calls(self, which: str) -> list[dict[str, Any]]:
        if self._status is None:
            return []
        calls = self._status.current if which == "current" else self._status.recent
        return [
            {"number": c.number, "counter": c.counter, "text": display_text(c.number, c.counter)}
            for c in calls
        ]

    def _waiting(self) -> list[dict[str, Any]]:
        if self._status is None:
            return []
        english = self._language() == "en"
        return [
            {"letter": s.letter, "name": s.name_en if english else s.name, "waiting": s.waiting}
            for s in self._status.services
            if s.open_now or s.waiting
        ]

    current = Property(list, lambda self: self._calls("current"), notify=changed)
    recent = Property(list, lambda self: self._calls("recent"), notify=changed)
    waiting = Property(list, _waiting, notify=changed)
