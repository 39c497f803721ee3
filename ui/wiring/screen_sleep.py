"""Wiring of the screen's sleep: a timer applies the schedule, an event filter on the kiosk window
lets the first touch on a dark screen only wake it, and `ScreenSleep.asleep` draws the curtain."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal

from kiosk.firstboot.screen_power import (
    NoScreenPower,
    ScreenPower,
    ScreenSleep,
    SleepSchedule,
    choose_screen_power,
)
from kiosk.queue.desk import rules_from_settings

if TYPE_CHECKING:  # ui.features lists this wiring
    from ui.features import FeatureContext

_TICK_MS = 15_000


class ScreenSleepModel(QObject):
    changed = Signal()

    # A press and everything that belongs to it (moves, release) is swallowed when it woke the
    # screen, so a button under the finger is not pressed by the wake-up touch.
    _PRESSES: ClassVar[set[QEvent.Type]] = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
    _FOLLOWERS: ClassVar[set[QEvent.Type]] = {
        QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel,
    }  # fmt: skip
    _ENDS: ClassVar[set[QEvent.Type]] = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                                         QEvent.Type.TouchCancel}  # fmt: skip

    def __init__(self, controller: ScreenSleep, *, power: ScreenPower) -> None:
        super().__init__()
        self.controller = controller
        self.power = power
        self._swallowing = False
        self._window: QObject | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(_TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def tick(self) -> None:
        if self.controller.tick():
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in self._PRESSES:
            self._swallowing = self.controller.touched()
            if self._swallowing:
                self.changed.emit()
            return self._swallowing
        if self._swallowing and kind in self._FOLLOWERS:
            self._swallowing = kind not in self._ENDS
            return True
        return False

    def attach(self, window: QObject) -> None:
        """Watch the kiosk window's input (called once the window exists)."""
        self._window = window
        window.installEventFilter(self)

    def stop(self) -> None:
        self._timer.stop()
        if self._window is not None:
            self._window.removeEventFilter(self)
        if self.controller.asleep:  # a kiosk stopped while dark gives the panel back lit
            self.controller.keep_on()

    asleep = Property(bool, lambda self: self.controller.asleep, notify=changed)


def build_screen_sleep(context: FeatureContext, *, power: ScreenPower | None = None,
                       now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> ScreenSleepModel:
    settings = context.settings
    rules = rules_from_settings(settings)

    def is_open(moment: datetime) -> bool:
        local = rules.local(moment)
        return any(service.is_open(local) for service in rules.services)

    screen = settings.screen
    schedule = SleepSchedule(enabled=screen.sleep_outside_hours,
                             sleep_after_s=screen.sleep_after_minutes * 60, is_open=is_open)
    monotonic = context.shared.get("clock", time.monotonic)
    # Probing for wlr-randr and backlights only where the screen may sleep at all.
    chosen = power or (choose_screen_power(screen.power_control) if screen.sleep_outside_hours
                       else NoScreenPower())  # fmt: skip
    controller = ScreenSleep(schedule, chosen, now=now, monotonic=monotonic)
    if screen.sleep_outside_hours:
        controller.keep_on()  # a kiosk restarted while dark must not start with the panel off
    return ScreenSleepModel(controller, power=chosen)


def wire_screen_sleep(context: FeatureContext) -> dict[str, QObject]:
    model = build_screen_sleep(context)
    context.shared.setdefault("window_ready", []).append(model.attach)
    context.closers.append(model.stop)
    return {"ScreenSleep": model}
