"""视频咨询 on the kiosk: topic, consent, the queue, the call, and the call-back request.

Stages (the `stage` property the screen shows): topics → consent → waiting → in_call → ended;
or topics → booking (我有预约: the slip's code, ui/viewmodels/video_checkin.py) → consent → …;
or → unavailable (no lawyer on duty, no network, nobody answered in time) → callback →
callback_confirm → callback_done. The camera is opened only by the call window, after consent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.sync.enrollment import load_enrollment
from kiosk.video.callback import CallbackError, request_callback, spoken_groups, valid_phone
from kiosk.video.client import TOPICS, AboutPage, CallStatus, VideoClient
from ui.background import BackgroundOp, BackgroundWorker
from ui.viewmodels.video_call_runner import CallRunner

log = logging.getLogger(__name__)

# While a call runs the visitor may not touch the screen for many minutes: the idle wipe must not
# end the call, so the session is kept awake this often.
_KEEP_AWAKE_MS = 1000


class VideoConsult(QObject):
    changed = Signal()

    def __init__(
        self,
        *,
        db: Any,
        client_factory: Callable[[], VideoClient | None],
        runner: CallRunner,
        worker: BackgroundWorker,
        language: Callable[[], str],
        keep_awake: Callable[[], None],
        stop_speech: Callable[[], None],
        on_visitor_input: Callable[[], None],
        control: BackgroundWorker,
        answer_timeout_s: float,
        long_poll_s: float,
        duty_hours: str,
        clock: Callable[[], float] = time.monotonic,
        after_call: Callable[[VideoClient, int], None] = lambda _client, _call_id: None,
    ) -> None:
        super().__init__()
        self._after_call = after_call
        self._db = db
        self._client_factory = client_factory
        self._runner = runner
        self._worker = worker
        self._language = language
        self._on_visitor_input = on_visitor_input
        self._stop_speech = stop_speech
        self._answer_timeout_s = answer_timeout_s
        self._duty_hours = duty_hours
        self._client: VideoClient | None = None
        self._control = control
        self._clock = clock
        self._long_poll_s = long_poll_s
        self._wait_started = 0.0
        self._generation = 0  # answers from a visit that has been reset are dropped
        self._awake = QTimer(self)
        self._awake.setInterval(_KEEP_AWAKE_MS)
        self._awake.timeout.connect(keep_awake)
        runner.report.connect(self._call_report)
        runner.ended.connect(self._call_ended)
        self._clear()

    def _clear(self) -> None:
        self._stage = "topics"
        self._topic = ""
        self._lawyers: int = -1  # unknown until the server answers
        self._ahead = 0
        self._estimate = 0
        self._call_id = 0
        self._reason = ""
        self._phone = ""
        self._error_key = ""
        self._call_state = ""
        self._busy = False
        self._offline = False
        # The page the visitor came from through 问律师 (a guide, a form, an answer), if any.
        self._about: AboutPage | None = None
        # A booked visitor who checked in with the slip's code: they go before walk-ins (预约).
        self._booking_code = ""

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, "_" + name, value)
        self.changed.emit()

    # --- topic and availability -------------------------------------------------------------

    @Slot()
    def open(self) -> None:
        """The screen was opened: start from the topics and ask whether a lawyer is on duty."""
        if self._stage in ("waiting", "in_call"):
            return
        self._clear()
        self.changed.emit()
        self._client = self._client_factory()
        if self._client is None:
            self._set(lawyers=0)
            return
        client, generation = self._client, self._generation
        BackgroundOp(client.availability).success(
            lambda a: self._if_current(
                generation, lambda: self._set(lawyers=a.lawyers_on_duty, ahead=a.waiting)
            )
        ).failure(
            lambda _exc: self._if_current(generation, lambda: self._set(lawyers=0, offline=True))
        ).run(self._worker)

    @Slot(str, str, str)
    def openAbout(self, kind: str, page_id: str, title: str) -> None:
        """问律师 from a guide, a form or an answer: as open(), and the lawyer will see this page's
        title (the content pack's, never anything the visitor typed)."""
        if self._stage in ("waiting", "in_call"):
            return
        self.open()
        if kind in ("guide", "form", "answer") and page_id and title:
            self._set(about=AboutPage(kind=kind, id=page_id, title=title))

    def _if_current(self, generation: int, action: Callable[[], None]) -> None:
        if generation == self._generation:
            action()

    @Slot(str)
    def chooseTopic(self, topic: str) -> None:
        if topic not in TOPICS:
            return
        self._on_visitor_input()
        if self._client is None or self._offline:
            self._set(topic=topic, stage="unavailable", reason="no_network")
            return
        if self._lawyers == 0:
            self._set(topic=topic, stage="unavailable", reason="no_lawyer")
            return
        self._set(topic=topic, stage="consent")

    @Slot()
    def haveBooking(self) -> None:
        """我有预约: the code entry (VideoCheckIn) instead of the topics."""
        if self._stage == "topics":
            self._set(stage="booking")

    @Slot()
    def backToTopics(self) -> None:
        if self._stage == "booking":
            self._set(stage="topics", booking_code="")

    @Slot(str, str)
    def startBooked(self, code: str, topic: str) -> None:
        """The slip's booking is open now: its topic, then the same notice before the camera."""
        if self._stage != "booking" or topic not in TOPICS or self._client is None:
            return
        self._set(topic=topic, booking_code=code, stage="consent")

    @Slot()
    def consent(self) -> None:
        """The visitor agreed to what the notice says; only now is the queue joined."""
        client = self._client
        if self._stage != "consent" or client is None:
            return
        self._set(busy=True)
        topic, about, generation, code = self._topic, self._about, self._generation, self._booking_code
        BackgroundOp(lambda: client.join(topic, about, booking_code=code)).success(
            lambda status: self._if_current(generation, lambda: self._joined(status))
        ).failure(lambda _exc: self._if_current(generation, lambda: self._unavailable("no_network"))).run(
            self._worker
        )

    def _joined(self, status: CallStatus) -> None:
        self._wait_started = self._clock()
        # Warm the call window while the visitor waits (hidden, camera closed): the picture then
        # appears within a second of the lawyer's answer instead of after Chromium's start.
        self._runner.prepare(language=self._language())
        self._set(stage="waiting", busy=False, call_id=status.call_id)
        self._queue_status(status)
        if self._stage == "waiting":
            self._poll()

    def _unavailable(self, reason: str) -> None:
        if self._stage == "waiting":
            self._runner.hangup()  # the warm window is not needed
        self._set(stage="unavailable", reason=reason, busy=False)

    # --- waiting ------------------------------------------------------------------------------

    def _poll(self) -> None:
        """One long poll at a time: the server answers at once when a lawyer picks this visitor."""
        client = self._client
        if client is None or self._stage != "waiting":
            return
        remaining = self._answer_timeout_s - (self._clock() - self._wait_started)
        if remaining <= 0:
            self._leave_quietly()
            self._unavailable("no_answer")
            return
        call_id, generation, wait_s = self._call_id, self._generation, min(self._long_poll_s, remaining)

        def answered(status: CallStatus) -> None:
            self._queue_status(status)
            if self._stage == "waiting":
                QTimer.singleShot(0, self._poll)

        BackgroundOp(lambda: client.poll(call_id, wait_s=wait_s)).success(
            lambda status: self._if_current(generation, lambda: answered(status))
        ).failure(lambda _exc: self._if_current(generation, lambda: self._unavailable("no_network"))).run(
            self._worker
        )

    def _queue_status(self, status: CallStatus) -> None:
        if self._stage != "waiting":
            return
        if status.state == "answered" and status.ticket and self._client is not None:
            self._stop_speech()  # 朗读 is off while two people talk
            self._runner.start(self._client.call_page(status), language=self._language())
            self._awake.start()
            self._set(stage="in_call", call_state="connecting")
        elif status.state == "ended":
            self._unavailable("no_answer")
        else:
            self._set(ahead=status.ahead, lawyers=status.lawyers_on_duty, estimate=status.estimate_minutes)

    @Slot()
    def leave(self) -> None:
        """离开排队: the visitor stops waiting; the queue forgets them."""
        self._leave_quietly()
        self._runner.hangup()
        self._clear()
        self._generation += 1
        self.changed.emit()

    def _leave_quietly(self) -> None:
        client, call_id = self._client, self._call_id
        if client is not None and call_id and self._stage == "waiting":
            # Its own lane: the long poll may hold the other one for several seconds.
            BackgroundOp(lambda: client.leave(call_id)).run(self._control)

    # --- in the call --------------------------------------------------------------------------

    def _call_report(self, report: dict[str, Any]) -> None:
        state = str(report.get("state", ""))
        if state and state != self._call_state:
            self._set(call_state=state)

    def _call_ended(self, reason: str) -> None:
        self._awake.stop()
        if self._stage == "in_call":
            # The idle countdown starts afresh from the end of the call.
            self._set(stage="ended", reason=reason, call_state="ended")
            if self._client is not None and self._call_id:
                self._after_call(self._client, self._call_id)  # the lawyer's notes, to print

    @Slot()
    def hangup(self) -> None:
        self._runner.hangup()

    # --- call-back ----------------------------------------------------------------------------

    @Slot()
    def askCallback(self) -> None:
        self._set(stage="callback", phone="", error_key="")

    @Slot(str)
    def setPhone(self, digits: str) -> None:
        digits = "".join(ch for ch in digits if ch.isdigit())[:12]
        if digits != self._phone:
            if digits:
                self._on_visitor_input()
            self._set(phone=digits, error_key="")

    @Slot()
    def checkPhone(self) -> None:
        if not valid_phone(self._phone):
            self._set(error_key="video.phone_invalid")
            return
        self._set(stage="callback_confirm", error_key="")

    @Slot()
    def editPhone(self) -> None:
        self._set(stage="callback", error_key="")

    @Slot()
    def confirmCallback(self) -> None:
        try:
            request_callback(
                self._db, phone=self._phone, topic=self._topic or "other", reason=self._reason,
                language=self._language(),
            )  # fmt: skip
        except (CallbackError, Exception) as exc:  # a sentence for the visitor, the kind for the log
            log.error("call-back request not saved: %s", type(exc).__name__)
            self._set(error_key="video.callback_failed")
            return
        self._set(stage="callback_done", phone="", error_key="")

    # --- the visitor's session ends -------------------------------------------------------------

    def reset(self) -> None:
        if self._stage in ("waiting", "in_call"):
            self._runner.hangup()
        self._leave_quietly()
        self._awake.stop()
        self._generation += 1
        self._clear()
        self.changed.emit()

    def close(self) -> None:
        """The kiosk is closing: leave the queue now, which also ends a long poll in progress."""
        self._generation += 1
        client, call_id = self._client, self._call_id
        if client is not None and call_id and self._stage == "waiting":
            try:
                client.leave(call_id)
            except Exception as exc:  # the server forgets a silent kiosk by itself
                log.info("leaving the queue at close failed: %s", type(exc).__name__)
        self._stage = "topics"

    @Slot("QVariantMap")
    def preview(self, values: dict[str, Any]) -> None:
        """Show one stage with sample figures (screenshots and the screen audit only)."""
        self._clear()
        for name in ("stage", "topic", "lawyers", "ahead", "estimate", "reason", "phone", "call_state"):
            if name in values:
                setattr(self, "_" + name, values[name])
        if values.get("about_title"):
            self._about = AboutPage(kind=str(values.get("about_kind", "guide")), id="sample",
                                    title=str(values["about_title"]))  # fmt: skip
        self.changed.emit()

    def _canCallback(self) -> bool:
        return self._client_factory is not None and load_enrollment(self._db) is not None

    stage = Property(str, lambda self: self._stage, notify=changed)
    topic = Property(str, lambda self: self._topic, notify=changed)
    lawyersOnDuty = Property(int, lambda self: self._lawyers, notify=changed)
    ahead = Property(int, lambda self: self._ahead, notify=changed)
    estimateMinutes = Property(int, lambda self: self._estimate, notify=changed)
    reason = Property(str, lambda self: self._reason, notify=changed)
    phone = Property(str, lambda self: self._phone, notify=changed)
    phoneGrouped = Property(
        str, lambda self: spoken_groups(self._phone) if self._phone else "", notify=changed
    )
    errorKey = Property(str, lambda self: self._error_key, notify=changed)
    callState = Property(str, lambda self: self._call_state, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    dutyHours = Property(str, lambda self: self._duty_hours, notify=changed)
    canCallback = Property(bool, _canCallback, notify=changed)
    topics = Property(list, lambda self: list(TOPICS), constant=True)
    booked = Property(bool, lambda self: bool(self._booking_code), notify=changed)
    aboutKind = Property(str, lambda self: self._about.kind if self._about else "", notify=changed)
    aboutTitle = Property(str, lambda self: self._about.title if self._about else "", notify=changed)
