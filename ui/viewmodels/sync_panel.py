"""Technician mode's view of sync: server, enrollment, outbox depth, last sync, last error, sync now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from ui.background import BackgroundOp, BackgroundWorker

if TYPE_CHECKING:
    from kiosk.sync.enroll_kiosk import EnrollOutcome

# What the panel shows before the worker's first report (same keys as kiosk.sync.worker.SyncStatus).
_NOT_STARTED: dict[str, Any] = {
    "enrolled": False, "server_url": "", "device_id": "", "outbox_depth": 0,
    "oldest_pending_age_s": "", "last_success_at": "", "last_error": "", "rejected_count": 0,
    "sent_count": 0, "halted": False, "retry_in_s": "", "duplicates_seen": 0,
}  # fmt: skip


class SyncPanel(QObject):
    changed = Signal()
    _status_from_worker = Signal(object)

    def __init__(
        self,
        *,
        sync_now: Callable[[], None],
        enroll: Callable[[str, str, bool], EnrollOutcome],
        audit: Callable[[str, str], object],
        worker: BackgroundWorker,
    ) -> None:
        super().__init__()
        self._worker = worker
        self._status: dict[str, Any] = dict(_NOT_STARTED)
        self._sync_now = sync_now
        self._enroll = enroll
        self._audit = audit
        self._enrolling = False
        self._message = ""
        self._message_is_error = False
        # The worker reports from its own thread; the queued signal brings it to the GUI thread.
        self._status_from_worker.connect(self._apply)

    def report(self, status: Any) -> None:
        """Thread-safe: called by the sync worker whenever its status changes."""
        self._status_from_worker.emit(status)

    def _apply(self, status: Any) -> None:
        data = asdict(status) if is_dataclass(status) and not isinstance(status, type) else dict(status)
        self._status = {key: ("" if value is None else value) for key, value in data.items()}
        self.changed.emit()

    @Slot()
    def syncNow(self) -> None:
        self._audit("sync_now", "")
        self._sync_now()

    @Slot(str, str, bool)
    def enroll(self, server_url: str, code: str, force: bool) -> None:
        if self._enrolling:
            return
        self._enrolling = True
        self._message = ""
        self.changed.emit()
        BackgroundOp(lambda: self._enroll(server_url, code, force)).success(self._enrolled).failure(
            self._failed
        ).run(self._worker)

    def _enrolled(self, outcome: EnrollOutcome) -> None:
        self._audit("enroll", f"{outcome.device_id} @ {outcome.server_url}")
        self._enrolling = False
        self._message = f"注册成功：设备 {outcome.device_id} (enrolled)"
        self._message_is_error = False
        self._sync_now()
        self.changed.emit()

    def _failed(self, exc: Exception) -> None:
        self._enrolling = False
        from kiosk.sync.enroll_kiosk import EnrollFailed

        self._message = str(exc) if isinstance(exc, EnrollFailed) else f"注册失败：{type(exc).__name__}"
        self._message_is_error = True
        self._audit("enroll_failed", "")
        self.changed.emit()

    status = Property(dict, lambda self: dict(self._status), notify=changed)
    enrolling = Property(bool, lambda self: self._enrolling, notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    messageIsError = Property(bool, lambda self: self._message_is_error, notify=changed)
