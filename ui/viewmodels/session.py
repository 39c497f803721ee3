"""The visitor's session: the idle countdown, and the wipe that leaves nothing of them behind."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.idle import IdleClock, IdlePhase

log = logging.getLogger(__name__)


class Resettable(Protocol):
    """A view-model that holds anything of the visitor's; `reset()` returns it to as-new."""

    def reset(self) -> None: ...


class VisitorSession(QObject):
    changed = Signal()
    session_reset = Signal()
    countdown_started = Signal()

    def __init__(
        self,
        *,
        idle_timeout_s: float,
        countdown_s: float,
        clock: Callable[[], float] = time.monotonic,
        tick_ms: int = 250,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._idle = IdleClock(idle_timeout_s=idle_timeout_s, countdown_s=countdown_s)
        self._idle.touch(clock())
        self._resettables: list[Resettable] = []
        self._phase = IdlePhase.ACTIVE
        self._seconds_left = int(countdown_s)
        self._visitor_data = False
        self.resets = 0
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def stop(self) -> None:
        """The kiosk is closing: no more ticks (a late tick would reset view-models whose
        database is already closed)."""
        self._timer.stop()

    def register(self, *resettables: Resettable) -> None:
        self._resettables.extend(resettables)

    @Slot()
    def touched(self) -> None:
        """Any touch, click or key press anywhere on the kiosk."""
        self._idle.touch(self._clock())
        if self._phase is not IdlePhase.ACTIVE:
            self._set_phase(IdlePhase.ACTIVE)

    @Slot()
    def continueSession(self) -> None:
        self.touched()

    @Slot()
    def markVisitorData(self) -> None:
        """Called when the visitor enters anything; shows 结束并清除 until the session ends."""
        if not self._visitor_data:
            self._visitor_data = True
            self.changed.emit()

    @Slot()
    def endSession(self) -> None:
        self.reset()

    @Slot()
    def tick(self) -> None:
        now = self._clock()
        phase = self._idle.phase(now)
        if phase is IdlePhase.EXPIRED:
            self.reset()
            return
        seconds = self._idle.seconds_left(now)
        if seconds != self._seconds_left:
            self._seconds_left = seconds
            self.changed.emit()
        if phase is not self._phase:
            self._set_phase(phase)
            if phase is IdlePhase.COUNTDOWN:
                self.countdown_started.emit()

    def reset(self) -> None:
        """Wipe everything of the visitor's: every registered view-model, then the idle clock."""
        for item in self._resettables:
            item.reset()
        self._visitor_data = False
        self._idle.touch(self._clock())
        self._phase = IdlePhase.ACTIVE
        self._seconds_left = int(self._idle.countdown_s)
        self.resets += 1
        log.info("visitor session reset")
        self.changed.emit()
        self.session_reset.emit()

    def _set_phase(self, phase: IdlePhase) -> None:
        self._phase = phase
        self.changed.emit()

    countdownVisible = Property(
        bool, lambda self: self._phase is IdlePhase.COUNTDOWN, notify=changed
    )
    secondsLeft = Property(int, lambda self: self._seconds_left, notify=changed)
    hasVisitorData = Property(bool, lambda self: self._visitor_data, notify=changed)
