"""After a video call: the duty lawyer's notes for the visitor, shown and printed on A4.

The lawyer may still be writing when the call ends, so the view-model asks the server every few
seconds for a while. The notes are the visitor's personal data: they stay in this object's memory
only, are never logged, go to the printer as PDF bytes (never a file; SheetPrinting, which also
says the result aloud), and are wiped with the visitor's session (reset) like every other
view-model with reset().
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.content.take_home import TakeHomeSheet
from kiosk.devices.a4_printer import A4Printer
from kiosk.video.client import CallNotes, VideoClient
from kiosk.video.notes import NotesLabels, notes_sheet
from ui.background import BackgroundOp, BackgroundWorker
from ui.viewmodels.sheet_printing import SheetPrinting

log = logging.getLogger(__name__)

POLL_MS = 3000
# How long after the call the kiosk keeps asking (the visitor reads the thank-you page meanwhile).
WAIT_S = 300.0


class VideoNotes(QObject):
    changed = Signal()

    def __init__(
        self,
        *,
        network: BackgroundWorker,
        printing: BackgroundWorker,
        printer: A4Printer,
        text: Callable[[str], str],
        language: Callable[[], str],
        today: Callable[[], str],
        speak: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__()
        self._network = network
        self._sheets = SheetPrinting(
            printer=printer, worker=printing, speak=speak, text=text, language=language,
            changed=self.changed.emit, what="lawyer's notes",
        )  # fmt: skip
        self._text = text
        self._language = language
        self._today = today
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._ask)
        self._generation = 0
        self._client: VideoClient | None = None
        self._call_id = 0
        self._until = 0.0
        self._asking = False
        self._clear()

    def _clear(self) -> None:
        self._waiting = False
        self._notes = ""
        self._lawyer = ""

    def watch(self, client: VideoClient, call_id: int) -> None:
        """The call has ended: look for the lawyer's notes for a while."""
        self._generation += 1
        self._sheets.reset()
        self._clear()
        self._client, self._call_id = client, call_id
        self._until = self._clock() + WAIT_S
        self._waiting = True
        self.changed.emit()
        self._ask()
        self._timer.start()

    def _ask(self) -> None:
        client, call_id, generation = self._client, self._call_id, self._generation
        if client is None or not self._waiting or self._asking:
            return
        if self._clock() > self._until:
            self._stop()
            return
        self._asking = True

        def done(notes: CallNotes) -> None:
            self._asking = False
            if generation != self._generation or not notes.ready:
                return
            self._stop()
            self._notes, self._lawyer = notes.text, notes.lawyer
            self.changed.emit()

        def failed(exc: Exception) -> None:  # the next tick asks again; a 404/410 will not change
            self._asking = False
            log.info("notes not fetched: %s", type(exc).__name__)

        BackgroundOp(lambda: client.notes(call_id)).success(done).failure(failed).run(self._network)

    def _stop(self) -> None:
        self._timer.stop()
        self._waiting = False
        self.changed.emit()

    def sheet(self) -> TakeHomeSheet | None:
        """The notes as one take-home sheet (paper or phone); None when there are none."""
        if not self._notes:
            return None
        t = self._text
        labels = NotesLabels(
            title=t("video.notes_title"),
            heading=t("video.notes_heading"),
            lawyer=t("video.notes_lawyer"),
            date=t("video.notes_date"),
            disclaimer=t("video.notes_disclaimer"),
            hotline=t("video.notes_hotline"),
        )
        return notes_sheet(text=self._notes, lawyer=self._lawyer, date=self._today(), labels=labels)

    @Slot()
    def print(self) -> None:
        """打印律师意见 on the hall's A4 printer, the result shown and said aloud."""
        sheet = self.sheet()
        if sheet is not None:
            self._sheets.print(sheet, title="lawpost-lawyer-notes")

    @property
    def printer(self) -> A4Printer:
        return self._sheets.printer

    @printer.setter
    def printer(self, printer: A4Printer) -> None:
        self._sheets.printer = printer

    def reset(self) -> None:
        """The visitor's session ends: the notes leave the screen and memory."""
        self._generation += 1
        self._sheets.reset()
        self._timer.stop()
        self._client = None
        self._call_id = 0
        self._asking = False
        self._clear()
        self.changed.emit()

    @Slot("QVariantMap")
    def preview(self, values: dict[str, Any]) -> None:
        """Show sample notes (screenshots and the screen audit only)."""
        self._clear()
        self._notes = str(values.get("notes", ""))
        self._lawyer = str(values.get("lawyer", ""))
        self._waiting = bool(values.get("waiting", False))
        self.changed.emit()

    waiting = Property(bool, lambda self: self._waiting, notify=changed)
    ready = Property(bool, lambda self: self._notes != "", notify=changed)
    text = Property(str, lambda self: self._notes, notify=changed)
    lawyer = Property(str, lambda self: self._lawyer, notify=changed)
    busy = Property(bool, lambda self: self._sheets.busy, notify=changed)
    statusKey = Property(str, lambda self: self._sheets.status_key, notify=changed)
    problem = Property(str, lambda self: self._sheets.problem, notify=changed)
