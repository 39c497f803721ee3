"""打印带走: prints the guide (or office) on the screen on the hall's A4 printer.

The QML hands over the guide dict it already shows (Library.guide), so the paper says exactly
what the screen says. Printing, its status sentence and saying the result aloud are the shared
SheetPrinting's (ui/viewmodels/sheet_printing.py). On a failure the visitor is told to take the
QR code instead, which always works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.devices.a4_printer import A4Printer
from ui.viewmodels.sheet_printing import SheetPrinting

if TYPE_CHECKING:
    from ui.features import FeatureContext

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
        self._sheets = SheetPrinting(
            printer=printer, worker=context.worker, speak=context.speech.speak, text=context.i18n.text,
            language=context.i18n.get_language, changed=self.changed.emit, what="take-home sheet",
        )  # fmt: skip

    @property
    def printer(self) -> A4Printer:
        return self._sheets.printer

    @printer.setter
    def printer(self, printer: A4Printer) -> None:
        self._sheets.printer = printer

    @Slot(dict)
    def printGuide(self, guide: dict[str, Any]) -> None:
        from kiosk.content.take_home import guide_sheet

        if guide.get("title"):
            sheet = guide_sheet(dict(guide), self.headings())
            self._sheets.print(sheet, title=f"lawpost-guide-{guide.get('id', '')}")

    @Slot(dict, list)
    def printInstitution(self, place: dict[str, Any], rows: list[Any]) -> None:
        """`rows` are the screen's [label, value] pairs, already in the visitor's language."""
        from kiosk.content.take_home import institution_sheet

        pairs = [(str(r[0]), str(r[1] or "")) for r in rows if isinstance(r, (list, tuple)) and len(r) == 2]
        place = dict(place)
        if place.get("name"):
            self._sheets.print(institution_sheet(place, pairs, self.headings()),
                               title=f"lawpost-institution-{place.get('id', '')}")  # fmt: skip

    def headings(self) -> dict[str, str]:
        """The sheet's section headings in the visitor's language (the phone page uses them too)."""
        return {k: self._context.i18n.text(key) for k, key in _HEADINGS.items()}

    @Slot()
    def clear(self) -> None:
        """A new page: no sentence left over from another guide."""
        self._sheets.clear()

    def reset(self) -> None:
        self._sheets.reset()
        self.changed.emit()

    busy = Property(bool, lambda self: self._sheets.busy, notify=changed)
    statusKey = Property(str, lambda self: self._sheets.status_key, notify=changed)
    problem = Property(str, lambda self: self._sheets.problem, notify=changed)


def wire_take_home(context: FeatureContext) -> dict[str, QObject]:
    """打印带走 on the same A4 printer as the forms (wired after them)."""
    from kiosk.devices.a4_printer import CupsPrinter

    printer = context.shared.get("a4_printer") or CupsPrinter(context.settings.forms.a4_queue)
    model = TakeHomeModel(context=context, printer=printer)
    context.shared["take_home"] = model
    return {"TakeHome": model}
