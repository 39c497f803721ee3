"""At a booked slot's start, the kiosk calls the booked visitor in the hall queue: V<slip code>.

The kiosk that made the booking asks the server every `interval_ms` (30 s) for its bookings whose
slot is running; each one not yet called is called once at the video line's first counter, so the
hall display shows "请V5823号到3号窗口" and the loudspeaker says it, like any V ticket. The visitor
then types the slip's code at the kiosk (我有预约) and goes before walk-ins. A cancelled booking is
not due, so it is never called. Not part of a visitor's session: it runs while the kiosk runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

from kiosk.queue import tickets
from kiosk.video.client import Booking, VideoClient
from ui.background import BackgroundOp, BackgroundWorker

if TYPE_CHECKING:
    from ui.features import FeatureContext

log = logging.getLogger(__name__)
LETTER = "V"


class BookingCaller(QObject):
    def __init__(
        self,
        *,
        client_factory: Callable[[], VideoClient | None],
        queue: tuple[Any, Any, Any],
        network: BackgroundWorker,
        interval_ms: int = 30_000,
    ) -> None:
        super().__init__()
        self._client_factory = client_factory
        self._desk, self._queue_worker = queue[1], queue[2]
        self._network = network
        self.called: list[str] = []  # the numbers called since the kiosk started (tests, log)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @Slot()
    def check(self) -> None:
        client = self._client_factory()
        if client is None:
            return
        BackgroundOp(client.due_bookings).success(self._due).failure(
            lambda exc: log.info("due bookings not fetched: %s", type(exc).__name__)
        ).run(self._network)

    def _due(self, bookings: list[Booking]) -> None:
        desk = self._desk
        service = next((s for s in desk.rules.services if s.letter == LETTER), None)
        if service is None:
            return  # no video line in this hall: the slip tells the visitor to come at the time
        counter = service.counters[0] if service.counters else LETTER
        for booking in bookings:
            number = f"{LETTER}{booking.code}"
            if not booking.code or number in self.called:
                continue
            self.called.append(number)
            self._call(number, counter, key=f"video-booking-{booking.booking_id}")

    def _call(self, number: str, counter: str, *, key: str) -> None:
        desk = self._desk

        def call() -> tickets.Ticket:
            return tickets.call_reserved(desk.db, desk.rules, number, counter, request_key=key)

        BackgroundOp(call).failure(lambda exc: log.info("booking not called: %s", type(exc).__name__)).run(
            self._queue_worker
        )

    def close(self) -> None:
        self._timer.stop()


def wire_video_booking_call(context: FeatureContext) -> dict[str, QObject]:
    """With the hall queue on: call the bookings of this kiosk at their slot."""
    from kiosk.sync.enrollment import load_enrollment

    queue = context.shared.get("queue") if context.settings.queue.enabled else None
    if queue is None:
        return {}
    settings = context.settings
    worker = BackgroundWorker("lawpost-video-booking-call")

    def client_factory() -> VideoClient | None:
        enrollment = load_enrollment(context.db)
        return VideoClient(enrollment, ca_bundle=settings.sync.ca_bundle) if enrollment is not None else None

    caller = BookingCaller(client_factory=client_factory, queue=queue, network=worker)
    context.closers.append(caller.close)
    context.closers.append(worker.close)
    return {"VideoBookingCall": caller}  # no QML uses it; listed for tests and the closers' order
