"""One take-home sheet on the hall's A4 printer, off the GUI thread, its result shown and said.

Shared by 打印带走 (take_home.py), 打印律师意见 (video_notes.py) and 打印预约单 (video_booking.py):
one print at a time per view-model; the status is a sentence key (printing / printed / failed)
and a failure also carries the printer's own sentence (no paper, jammed, ...). The result is
said aloud as well as shown — the visitor who asked for paper may not read the screen. The job
title is what `lpstat` and the CUPS log show, so it never holds anything of the visitor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.devices.a4_printer import A4Printer, PrintError
from ui.background import BackgroundWorker

if TYPE_CHECKING:
    from kiosk.content.take_home import TakeHomeSheet

log = logging.getLogger(__name__)


class SheetPrinting:
    def __init__(
        self,
        *,
        printer: A4Printer,
        worker: BackgroundWorker,
        speak: Callable[[str], None],
        text: Callable[[str], str],
        language: Callable[[], str],
        changed: Callable[[], None],
        what: str,
        failed_key: str = "take_home.failed",
    ) -> None:
        self.printer = printer
        self._worker = worker
        self._speak = speak
        self._text = text
        self._language = language
        self._changed = changed
        self._what = what  # for the log line only ("take-home sheet", "booking slip", ...)
        self._failed_key = failed_key  # what to do instead (the QR code, or note the booking down)
        self._generation = 0  # a print finishing after the visitor left must not show or speak
        self.busy = False
        self.status_key = ""
        self.problem = ""

    def print(self, sheet: TakeHomeSheet, *, title: str) -> bool:
        """Send the sheet to the printer; False when a print is already running."""
        if self.busy:
            return False
        printer, generation = self.printer, self._generation
        self.busy, self.status_key, self.problem = True, "take_home.printing", ""
        self._changed()

        def work() -> str:
            from kiosk.content.take_home import render_sheet

            return printer.print_pdf(render_sheet(sheet), title=title)

        self._worker.submit(
            work,
            lambda _job: self._finished(generation, "take_home.printed", None),
            lambda error: self._finished(generation, self._failed_key, error),
        )
        return True

    def _finished(self, generation: int, key: str, error: object) -> None:
        if generation != self._generation:
            return
        self.busy, self.status_key = False, key
        if error is not None:
            self.problem = error.message.get(self._language()) if isinstance(error, PrintError) else ""
            log.warning("%s not printed: %s", self._what, type(error).__name__)
        self._changed()
        self._speak(" ".join(x for x in (self.problem, self._text(key)) if x))

    def clear(self) -> None:
        """A new page: no sentence left over from another sheet."""
        if not self.busy:
            self.status_key, self.problem = "", ""
            self._changed()

    def reset(self) -> None:
        self._generation += 1
        self.busy, self.status_key, self.problem = False, "", ""
