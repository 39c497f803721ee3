"""Technician mode: the hidden two-corner gesture, the PIN gate, and the maintenance screen's facts."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.config import Settings
from kiosk.devices.speech import Speaker
from kiosk.logs import recent_lines
from kiosk.security.audit_log import AuditLog
from kiosk.security.technician_lock import PinResult, TechnicianLock
from kiosk.system_info import DISK_ALERT_PERCENT, read_system_info

# The second corner must follow the first within this many seconds.
_GESTURE_WINDOW_S = 6.0


class Technician(QObject):
    changed = Signal()
    unlocked = Signal()
    exit_requested = Signal()

    def __init__(
        self,
        *,
        settings: Settings,
        lock: TechnicianLock,
        audit: AuditLog,
        speaker: Speaker,
        text: Callable[..., str],
        log_path: Path,
        device_status: Callable[[], dict[str, str]],
        content_status: Callable[[], str] = lambda: "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._lock = lock
        self._audit = audit
        self._speaker = speaker
        self._text = text
        self._log_path = log_path
        self._device_status = device_status
        self._content_status = content_status
        self._clock = clock
        self._first_corner_at: float | None = None
        self._pin_visible = False
        self._purpose = "enter"
        self._message = ""
        self._message_is_error = False

    # --- the hidden gesture -------------------------------------------------------------
    @Slot(str)
    def cornerHeld(self, corner: str) -> None:
        now = self._clock()
        if corner == "first":
            self._first_corner_at = now
            return
        if (
            corner == "second"
            and self._first_corner_at is not None
            and now - self._first_corner_at <= _GESTURE_WINDOW_S
        ):
            self._first_corner_at = None
            self._open_pin_pad("enter")

    def _open_pin_pad(self, purpose: str) -> None:
        self._purpose = purpose
        self._pin_visible = True
        locked = self._lock.locked_seconds()
        if not self._lock.is_set:
            self._say("tech.pin_not_set", error=True)
        elif locked:
            self._say("tech.locked", error=True, minutes=(locked + 59) // 60)
        else:
            self._say("tech.pin_prompt" if purpose == "enter" else "tech.exit_prompt")
        self.changed.emit()

    @Slot()
    def cancelPin(self) -> None:
        self._pin_visible = False
        self._message = ""
        self.changed.emit()

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        attempt = self._lock.try_pin(pin)
        if attempt.result is PinResult.ACCEPTED:
            self._pin_visible = False
            self._message = ""
            if self._purpose == "exit":
                self._audit.append(actor="technician", action="exit_to_desktop")
                self.changed.emit()
                self.exit_requested.emit()
                return
            self._audit.append(actor="technician", action="open_technician_mode")
            self.changed.emit()
            self.unlocked.emit()
            return
        if attempt.result is PinResult.NOT_SET:
            self._say("tech.pin_not_set", error=True)
        elif attempt.result is PinResult.LOCKED:
            self._audit.append(actor="unknown", action="pin_locked_out")
            self._say("tech.locked", error=True, minutes=(attempt.locked_seconds + 59) // 60)
        else:
            self._audit.append(actor="unknown", action="pin_wrong")
            self._say("tech.pin_wrong", error=True, tries=attempt.tries_left)
        self.changed.emit()

    # --- inside technician mode ---------------------------------------------------------
    @Slot()
    def requestExit(self) -> None:
        self._open_pin_pad("exit")

    @Slot()
    def speakerTest(self) -> None:
        self._audit.append(actor="technician", action="speaker_test")
        self._speaker.speak(self._text("tech.speaker_sentence"), language="zh_CN")

    @Slot()
    def leave(self) -> None:
        self._audit.append(actor="technician", action="leave_technician_mode")

    @Slot()
    def refresh(self) -> None:
        self._audit.append(actor="technician", action="view_status")
        self.changed.emit()

    def reset(self) -> None:
        self._first_corner_at = None
        self._pin_visible = False
        self._purpose = "enter"
        self._message = ""
        self._message_is_error = False
        self.changed.emit()

    def _say(self, key: str, *, error: bool = False, **values: Any) -> None:
        self._message = self._text(key, **values)
        self._message_is_error = error

    def _info(self) -> dict[str, Any]:
        info = read_system_info(self._settings.data_dir)
        return {
            "appVersion": info.app_version,
            "pythonVersion": info.python_version,
            "dataDir": info.data_dir,
            "diskFree": f"{info.disk_free_mb / 1024:.1f} GB / {info.disk_total_mb / 1024:.1f} GB",
            "configSource": self._settings.source,
            "servicePoint": self._settings.kiosk.service_point_name,
            "idleTimeout": f"{self._settings.kiosk.idle_timeout_s} s",
            "mmPerPx": f"{self._settings.screen.mm_per_px}",
            "content": self._content_status(),
        }

    def _disk_warning(self) -> str:
        info = read_system_info(self._settings.data_dir)
        if not info.disk_alarming:
            return ""
        return self._text("tech.disk_warning", percent=info.disk_used_percent, limit=DISK_ALERT_PERCENT)

    def _devices(self) -> list[dict[str, str]]:
        return [
            {"name": name, "status": status} for name, status in self._device_status().items()
        ]

    pinPadVisible = Property(bool, lambda self: self._pin_visible, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    messageIsError = Property(bool, lambda self: self._message_is_error, notify=changed)
    lockedSeconds = Property(int, lambda self: self._lock.locked_seconds(), notify=changed)
    info = Property(dict, _info, notify=changed)
    devices = Property(list, _devices, notify=changed)
    diskWarning = Property(str, _disk_warning, notify=changed)
    logLines = Property(
        list, lambda self: recent_lines(self._log_path, 12), notify=changed
    )
    auditLines = Property(
        list,
        lambda self: [f"{e.at[11:19]} {e.actor} {e.action}" for e in self._audit.recent(8)],
        notify=changed,
    )
