"""写申请: the form screens' view-model, a thin layer over kiosk.forms.engine.FormSession.

QML shows what this exposes (step header, the shown fields with their messages, the review by
step, the pre-check) and calls its slots; every rule lives in the Qt-free engine. Printing and
rendering run on the background worker; the form stays open until the visitor's session ends.
"""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.devices.a4_printer import A4Printer, PrintError
from kiosk.devices.id_reader import DEMO_CARD, IdCardReader, IdReaderError, SimulatedIdReader
from kiosk.forms.catalog import FormCatalog
from kiosk.forms.engine import FormSession
from kiosk.forms.legal_aid import Eligibility, pre_check
from kiosk.forms.model import Field
from kiosk.forms.submission import submit_form
from kiosk.forms.values import PHONE, is_answered
from ui.viewmodels.form_fields import TAPPED, HomeVillages, date_parts, field_view, join_date

if TYPE_CHECKING:
    from kiosk.forms.render import DocumentRenderer
    from ui.features import FeatureContext

log = logging.getLogger(__name__)


class FormsModel(QObject):
    changed = Signal()

    def __init__(
        self,
        catalog: FormCatalog,
        *,
        context: FeatureContext,
        printer: A4Printer,
        id_reader: IdCardReader | None,
    ) -> None:
        super().__init__()
        self._catalog = catalog
        self._context = context
        self._printer = printer
        self._id_reader = id_reader
        forms = context.settings.forms
        self._home = HomeVillages(forms.county_code, context.settings.kiosk.township, tuple(forms.villages),
                                  townships=catalog.townships)  # fmt: skip
        # reportlab (and Pillow with it) is imported on the first document, not at start.
        self._renderer_instance: DocumentRenderer | None = None
        self._session: FormSession | None = None
        self._errors: dict[str, str] = {}
        self._status_key = ""
        self._busy = False
        self._print_problem = ""

    @property
    def _renderer(self) -> DocumentRenderer:
        if self._renderer_instance is None:
            from kiosk.forms.render import DocumentRenderer

            self._renderer_instance = DocumentRenderer(regions=self._catalog.regions)
        return self._renderer_instance

    def warm_renderer(self) -> None:
        """Off the GUI thread: the font the document would otherwise wait for at 打印."""
        self._renderer.warm()

    # --- helpers -----------------------------------------------------------------------------

    def _language(self) -> str:
        return self._context.i18n.get_language()

    def _changed(self) -> None:
        self.changed.emit()

    def _field_view(self, field: Field) -> dict[str, Any]:
        assert self._session is not None
        return field_view(
            field, self._session.get(field.id), errors=self._errors, language=self._language(),
            regions=self._catalog.regions, preset=field.id in self._session.presets, home=self._home,
        )  # fmt: skip

    # --- slots -------------------------------------------------------------------------------

    @Slot(str)
    def open(self, form_id: str) -> None:
        definition = self._catalog.get(form_id)
        if definition is None:
            return
        self._session = FormSession(
            definition, regions=self._catalog.regions, today=date.today(), language=self._language()
        )
        self._errors = {}
        self._status_key = ""
        self._changed()
        # The visitor spends minutes on the steps: the PDF font (~20 MB, 0.3–0.5 s) is made ready
        # now, in the background, rather than held from start or waited for at 打印.
        self._context.worker.submit(self.warm_renderer, lambda _none: None, self._font_job_failed)

    def _font_job_failed(self, error: Exception) -> None:
        # Not fatal: the document registers the font itself (and says so if it cannot).
        log.warning("PDF font (warm-up or release) failed: %s", type(error).__name__)

    @Slot(str, str)
    def setText(self, field_id: str, text: str) -> None:
        field = self._session.definition.field(field_id) if self._session else None
        if field is None or field.type in TAPPED:
            return  # a choice is never overwritten by a text box being created
        if self._session is not None and self._session.get(field_id) != text:
            self._session.set(field_id, text)
            self._context.session.markVisitorData()
            self._errors.pop(field_id, None)
            # Typing does not rebuild the fields (the box keeps focus), except when a phone number
            # is complete (it is then read back for the visitor to confirm) or an ID number is
            # (the birth date and sex it carries appear filled in).
            compact = text.replace(" ", "").replace("-", "")
            if (field.type == "phone" and PHONE.match(compact)) or (
                field.type == "id_number" and len(compact) == 18
            ):
                self._changed()

    @Slot(str, str)
    def choose(self, field_id: str, value: str) -> None:
        if self._session is None:
            return
        field = self._session.definition.field(field_id)
        if field is not None and field.type == "multi_choice":
            chosen = list(self._session.get(field_id) or [])
            chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
            self._session.set(field_id, chosen)
        elif field is not None and field.type == "yes_no":
            self._session.set(field_id, value == "yes")
        else:
            self._session.set(field_id, value)
        self._context.session.markVisitorData()
        self._errors.pop(field_id, None)
        self._changed()

    @Slot()
    def readIdCard(self) -> None:
        """Fill the applicant's fields from the card on the reader; typed answers are kept."""
        if self._session is None or self._id_reader is None:
            return
        try:
            card = self._id_reader.read()
        except IdReaderError:
            self._status_key = "forms.no_card"
            self._changed()
            return
        self._session.prefill(card.as_answers("applicant"))
        self._context.session.markVisitorData()
        self._status_key = ""
        self._changed()

    @Slot(str, "QVariantMap")
    def openWith(self, form_id: str, prefill: dict[str, Any]) -> None:
        """Open a form with answers a guide already knows (e.g. the wage guide: case.matter)."""
        self.open(form_id)
        if self._session is not None:
            self._session.prefill(dict(prefill))
            self._changed()

    @Slot(str, str)
    def setSignature(self, field_id: str, data_url: str) -> None:
        """The finger-drawn signature as PNG (a data: URL from the canvas), placed in the document."""
        prefix = "data:image/png;base64,"
        if self._session is None or not data_url.startswith(prefix):
            return
        self._session.set(field_id, {"png": data_url[len(prefix) :]})
        self._context.session.markVisitorData()
        self._errors.pop(field_id, None)
        self._changed()

    @Slot(str, str, int)
    def setDatePart(self, field_id: str, part: str, number: int) -> None:
        """The date picker: `year` typed, `month` and `day` tapped; kept as YYYY-MM-DD."""
        if self._session is None:
            return
        year, month, day = date_parts(self._session.get(field_id))
        if part == "year":
            year = str(number) if number > 0 else ""
        elif part == "month":
            month = number
        elif part == "day":
            day = number
        self._session.set(field_id, join_date(year, month, day))
        self._context.session.markVisitorData()
        self._errors.pop(field_id, None)
        if part != "year":
            self._changed()

    @Slot(str, str)
    def pickRegion(self, field_id: str, code: str) -> None:
        """One tap of the province → city → county picker; "" starts again."""
        if self._session is None:
            return
        current = self._session.get(field_id)
        detail = current.get("detail", "") if isinstance(current, dict) else ""
        self._session.set(field_id, {"region": code, "detail": detail})
        self._context.session.markVisitorData()
        self._errors.pop(field_id, None)
        self._changed()

    @Slot(str, str)
    def setAddressDetail(self, field_id: str, text: str) -> None:
        if self._session is None:
            return
        current = self._session.get(field_id)
        region = current.get("region", "") if isinstance(current, dict) else ""
        if not isinstance(current, dict) or current.get("detail") != text:
            self._session.set(field_id, {"region": region, "detail": text})
            self._context.session.markVisitorData()
            # A township tapped (or typed): its villages are the next tiles; the box emptied: the
            # first tiles again. Other typing does not rebuild the fields (the box keeps focus;
            # QML hides the tiles once the box differs from them).
            if not text or self._home.for_region(str(region), text)[0] == "village":
                self._changed()

    @Slot(str, result=list)
    def entryPointsFor(self, guide_id: str) -> list[dict[str, Any]]:
        """The forms a guide's last screen offers ("申请法律援助" at the end of the wage guide)."""
        language = self._language()
        return [
            {"form": f.id, "label": e.label.get(language), "prefill": dict(e.prefill)}
            for f in self._catalog.forms.values()
            for e in f.entry_points
            if e.guide == guide_id
        ]

    @Slot(str)
    def addItem(self, group_id: str) -> None:
        if self._session is not None:
            self._session.add_item(group_id)
            self._changed()

    @Slot(str, int, str, str)
    def setItemText(self, group_id: str, index: int, key: str, text: str) -> None:
        if self._session is not None:
            self._session.set_item(group_id, index, key, text)
            self._context.session.markVisitorData()

    @Slot(str, int)
    def removeItem(self, group_id: str, index: int) -> None:
        if self._session is not None:
            self._session.remove_item(group_id, index)
            self._changed()

    @Slot()
    def next(self) -> None:
        if self._session is not None:
            self._session.language = self._language()
            self._errors = self._session.next()
            self._status_key = "forms.fix_errors" if self._errors else ""
            self._changed()

    @Slot()
    def back(self) -> None:
        if self._session is not None:
            self._session.back()
            self._errors = {}
            self._changed()

    @Slot(str)
    def edit(self, step_id: str) -> None:
        if self._session is not None:
            self._session.edit(step_id)
            self._errors = {}
            self._changed()

    @Slot()
    def print(self) -> None:
        session = self._session
        if session is None or self._busy:
            return
        if not session.complete:
            self._status_key = "forms.incomplete"
            self._changed()
            return
        self._busy = True
        self._status_key = "forms.printing"
        self._changed()
        definition, result = session.definition, session.result
        title = f"lawpost-{definition.id}"

        def work() -> str:
            pdf = self._renderer.render(definition, result, today=session.today)
            return self._printer.print_pdf(pdf, title=title)

        self._context.worker.submit(work, self._on_printed, self._on_print_failed)

    @Slot()
    def submit(self) -> None:
        """Send the finished form, sealed, to the office behind the kiosk (the staff inbox)."""
        session = self._session
        if session is None or self._busy or not self._can_submit():
            return
        if not session.complete:
            self._status_key = "forms.incomplete"
            self._changed()
            return
        self._busy = True
        self._changed()
        definition, result = session.definition, session.result
        self._context.worker.submit(
            lambda: self._renderer.render(definition, result, today=session.today),
            lambda pdf: self._send(session, pdf),
            self._on_send_failed,
        )

    def _send(self, session: FormSession, pdf: bytes) -> None:
        # On the GUI thread, like every other write to the kiosk database (one writer).
        self._busy = False
        try:
            submit_form(
                self._context.db,
                definition=session.definition,
                result=session.result,
                pdf=pdf,
                regions=self._catalog.regions,
                eligibility=self._eligibility_result(session),
                today=session.today,
            )
        except Exception as exc:  # a sentence for the visitor, the kind for the log
            self._on_send_failed(exc)
            return
        self._status_key = "forms.submitted"
        self._changed()

    def _on_send_failed(self, error: object) -> None:
        self._busy = False
        log.error("form not submitted: %s", type(error).__name__)
        self._status_key = "forms.submit_failed"
        self._changed()

    def _can_submit(self) -> bool:
        from kiosk.sync.enrollment import server_public_key

        return server_public_key(self._context.db) is not None

    def _eligibility_result(self, session: FormSession) -> Eligibility | None:
        if session.definition.id != "legal_aid":
            return None
        standard = self._context.settings.legal_aid.hardship_monthly_income_per_person or None
        return pre_check(session.result.values, standard=standard)

    def _on_printed(self, _job: object) -> None:
        self._busy = False
        self._status_key = "forms.printed"
        self._changed()
        self._say_status()

    def _on_print_failed(self, error: object) -> None:
        self._busy = False
        self._status_key = "forms.print_failed"
        self._print_problem = error.message.get(self._language()) if isinstance(error, PrintError) else ""
        log.warning("form not printed: %s", type(error).__name__)
        self._changed()
        self._say_status()

    def _say_status(self) -> None:
        """How the printing ended is said aloud as well as shown: the visitor who asked for paper
        may be standing at the printer, or may not read the screen."""
        text = self._context.i18n.text(self._status_key)
        problem = f"：{self._print_problem}" if self._print_problem and self._language() != "en" else (
            f": {self._print_problem}" if self._print_problem else "")
        self._context.speech.speak(text + problem)

    @property
    def form_session(self) -> FormSession | None:
        """The open form, for 发到手机 and 下次再填 (ui/viewmodels/handoff.py)."""
        return self._session

    @property
    def renderer(self) -> DocumentRenderer:
        return self._renderer

    def restore(self, form_id: str, answers: dict[str, Any], step_id: str) -> bool:
        """Reopen a draft a visitor took away: the form, its answers, the step it was left at."""
        self.open(form_id)
        if self._session is None:
            return False
        self._session.restore(answers, step_id)
        self._context.session.markVisitorData()
        self._changed()
        return True

    def reset(self) -> None:
        if self._session is not None:
            self._session.clear()
        self._session = None
        self._errors = {}
        self._status_key = ""
        self._busy = False
        self._print_problem = ""
        self._changed()
        # Any document of this visitor (form, take-home sheet, booking) is done or abandoned: the
        # PDF font is released (~20 MB), after whatever the worker is still drawing.
        if "reportlab" in sys.modules:
            from kiosk.forms.render import release_font

            self._context.worker.submit(release_font, lambda _released: None, self._font_job_failed)

    # --- properties ----------------------------------------------------------------------------

    def _forms(self) -> list[dict[str, str]]:
        language = self._language()
        return [{"id": f.id, "title": f.title.get(language), "summary": f.summary.get(language)}
                for f in self._catalog.forms.values()]  # fmt: skip

    def _review(self) -> list[dict[str, Any]]:
        if self._session is None:
            return []
        self._session.language = self._language()
        return [{"stepId": s.step_id, "title": s.title,
                 "items": [{"label": i.label, "text": i.text or "—", "error": i.error, "preset": i.preset}
                           for i in s.items]}
                for s in self._session.review()]  # fmt: skip

    def _eligibility(self) -> dict[str, Any]:
        result = self._eligibility_result(self._session) if self._session else None
        return result.as_json(self._language()) if result else {}

    def _answered_count(self) -> int:
        session = self._session
        return 0 if session is None else sum(1 for v in session.answers.values() if is_answered(v))

    formList = Property(list, _forms, notify=changed)
    active = Property(bool, lambda self: self._session is not None, notify=changed)
    formId = Property(str, lambda self: self._session.definition.id if self._session else "", notify=changed)
    formTitle = Property(
        str,
        lambda self: self._session.definition.title.get(self._language()) if self._session else "",
        notify=changed,
    )
    header = Property(str, lambda self: self._session.header() if self._session else "", notify=changed)
    intro = Property(
        str,
        lambda self: (
            self._session.current_step().intro.get(self._language())
            if self._session and not self._session.at_review and self._session.current_step().intro
            else ""
        ),
        notify=changed,
    )
    fields = Property(
        list,
        lambda self: [self._field_view(f) for f in self._session.fields()] if self._session else [],
        notify=changed,
    )
    atReview = Property(bool, lambda self: bool(self._session and self._session.at_review), notify=changed)
    isFirstStep = Property(
        bool,
        lambda self: bool(self._session and not self._session.at_review
                          and self._session.current_step() == self._session.steps()[0]),
        notify=changed,
    )  # fmt: skip
    review = Property(list, _review, notify=changed)
    eligibility = Property(dict, _eligibility, notify=changed)
    complete = Property(bool, lambda self: bool(self._session and self._session.complete), notify=changed)
    statusKey = Property(str, lambda self: self._status_key, notify=changed)
    printProblem = Property(str, lambda self: self._print_problem, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    canReadIdCard = Property(
        bool,
        lambda self: (
            self._id_reader is not None
            and self._session is not None
            and not self._session.at_review
            and any(f.id == "applicant.id_number" for f in self._session.fields())
        ),
        notify=changed,
    )
    canSubmit = Property(bool, lambda self: self._session is not None and self._can_submit(), notify=changed)
    answeredCount = Property(int, _answered_count, notify=changed)


def wire_forms(context: FeatureContext) -> dict[str, QObject]:
    """写申请: the forms of the installed pack (or the bundled one) and the hall's A4 printer."""
    from kiosk.content.installer import active_pack
    from kiosk.content.pack import DEFAULT_PACK_DIR
    from kiosk.devices.a4_printer import CupsPrinter
    from kiosk.forms.catalog import catalog_from_pack
    from kiosk.forms.definition import DefinitionError

    installed = active_pack(context.settings.data_dir)
    try:
        catalog = catalog_from_pack(installed.path if installed else DEFAULT_PACK_DIR)
    except DefinitionError as exc:
        log.error("forms unavailable: %s", exc)
        catalog = FormCatalog(forms={}, regions=catalog_from_pack(Path("/nonexistent")).regions)
    printer = context.shared.get("a4_printer") or CupsPrinter(context.settings.forms.a4_queue)
    # No real reader driver yet: a kiosk configured with `id_reader = "simulated"` gets the demo card.
    reader = context.shared.get("id_reader")
    if reader is None and context.settings.forms.id_reader == "simulated":
        reader = SimulatedIdReader(DEMO_CARD)
    context.shared["forms_catalog"] = catalog
    model = FormsModel(catalog, context=context, printer=printer, id_reader=reader)
    context.shared["forms"] = model
    context.shared["forms_model"] = model  # 视频咨询 shares its review with the lawyer on consent
    return {"Forms": model}
