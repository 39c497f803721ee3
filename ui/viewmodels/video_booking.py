"""预约视频: outside the lawyers' shifts, the next shift and its free slots; book one, print the slip.

Shown on the 视频咨询 screen when no lawyer can answer now. The booking holds no personal data
(the server records the kiosk, the topic and the time); the visitor takes the printed slip with
the booking number. Cleared with the visitor's session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.content.take_home import Section
from kiosk.devices.a4_printer import A4Printer
from kiosk.video.booking import booking_slip, clock_time, day_and_time
from kiosk.video.client import Availability, Booking, VideoClient
from ui.background import BackgroundOp, BackgroundWorker
from ui.viewmodels.sheet_printing import SheetPrinting

if TYPE_CHECKING:  # ui.features lists this module's wiring, so import it only for the type
    from ui.features import FeatureContext

log = logging.getLogger(__name__)


class VideoBookingModel(QObject):
    changed = Signal()

    def __init__(
        self,
        *,
        client_factory: Callable[[], VideoClient | None],
        network: BackgroundWorker,
        printing: BackgroundWorker,
        printer: A4Printer,
        text: Callable[[str], str],
        language: Callable[[], str],
        zone: ZoneInfo,
        speak: Callable[[str], None],
    ) -> None:
        super().__init__()
        self._client_factory = client_factory
        self._network = network
        self._sheets = SheetPrinting(
            printer=printer, worker=printing, speak=speak, text=text, language=language,
            changed=self.changed.emit, what="booking slip", failed_key="video.booking_print_failed",
        )  # fmt: skip
        self._text = text
        self._language = language
        self._zone = zone
        self._generation = 0
        self._clear()

    def _clear(self) -> None:
        self._shift: tuple[datetime, datetime] | None = None
        self._slots: tuple[datetime, ...] = ()
        self._booking: Booking | None = None
        self._topic = ""
        self._busy = False
        self._error_key = ""

    @Slot()
    def load(self) -> None:
        """Ask the server for the next shift and its free slots (the screen shows them)."""
        client = self._client_factory()
        if client is None or self._booking is not None:
            return
        generation = self._generation

        def loaded(availability: Availability) -> None:
            if generation == self._generation:
                self._shift, self._slots = availability.next_shift, availability.slots
                self.changed.emit()

        BackgroundOp(client.availability).success(loaded).failure(
            lambda exc: log.info("rota not loaded: %s", type(exc).__name__)
        ).run(self._network)

    @Slot(int, str)
    def book(self, index: int, topic: str) -> None:
        client = self._client_factory()
        if client is None or self._busy or not 0 <= index < len(self._slots):
            return
        slot, generation = self._slots[index], self._generation
        self._busy, self._error_key, self._topic = True, "", topic or "other"
        self.changed.emit()

        def booked(booking: Booking) -> None:
            if generation == self._generation:
                self._busy, self._booking = False, booking
                self.changed.emit()

        def refused(exc: Exception) -> None:  # taken meanwhile, or the network: show the others
            if generation == self._generation:
                log.info("booking refused: %s", type(exc).__name__)
                self._busy, self._error_key = False, "video.booking_failed"
                self.changed.emit()
                self.load()

        topic = self._topic
        BackgroundOp(lambda: client.book(topic, slot)).success(booked).failure(refused).run(self._network)

    @Slot()
    def printSlip(self) -> None:
        booking = self._booking
        if booking is None or self._busy:
            return
        t = self._text
        facts = Section(t("video.booking_facts"), (
            t("video.booking_number").replace("{n}", booking.code or str(booking.booking_id)),
            t("video.booking_time").replace("{when}", self._when(booking.slot_at)),
            t("video.booking_topic").replace("{topic}", t(f"video.topic.{self._topic}")),
        ))  # fmt: skip
        then = ("video.booking_come_back", "video.booking_cannot")
        code = booking.code
        advice = Section(t("video.booking_then"), tuple(t(key).replace("{code}", code) for key in then))
        sheet = booking_slip(title=t("video.booking_slip_title"), facts=facts, advice=advice,
                             footer=(t("video.notes_hotline"),))  # fmt: skip
        self._sheets.print(sheet, title="lawpost-video-booking")

    @property
    def printer(self) -> A4Printer:
        return self._sheets.printer

    @printer.setter
    def printer(self, printer: A4Printer) -> None:
        self._sheets.printer = printer

    @Slot("QVariantMap")
    def preview(self, values: dict[str, object]) -> None:
        """Sample rota and booking (screenshots and the screen audit only): ISO times in values."""
        self._clear()
        shift = values.get("shift")
        if isinstance(shift, list) and len(shift) == 2:
            self._shift = (datetime.fromisoformat(str(shift[0])), datetime.fromisoformat(str(shift[1])))
        slots = values.get("slots")
        self._slots = tuple(datetime.fromisoformat(str(s)) for s in slots) if isinstance(slots, list) else ()
        if values.get("booked_at"):
            self._booking = Booking(booking_id=7, slot_at=datetime.fromisoformat(str(values["booked_at"])),
                                    code="5823")  # fmt: skip
            self._topic = "labour"
        self.changed.emit()

    def _when(self, moment: datetime) -> str:
        return day_and_time(moment, zone=self._zone, language=self._language())

    def reset(self) -> None:
        self._generation += 1
        self._sheets.reset()
        self._clear()
        self.changed.emit()

    def _shift_text(self) -> str:
        if self._shift is None:
            return ""
        start, end = self._shift
        return f"{self._when(start)}–{clock_time(end, zone=self._zone)}"

    shiftText = Property(str, _shift_text, notify=changed)
    slots = Property(list, lambda self: [self._when(s) for s in self._slots], notify=changed)
    booked = Property(bool, lambda self: self._booking is not None, notify=changed)
    # The slip's code (what the visitor types at check-in and the hall display calls as V<code>).
    bookingNumber = Property(
        str, lambda self: (self._booking.code or str(self._booking.booking_id)) if self._booking else "",
        notify=changed,
    )
    bookingTime = Property(str, lambda self: self._when(self._booking.slot_at) if self._booking else "",
                           notify=changed)  # fmt: skip
    busy = Property(bool, lambda self: self._busy or self._sheets.busy, notify=changed)
    errorKey = Property(str, lambda self: self._error_key, notify=changed)
    statusKey = Property(str, lambda self: self._sheets.status_key, notify=changed)
    problem = Property(str, lambda self: self._sheets.problem, notify=changed)


def wire_video_booking(context: FeatureContext) -> dict[str, QObject]:
    """预约视频 beside 视频咨询: its own network lane, the hall's A4 printer, the queue's time zone."""
    from kiosk.devices.a4_printer import CupsPrinter
    from kiosk.sync.enrollment import load_enrollment

    settings = context.settings
    worker = BackgroundWorker("lawpost-video-booking")

    def client_factory() -> VideoClient | None:
        enrollment = load_enrollment(context.db)
        return VideoClient(enrollment, ca_bundle=settings.sync.ca_bundle) if enrollment is not None else None

    take_home = context.shared.get("take_home")
    printer = context.shared.get("a4_printer") or (
        take_home.printer if take_home is not None else CupsPrinter(settings.forms.a4_queue)
    )
    model = VideoBookingModel(
        client_factory=client_factory,
        network=worker,
        printing=context.worker,
        printer=printer,
        text=context.i18n.text,
        language=context.i18n.get_language,
        zone=ZoneInfo(settings.queue.time_zone),
        speak=context.speech.speak,
    )
    context.closers.append(worker.close)
    return {"VideoBooking": model}
