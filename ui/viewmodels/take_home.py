"""打印带走: prints the guide (or office) on the screen on the hall's A4 printer, off the GUI thread.

The QML hands over the guide dict it already shows (Library.guide), so the paper says exactly
what the screen says. One print at a time; the status is a sentence key, and a failure also
carries the printer's own sentence (no paper, jammed, ...). The visitor is told to take the QR
code instead, which always works.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.devices.a4_printer import A4Printer, PrintError

if TYPE_CHECKING:
    from kiosk.content.take_home import TakeHomeSheet
    from ui.features import FeatureContext

log = logging.getLogger(__name__)

# The section headings on paper, from the guide screen's own catalog keys.
_HEADINGS = {
    "steps": "guide.steps", "documents": "guide.documents", "where": "guide.where",
    "timeLimits": "guide.time_limits", "citations": "guide.citations",
    "hotline": "take_home.hotline", "url": "take_home.url",
}  # fmt: skip


class TakeHomeModel(QObject):
    changed = Signal()

    def __init__(self, *, context: FeatureContext, printer: A4Printer) -> None:
        super().__init__()
        self._context = context
        self.printer = printer
        self._busy = False
        self._status_key = ""
        self._problem = ""
        self._generation = 0  # a print finishing after the visitor left must not show

    def _language(self) -> str:
        return self._context.i18n.get_language()

    @Slot(dict)
    def printGuide(self, guide: dict[str, Any]) -> None:
        from kiosk.content.take_home import guide_sheet

        sheet = guide_sheet(dict(guide), self.headings())
        self._print(sheet, f"lawpost-guide-{guide.get('id', '')}", ok=bool(guide.get("title")))

    @Slot(dict, list)
    def printInstitution(self, place: dict[str, Any], rows: list[Any]) -> None:
        """`rows` are the screen's [label, value] pairs, already in the visitor's language."""
        from kiosk.content.take_home import institution_sheet

        pairs = [(str(r[0]), str(r[1] or "")) for r in rows if isinstance(r, (list, tuple)) and len(r) == 2]
        place = dict(place)
        self._print(institution_sheet(place, pairs, self.headings()),
                    f"lawpost-institution-{place.get('id', '')}", ok=bool(place.get("name")))  # fmt: skip

    def headings(self) -> dict[str, str]:
        """The sheet's section headings in the visitor's language (the phone page uses them too)."""
        return {k: self._context.i18n.text(key) for k, key in _HEADINGS.items()}

    def _print(self, sheet: TakeHomeSheet, title: str, *, ok: bool) -> None:
        from kiosk.content.take_home import render_sheet

        if self._busy or not ok:
            return
        printer = self.printer
        self._busy = True
        self._status_key = "take_home.printing"
        self._problem = ""
        self.changed.emit()
        generation = self._generation

        def work() -> str:
            return printer.print_pdf(render_sheet(sheet), title=title)

        self._context.worker.submit(
            work,
            lambda _job: self._finished(generation, "take_home.printed", None),
            lambda error: self._finished(generation, "take_home.failed", error),
        )

    def _finished(self, generation: int, key: str, error: object) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self._status_key = key
        if error is not None:
            self._problem = error.message.get(self._language()) if isinstance(error, PrintError) else ""
            log.warning("take-home sheet not printed: %s", type(error).__name__)
        self.changed.emit()
        # Said aloud as well as shown: the visitor who asked for paper may not read the screen.
        self._context.speech.speak(" ".join(x for x in (self._problem, self._context.i18n.text(key)) if x))

    @Slot()
    def clear(self) -> None:
        """A new page: no sentence left over from another guide."""
        if not self._busy:
            self._status_key = ""
            self._problem = ""
            self.changed.emit()

    def reset(self) -> None:
        self._generation += 1
        self._busy = False
        self._status_key = ""
        self._problem = ""
        self.changed.emit()

    busy = Property(bool, lambda self: self._busy, notify=changed)
    statusKey = Property(str, lambda self: self._status_key, notify=changed)
    problem = Property(str, lambda self: self._problem, notify=changed)


def wire_take_home(context: FeatureContext) -> dict[str, QObject]:
    """打印带走 on the same A4 printer as the forms (wired after them)."""
    from kiosk.devices.a4_printer import CupsPrinter

    printer = context.shared.get("a4_printer") or CupsPrinter(context.settings.forms.a4_queue)
    model = TakeHomeModel(context=context, printer=printer)
    context.shared["take_home"] = model
    return {"TakeHome": model}
