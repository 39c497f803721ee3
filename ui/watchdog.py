"""Tells systemd the kiosk is up (READY=1 after its first frame) and alive (WATCHDOG=1, GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtQuick import QQuickWindow

from kiosk.sd_notify import Notifier, watchdog_interval_s


class EventLoopWatchdog(QObject):
    """The pings come from a timer on the GUI thread's event loop, so they stop when that loop
    hangs (a stuck slot, a deadlock) and systemd restarts the kiosk after WatchdogSec.

    READY=1 waits for the first frame on screen, not the end of start-up code: a kiosk whose QML
    loaded but never drew is not ready.
    """

    def __init__(
        self,
        window: QQuickWindow,
        *,
        notifier: Notifier | None = None,
        interval_s: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._notifier = notifier or Notifier()
        self._window = window
        self.ready_sent = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._ping)
        interval = interval_s if interval_s is not None else watchdog_interval_s()
        if interval is not None and self._notifier.enabled:
            self._timer.start(max(10, int(interval * 1000)))
        if self._notifier.enabled:
            # Queued to this object: Qt may render on a thread of its own.
            window.frameSwapped.connect(self._on_first_frame, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _ping(self) -> None:
        self._notifier.watchdog()

    @property
    def pinging(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _on_first_frame(self) -> None:
        if self.ready_sent:
            return
        self.ready_sent = True
        self._notifier.ready(status="home screen shown")

    def stop(self) -> None:
        self._timer.stop()
        self._notifier.stopping()
        self._notifier.close()
