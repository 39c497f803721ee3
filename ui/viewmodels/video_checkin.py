"""我有预约: the visitor types the booking slip's 4-digit code to check in at the booked time, or to
cancel the booking (the slot is then free for someone else).

The code is all the kiosk asks for (the booking holds no name or number). Check-in opens 10
minutes before the slot and closes at its end (the server decides: `window`); a booked visitor
who checks in goes before walk-ins in the lawyers' waiting list from the slot's start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.video.booking import day_and_time
from kiosk.video.client import Booking, NoSuchBooking, VideoClient
from ui.background import BackgroundOp, BackgroundWorker

if TYPE_CHECKING:  # ui.features lists this module's wiring, so import it only for the type
    from ui.features import FeatureContext

log = logging.getLogger(__name__)
CODE_LENGTH = 4


class VideoCheckIn(QObject):
    changed = Signal()

    def __init__(
        self,
        *,
        client_factory: Callable[[], VideoClient | None],
        network: BackgroundWorker,
        start_booked: Callable[[str, str], None],
        language: Callable[[], str],
        zone: ZoneInfo,
    ) -> None:
        super().__init__()
        self._client_factory = client_factory
        self._network = network
        self._start_booked = start_booked
        self._language = language
        self._zone = zone
        self._generation = 0
        self._clear()

    def _clear(self) -> None:
        self._code = ""
        self._booking: Booking | None = None
        self._cancelled = False
        self._busy = False
        self._error_key = ""

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            setattr(self, "_" + name, value)
        self.changed.emit()

    @Slot(str)
    def setCode(self, digits: str) -> None:
        digits = "".join(ch for ch in digits if ch.isdigit())[:CODE_LENGTH]
        if digits != self._code:
            self._set(code=digits, error_key="", booking=None, cancelled=False)

    @Slot()
    def find(self) -> None:
        """查找: the booking of the code typed (from any kiosk of the deployment)."""
        client = self._client_factory()
        if len(self._code) != CODE_LENGTH:
            self._set(error_key="video.checkin_code_short")
            return
        if client is None or self._busy:
            return
        code, generation = self._code, self._generation
        self._set(busy=True, error_key="")

        def found(booking: Booking) -> None:
            if generation == self._generation:
                self._set(busy=False, booking=booking, error_key=_problem(booking))

        def failed(exc: Exception) -> None:
            if generation == self._generation:
                log.info("booking not found: %s", type(exc).__name__)
                key = "video.checkin_unknown" if isinstance(exc, NoSuchBooking) else "video.checkin_offline"
                self._set(busy=False, error_key=key)

        BackgroundOp(lambda: client.find_booking(code)).success(found).failure(failed).run(self._network)

    @Slot()
    def join(self) -> None:
        """现在开始咨询: the booked topic, then the notice before the camera (Video.startBooked)."""
        booking = self._booking
        if booking is not None and booking.state == "booked" and booking.window == "now":
            self._start_booked(booking.code, booking.topic)
            self.reset()

    @Slot()
    def cancel(self) -> None:
        """取消这个预约: the slot is free again; the hall will not call this code."""
        client, booking = self._client_factory(), self._booking
        if client is None or booking is None or booking.state != "booked" or self._busy:
            return
        generation = self._generation
        self._set(busy=True, error_key="")

        def done(_none: object) -> None:
            if generation == self._generation:
                self._set(busy=False, cancelled=True, booking=None)

        def failed(exc: Exception) -> None:
            if generation == self._generation:
                log.info("booking not cancelled: %s", type(exc).__name__)
                self._set(busy=False, error_key="video.checkin_offline")

        BackgroundOp(lambda: client.cancel_booking(booking.code)).success(done).failure(failed).run(
            self._network
        )

    @Slot("QVariantMap")
    def preview(self, values: dict[str, object]) -> None:
        """A sample found booking (screenshots and the screen audit only)."""
        self._clear()
        if values.get("checkin_at"):
            from datetime import datetime

            slot = datetime.fromisoformat(str(values["checkin_at"]))
            self._code = "5823"
            self._booking = Booking(booking_id=7, slot_at=slot, code="5823", topic="labour",
                                    window=str(values.get("window", "now")))  # fmt: skip
        self.changed.emit()

    def reset(self) -> None:
        self._generation += 1
        self._clear()
        self.changed.emit()

    def _when(self) -> str:
        booking = self._booking
        return day_and_time(booking.slot_at, zone=self._zone, language=self._language()) if booking else ""

    def _open(self) -> bool:
        return self._booking is not None and self._booking.state == "booked"

    code = Property(str, lambda self: self._code, notify=changed)
    found = Property(bool, lambda self: self._booking is not None, notify=changed)
    when = Property(str, _when, notify=changed)
    topic = Property(str, lambda self: self._booking.topic if self._booking else "", notify=changed)
    canJoin = Property(bool, lambda self: self._open() and self._booking.window == "now", notify=changed)
    canCancel = Property(bool, lambda self: self._open(), notify=changed)
    cancelled = Property(bool, lambda self: self._cancelled, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    errorKey = Property(str, lambda self: self._error_key, notify=changed)


def _problem(booking: Booking) -> str:
    """Why this booking cannot be used now (empty when it can)."""
    if booking.state == "cancelled":
        return "video.checkin_cancelled"
    if booking.state != "booked":
        return "video.checkin_used"
    return {"early": "video.checkin_early", "late": "video.checkin_late"}.get(booking.window, "")


def wire_video_checkin(context: FeatureContext) -> dict[str, QObject]:
    """After 视频咨询: the slip's code at the kiosk (check in at the booked time, or cancel)."""
    from kiosk.sync.enrollment import load_enrollment

    settings = context.settings
    worker = BackgroundWorker("lawpost-video-checkin")
    video = context.shared["video"]

    def client_factory() -> VideoClient | None:
        enrollment = load_enrollment(context.db)
        return VideoClient(enrollment, ca_bundle=settings.sync.ca_bundle) if enrollment is not None else None

    model = VideoCheckIn(
        client_factory=client_factory,
        network=worker,
        start_booked=video.startBooked,
        language=context.i18n.get_language,
        zone=ZoneInfo(settings.queue.time_zone),
    )
    context.closers.append(worker.close)
    return {"VideoCheckIn": model}
