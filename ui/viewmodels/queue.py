"""取号: the visitor chooses a service and gets a number; the ticket is printed, or shown on
screen with its QR code when the paper or the printer fails. Work runs on the queue's own lane."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.queue.announce import spoken_number
from kiosk.queue.desk import TakenTicket, TicketDesk
from kiosk.queue.tickets import QueueClosedError
from ui.background import BackgroundOp, BackgroundWorker

if TYPE_CHECKING:  # ui.features lists wire_queue, so it is imported for the type only
    from ui.features import FeatureContext

log = logging.getLogger(__name__)

_WEEKDAYS = {"zh_CN": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def reopen_text(reopens: datetime | None, *, now: datetime, language: str) -> str:
    """"今天 14:00", "明天 08:30", "周一 08:30" (or the English forms)."""
    if reopens is None:
        return ""
    days = (reopens.date() - now.date()).days
    clock = reopens.strftime("%H:%M")
    if language == "en":
        day = "today" if days == 0 else "tomorrow" if days == 1 else _WEEKDAYS["en"][reopens.weekday()]
        return f"{day} {clock}"
    day = "今天" if days == 0 else "明天" if days == 1 else "周" + _WEEKDAYS["zh_CN"][reopens.weekday()]
    return f"{day} {clock}"


class QueueTicketForm(QObject):
    changed = Signal()
    ticket_taken = Signal(str)  # the number

    def __init__(
        self,
        desk: TicketDesk,
        *,
        worker: BackgroundWorker,
        language: Callable[[], str],
        on_visitor_input: Callable[[], None],
        speak: Callable[[str], None],
        text: Callable[..., str],
    ) -> None:
        super().__init__()
        self._desk = desk
        self._worker = worker
        self._language = language
        self._on_visitor_input = on_visitor_input
        self._speak = speak
        self._text = text
        self._busy = False
        self._ticket: TakenTicket | None = None
        self._message_key = ""
        self._closed_until = ""
        self._called_counter = ""
        self._notify_here = False
        self._notify_here = False

    def _services(self) -> list[dict[str, Any]]:
        """Each service now: open, or when it opens again (decided from the clock, no database)."""
        now = self._desk.rules.local(self._desk.clock())
        english = self._language() == "en"
        rows = []
        for service in self._desk.rules.services:
            is_open = service.is_open(now)
            reopens = None if is_open else service.next_opening(now)
            rows.append({
                "letter": service.letter,
                "name": service.name_en if english else service.name,
                "open": is_open,
                "reopens": reopen_text(reopens, now=now, language=self._language()),
            })
        return rows

    @Slot(str)
    def take(self, letter: str) -> None:
        if self._busy:  # a second tap while the first is being served is the same request
            return
        self._busy = True
        self._message_key = ""
        self._on_visitor_input()
        self.changed.emit()
        key = str(uuid.uuid4())
        BackgroundOp(lambda: self._desk.take(letter, request_key=key)).success(
            self._on_taken
        ).failure(self._on_failed).run(self._worker)

    def _on_taken(self, taken: TakenTicket) -> None:
        self._busy = False
        self._ticket = taken
        self.changed.emit()
        self.ticket_taken.emit(taken.number)
        key = "queue.spoken_printed" if taken.printed else "queue.spoken_not_printed"
        # Said digit by digit ("A零一二号"), never as a quantity, whatever voice speaks it.
        number = " ".join(taken.number) if self._language() == "en" else spoken_number(taken.number)
        self._speak(self._text(key, number=number, ahead=taken.ahead))

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        if isinstance(exc, QueueClosedError):
            now = self._desk.rules.local(datetime.now(UTC))
            self._closed_until = reopen_text(exc.reopens, now=now, language=self._language())
            self._message_key = "queue.closed"
        else:
            log.error("ticket not issued: %s", type(exc).__name__)
            self._message_key = "queue.failed"
        self.changed.emit()

    def on_number_called(self, number: str, counter: str) -> None:
        """The visitor's own number was called while they are still at the kiosk: tell them."""
        if self._notify_here and self._ticket is not None and number == self._ticket.number:
            self._called_counter = counter
            self.changed.emit()

    @Slot(bool)
    def setNotifyHere(self, wanted: bool) -> None:
        """The visitor asks to be told on this kiosk when their number is called."""
        self._notify_here = wanted
        self.changed.emit()

    @Slot()
    def dismissCall(self) -> None:
        self._called_counter = ""
        self.changed.emit()

    def pin_clock(self, moment: datetime) -> None:
        """Fix the desk's clock (screenshots): opening hours are judged at `moment`."""
        self._desk.clock = lambda: moment
        self.changed.emit()

    def show_sample(self, ticket: TakenTicket) -> None:
        """Show a ticket without issuing one (screenshots, audit)."""
        self._ticket = ticket
        self.changed.emit()

    @Slot()
    def again(self) -> None:
        """Back to the choice of service (for another visitor's number, or a wrong choice)."""
        self._ticket = None
        self._notify_here = False
        self._message_key = ""
        self.changed.emit()

    def reset(self) -> None:
        self._ticket = None
        self._message_key = ""
        self._closed_until = ""
        self._called_counter = ""
        self._notify_here = False
        self.changed.emit()

    def _field(self, name: str) -> Any:
        return getattr(self._ticket, name) if self._ticket is not None else None

    def _service_name(self) -> str:
        if self._ticket is None:
            return ""
        return self._ticket.service_name_en if self._language() == "en" else self._ticket.service_name

    services = Property(list, _services, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    hasTicket = Property(bool, lambda self: self._ticket is not None, notify=changed)
    number = Property(str, lambda self: self._field("number") or "", notify=changed)
    serviceName = Property(str, _service_name, notify=changed)
    ahead = Property(int, lambda self: self._field("ahead") or 0, notify=changed)
    # "10–20" minutes, or "" while no estimate can be made.
    waitText = Property(str, lambda self: "–".join(map(str, self._field("wait_min") or ())), notify=changed)
    printed = Property(bool, lambda self: bool(self._field("printed")), notify=changed)
    printProblem = Property(str, lambda self: self._field("print_problem") or "", notify=changed)
    url = Property(str, lambda self: self._field("url") or "", notify=changed)
    issuedAt = Property(str, lambda self: self._field("issued_local") or "", notify=changed)
    messageKey = Property(str, lambda self: self._message_key, notify=changed)
    closedUntil = Property(str, lambda self: self._closed_until, notify=changed)
    calledCounter = Property(str, lambda self: self._called_counter, notify=changed)
    notifyHere = Property(bool, lambda self: self._notify_here, notify=changed)


def wire_queue(context: FeatureContext) -> dict[str, QObject]:
    """取号 and the hall display, with their own database connection and background lane: a
    ticket must not wait behind a search, and printing can take seconds."""
    from kiosk.queue.announce import EspeakVoice
    from kiosk.queue.desk import desk_from_settings
    from kiosk.queue.hall import HallAnnouncer
    from kiosk.queue.status import queue_status
    from kiosk.storage.database import DATABASE_FILE, connect
    from ui.viewmodels.hall_display import HallDisplay

    settings = context.settings
    db = connect(settings.data_dir / DATABASE_FILE)  # used only on the queue's worker thread
    desk = desk_from_settings(settings, db)
    worker = BackgroundWorker("lawpost-queue")
    form = QueueTicketForm(
        desk, worker=worker, language=context.i18n.get_language,
        on_visitor_input=context.session.markVisitorData, speak=context.speech.speak,
        text=context.i18n.text,
    )
    announcer: HallAnnouncer | None = None
    if settings.queue.enabled and settings.queue.announce_calls and settings.speech.enabled:
        voice = EspeakVoice(rate_wpm=settings.speech.rate_wpm, cut=context.cut_words)
        announcer = HallAnnouncer(voice, player=settings.speech.player)
        # Stopping the reading when a call is queued is not enough: 朗读 tapped while the call
        # is rendered would start it again under the call. It waits until the hall is quiet.
        context.speech.hold_while(announcer.busy)

    def announce(number: str, counter: str) -> None:
        # The call goes out through the same loudspeaker: the visitor's read-aloud gives way.
        context.speech.stop()
        if announcer is not None:
            announcer.announce(number, counter)

    hall = HallDisplay(
        load_status=lambda: queue_status(db, desk.rules, now=desk.clock()), worker=worker,
        language=context.i18n.get_language, announce=None if announcer is None else announce,
    )
    hall.number_called.connect(form.on_number_called)
    # Ticket events leave at once when online (the phone page and statistics follow the hall).
    form.ticket_taken.connect(lambda _number: context.notify_sync())
    hall.number_called.connect(lambda _number, _counter: context.notify_sync())
    context.i18n.changed.connect(form.changed)
    context.i18n.changed.connect(hall.changed)
    context.shared["ticket_printer"] = desk.printer
    # 视频咨询 hands a V ticket to a waiting visitor and calls it when a lawyer answers.
    context.shared["queue"] = (form, desk, worker)
    context.shared["hall_announcer"] = announcer
    web = None
    screen = None
    if settings.queue.enabled:
        hall.start()
        if settings.queue.hall_display_screen >= 0:
            from ui.hall_window import open_hall_screen

            screen = open_hall_screen(settings, hall, context.i18n)
            context.shared["hall_screen"] = screen
        if settings.queue.counter_web_host:
            from kiosk.queue.counter_web import CounterWeb

            try:
                web = CounterWeb(settings.data_dir / DATABASE_FILE, desk.rules,
                                 host=settings.queue.counter_web_host,
                                 port=settings.queue.counter_web_port)
                web.start()
            except OSError as exc:  # the kiosk still issues tickets; counters use the CLI
                log.error("counter page not served: %s", exc)

    def close() -> None:
        if screen is not None:
            screen.close()
        hall.stop()
        worker.close()
        if announcer is not None:
            announcer.close()
        if web is not None:
            web.close()
        db.conn.close()

    context.closers.append(close)
    return {"Queue": form, "Hall": hall}


def show_queue_sample(view_models: dict[str, QObject], which: str) -> str:
    """Put the queue's view-models in a sample state for a screenshot; returns the screen to show.

    "queue-ticket": a printed ticket; "queue-no-paper": the ticket on screen with its QR code;
    "queue-called": the visitor's number called while at the kiosk; "hall-display": two calls in
    progress and two before them.
    """
    from kiosk.queue.status import Call, QueueStatus, ServiceStatus
    from ui.viewmodels.hall_display import HallDisplay

    form, hall = view_models["Queue"], view_models["Hall"]
    assert isinstance(form, QueueTicketForm) and isinstance(hall, HallDisplay)
    # A weekday morning, so the picture shows the services open whatever the hour of rendering.
    form.pin_clock(datetime(2026, 11, 30, 2, 5, tzinfo=UTC))
    if which == "queue":
        return "queue"
    if which in ("queue-ticket", "queue-no-paper", "queue-called"):
        printed = which != "queue-no-paper"
        form.show_sample(TakenTicket(
            number="A012", service="A", service_name="法律援助", service_name_en="Legal aid", ahead=3,
            wait_min=(18, 34),
            printed=printed, print_problem="" if printed else "no_paper", paper_near_end=False,
            url="https://legal.example.gov.cn/lawpost/q/sample-ticket-link", issued_local="10:05",
            day="2026-11-30", repeated=False,
        ))
        if which == "queue-called":
            form.setNotifyHere(True)
            form.on_number_called("A012", "2")
        return "queue"
    services = [ServiceStatus("A", "法律援助", "Legal aid", ["1"], True, None, 3, "A015", 540.0),
                ServiceStatus("B", "人民调解", "Mediation", ["2"], True, None, 1, "B004", None)]
    hall.show(QueueStatus(
        day="2026-11-30", services=services,
        current=[Call("A012", "A", "1", "2026-11-30T02:05:00+00:00", 1, "called"),
                 Call("B003", "B", "2", "2026-11-30T02:03:00+00:00", 1, "called")],
        recent=[Call("A011", "A", "1", "2026-11-30T01:58:00+00:00", 1, "served"),
                Call("B002", "B", "2", "2026-11-30T01:50:00+00:00", 2, "no_show")],
    ))
    return "hall-display"
