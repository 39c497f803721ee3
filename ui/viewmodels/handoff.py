"""发到手机 and 下次再填: the QR code screen of a guide, an answer, an office or a filled form, and
the 13-digit code that takes an unfinished form to another kiosk. Sealing, deriving and the
network run on the background worker; what to do is shown and spoken. Nothing of it stays on the
kiosk: the link, the code and the draft live in this object until the visitor's session ends."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.handoff.crypto import CodeError, ResumeCode
from kiosk.handoff.remote import HandoffOffline, HandoffStore, TooManyTries, UnknownCode
from kiosk.handoff.service import Draft, DraftUnreadable, PhoneHandoff

if TYPE_CHECKING:
    from ui.features import FeatureContext
    from ui.viewmodels.forms import FormsModel
    from ui.viewmodels.take_home import TakeHomeModel

log = logging.getLogger(__name__)

# The errors of taking a draft back, and the sentence each gets (shown and spoken).
_RESUME_ERRORS: dict[type[Exception], str] = {
    UnknownCode: "unknown", TooManyTries: "too_many", HandoffOffline: "offline", DraftUnreadable: "damaged",
}  # fmt: skip


def spoken_digits(code: ResumeCode) -> str:
    """"6 5 5 7，6 2 2 1，…": the speech front end reads a group of four as a quantity."""
    return "，".join(" ".join(group) for group in code.grouped.split())


class HandoffModel(QObject):
    changed = Signal()

    def __init__(self, *, context: FeatureContext, store: Callable[[], HandoffStore]) -> None:
        super().__init__()
        self._context = context
        self._store = store  # built when needed: the kiosk may be enrolled while it runs
        self._generation = 0  # work finishing after the visitor left must not show
        self._stage = ""  # "" | working | ready | offline | incomplete
        self._what = "guide"
        self._sent: PhoneHandoff | None = None
        self._print_instead: Callable[[], None] | None = None
        self._resume_stage = ""  # "" | saving | saved | offline | restoring | bad_code | unknown | ...
        self._code: ResumeCode | None = None
        self._slip = ""  # "" | printing | printed | print_failed: the code on the ticket printer

    def _settings(self) -> Any:
        return self._context.settings.take_home

    def _text(self, key: str, **values: object) -> str:
        return self._context.i18n.text(key, **values)

    def _take_home(self) -> TakeHomeModel | None:
        model: TakeHomeModel | None = self._context.shared.get("take_home")
        return model

    def _forms(self) -> FormsModel | None:
        model: FormsModel | None = self._context.shared.get("forms")
        return model

    # --- 发到手机 ------------------------------------------------------------------------------

    @Slot(dict)
    def sendGuide(self, guide: dict[str, Any]) -> None:
        self._send_sheet(dict(guide), "guide")

    @Slot(dict, dict)
    def sendAnswer(self, guide: dict[str, Any], answer: dict[str, Any]) -> None:
        """The guide an answer leads to, headed by the answer's plain words (what it is, the first
        step, where to go) as 问一问 showed them."""
        guide = dict(guide)
        plain = [str(answer.get(k) or "") for k in ("what", "firstStep")]
        where = "；".join(str(w) for w in answer.get("where") or [])
        guide["summary"] = "\n".join(x for x in [*plain, where, str(guide.get("summary") or "")] if x)
        self._send_sheet(guide, "answer")

    def _send_sheet(self, guide: dict[str, Any], what: str) -> None:
        from kiosk.content.take_home import guide_sheet
        from kiosk.handoff.service import sheet_document

        take_home = self._take_home()
        headings = take_home.headings() if take_home else {}
        printer = take_home.printGuide if take_home else None
        self._start(what, lambda: sheet_document(guide_sheet(guide, headings)),
                    (lambda: printer(guide)) if printer else None)  # fmt: skip

    @Slot(dict, list)
    def sendInstitution(self, place: dict[str, Any], rows: list[Any]) -> None:
        """`rows` are the screen's [label, value] pairs, as TakeHome.printInstitution takes them."""
        from kiosk.content.take_home import institution_sheet
        from kiosk.handoff.service import sheet_document

        take_home = self._take_home()
        headings = take_home.headings() if take_home else {}
        pairs = [(str(r[0]), str(r[1] or "")) for r in rows if isinstance(r, (list, tuple)) and len(r) == 2]
        place = dict(place)
        self._start("place", lambda: sheet_document(institution_sheet(place, pairs, headings)),
                    (lambda: take_home.printInstitution(place, rows)) if take_home else None)  # fmt: skip

    @Slot()
    def sendNotes(self) -> None:
        """The duty lawyer's notes after a call, as the printed sheet has them."""
        from kiosk.handoff.service import sheet_document

        notes = self._context.shared.get("video_notes")
        sheet = notes.sheet() if notes is not None else None
        if notes is None or sheet is None:
            return
        self._start("notes", lambda: sheet_document(sheet), notes.print)

    @Slot()
    def sendForm(self) -> None:
        """The finished form on the review: its PDF and its answers by step."""
        from kiosk.forms.submission import laid_out_by_step
        from kiosk.handoff.service import form_document

        forms = self._forms()
        session = forms.form_session if forms else None
        if forms is None or session is None:
            return
        if not session.complete:
            self._what, self._stage, self._sent = "form", "incomplete", None
            self._print_instead = None
            self.changed.emit()
            self._context.speech.speak(self._text("handoff.incomplete"))
            return
        definition, result, renderer = session.definition, session.result, forms.renderer
        regions, language = session.regions, self._context.i18n.get_language()
        title = definition.title.get(language)
        summary, label = self._text("handoff.what_form"), self._text("handoff.save_pdf")

        def document() -> dict[str, Any]:
            pdf = renderer.render(definition, result, today=session.today)
            sections = [{"heading": s["title"], "numbered": False,
                         "lines": [f"{i['label']}：{i['text']}" for i in s["items"]]}
                        for s in laid_out_by_step(definition, result, regions=regions)]  # fmt: skip
            return form_document(title=title, summary=summary, sections=sections, pdf=pdf,
                                 pdf_name=f"{title}.pdf", pdf_label=label)  # fmt: skip

        self._start("form", document, forms.print)

    def _start(self, what: str, document: Callable[[], dict[str, Any]],
               print_instead: Callable[[], None] | None) -> None:  # fmt: skip
        from kiosk.handoff.service import send_to_phone

        if self._stage == "working":
            return
        self._what, self._stage, self._sent = what, "working", None
        self._print_instead = print_instead
        self.changed.emit()
        generation, settings = self._generation, self._settings()
        try:
            store = self._store()
        except Exception as exc:  # an unreadable enrollment is "offline" to the visitor
            self._sent_failed(generation, exc)
            return
        base = self._context.settings.kiosk.public_base_url

        def work() -> PhoneHandoff:
            return send_to_phone(store, document(), base_url=base, hours=settings.phone_link_hours,
                                 views=settings.phone_link_views)  # fmt: skip

        self._context.worker.submit(work, lambda sent: self._sent_ok(generation, sent),
                                    lambda error: self._sent_failed(generation, error))  # fmt: skip

    def _sent_ok(self, generation: int, sent: PhoneHandoff) -> None:
        if generation != self._generation:
            return
        self._sent, self._stage = sent, "ready"
        self.changed.emit()
        self._context.speech.speak(self._instructions())

    def _sent_failed(self, generation: int, error: object) -> None:
        if generation != self._generation:
            return
        log.warning("take-home link not made: %s", type(error).__name__)  # never the content
        self._stage = "offline"
        self.changed.emit()
        self._context.speech.speak(self._text("handoff.offline"))

    @Slot()
    def printInstead(self) -> None:
        if self._print_instead is not None:
            self._print_instead()

    def _instructions(self) -> str:
        settings = self._settings()
        return self._text("handoff.instructions", what=self._text(f"handoff.what_{self._what}"),
                          hours=settings.phone_link_hours, views=settings.phone_link_views)  # fmt: skip

    # --- 下次再填 ------------------------------------------------------------------------------

    @Slot()
    def saveDraft(self) -> None:
        from kiosk.handoff.service import save_draft

        forms = self._forms()
        session = forms.form_session if forms else None
        if session is None or self._resume_stage in ("saving", "restoring"):
            return
        saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        draft = Draft(form_id=session.definition.id, answers=copy.deepcopy(session.answers),
                      step_id=session.step_id, saved_at=saved_at)  # fmt: skip
        self._set_resume("saving")
        generation, days = self._generation, self._settings().draft_days
        try:
            store = self._store()
        except Exception as exc:
            self._resume_failed(generation, exc)
            return
        self._context.worker.submit(lambda: save_draft(store, draft, days=days),
                                    lambda code: self._saved(generation, code),
                                    lambda error: self._resume_failed(generation, error))  # fmt: skip

    def _saved(self, generation: int, code: ResumeCode) -> None:
        if generation != self._generation:
            return
        self._code = code
        self._set_resume("saved")
        self._context.speech.speak(self._text("resume.saved_spoken", digits=spoken_digits(code),
                                              days=self._settings().draft_days))  # fmt: skip

    def _ticket_printer(self) -> Any:
        printer = self._context.shared.get("ticket_printer")
        return printer if printer is not None and printer.status() != "not_configured" else None

    @Slot()
    def printCode(self) -> None:
        """The code on a slip from the hall's ticket printer (when the kiosk has one)."""
        from kiosk.handoff.slip import render_slip

        printer, code = self._ticket_printer(), self._code
        if printer is None or code is None or self._slip == "printing":
            return
        heading = self._text("resume.slip_heading")
        instructions = self._text("resume.saved", days=self._settings().draft_days)
        width = self._context.settings.ticket_printer.paper_width_px
        self._slip = "printing"
        self.changed.emit()
        generation = self._generation

        def work() -> bool:
            image = render_slip(code, heading=heading, instructions=instructions, width_px=width)
            return bool(printer.print_image(image).printed)

        def done(printed: object) -> None:
            if generation == self._generation:
                self._slip = "printed" if printed is True else "print_failed"
                self.changed.emit()
                self._context.speech.speak(self._text(f"resume.{self._slip}"))

        self._context.worker.submit(work, done, lambda _error: done(False))

    @Slot(str)
    def restoreDraft(self, typed: str) -> None:
        from kiosk.handoff.service import take_draft

        if self._resume_stage in ("saving", "restoring"):
            return
        try:
            ResumeCode.parse(typed)  # a mistyped digit is told at once and costs no look-up
        except CodeError:
            self._set_resume("bad_code")
            self._context.speech.speak(self._resume_message())
            return
        self._set_resume("restoring")
        generation = self._generation
        try:
            store = self._store()
        except Exception as exc:
            self._resume_failed(generation, exc)
            return
        self._context.worker.submit(lambda: take_draft(store, typed),
                                    lambda draft: self._restored(generation, draft),
                                    lambda error: self._resume_failed(generation, error))  # fmt: skip

    def _restored(self, generation: int, draft: Draft) -> None:
        forms = self._forms()
        if generation != self._generation or forms is None:
            return
        if not forms.restore(draft.form_id, draft.answers, draft.step_id):
            self._resume_failed(generation, DraftUnreadable())
            return
        self._set_resume("")
        self._context.nav.back()  # the code screen is done with
        self._context.nav.go("form", {"form": draft.form_id})

    def _resume_failed(self, generation: int, error: object) -> None:
        if generation != self._generation:
            return
        log.warning("draft not saved or taken back: %s", type(error).__name__)
        self._set_resume(next((v for k, v in _RESUME_ERRORS.items() if isinstance(error, k)), "offline"))
        self._context.speech.speak(self._resume_message())

    def _set_resume(self, stage: str) -> None:
        self._resume_stage = stage
        self.changed.emit()

    @Slot()
    def clearResume(self) -> None:
        """A new visit of the code screen: no message left over from the last one."""
        if self._resume_stage not in ("saving", "restoring"):
            self._code, self._slip = None, ""
            self._set_resume("")

    @Slot("QVariantMap")
    def preview(self, values: dict[str, Any]) -> None:
        """Show a stage with a sample link or code (screenshots and the screen audit only)."""
        from kiosk.handoff.crypto import PhoneLink

        self._what = str(values.get("what", "guide"))
        stage = str(values.get("preview", ""))
        if stage == "saved":
            self._resume_stage, self._code = "saved", ResumeCode("6557622147504")
        elif stage:
            self._stage, self._print_instead = stage, (lambda: None)
            link = PhoneLink(ident="A" * 22, key=bytes(32))
            self._sent = PhoneHandoff(url=link.url(self._context.settings.kiosk.public_base_url),
                                      expires_at=datetime.now(UTC), views=5)  # fmt: skip
        self.changed.emit()

    def reset(self) -> None:
        self._generation += 1
        self._stage, self._sent, self._print_instead = "", None, None
        self._resume_stage, self._code, self._slip = "", None, ""
        self.changed.emit()

    # --- properties ----------------------------------------------------------------------------

    def _resume_message(self) -> str:
        stage = self._resume_stage
        if stage == "saved":
            return self._text("resume.saved", days=self._settings().draft_days)
        if stage in ("saving", "restoring", "offline", "bad_code", "unknown", "too_many", "damaged"):
            return self._text(f"resume.{stage}")
        return ""

    stage = Property(str, lambda self: self._stage, notify=changed)
    url = Property(str, lambda self: self._sent.url if self._sent else "", notify=changed)
    instructions = Property(str, lambda self: self._instructions() if self._sent else "", notify=changed)
    canPrintInstead = Property(bool, lambda self: self._print_instead is not None, notify=changed)
    resumeStage = Property(str, lambda self: self._resume_stage, notify=changed)
    resumeMessage = Property(str, _resume_message, notify=changed)
    code = Property(str, lambda self: self._code.grouped if self._code else "", notify=changed)
    codeDigits = Property(str, lambda self: self._code.digits if self._code else "", notify=changed)
    canPrintCode = Property(bool, lambda self: self._ticket_printer() is not None, notify=changed)
    slipMessage = Property(str, lambda self: self._text(f"resume.{self._slip}") if self._slip else "",
                           notify=changed)  # fmt: skip


def wire_handoff(context: FeatureContext) -> dict[str, QObject]:
    """发到手机 and 下次再填 through the county's central server (wired after forms and take-home).
    Tests and the screenshot tool put their own store in `context.shared["handoff_store"]`."""

    def store() -> HandoffStore:
        given = context.shared.get("handoff_store")
        if given is not None:
            return given  # type: ignore[no-any-return]
        from kiosk.handoff.remote import HandoffServer
        from kiosk.sync.enrollment import load_enrollment

        return HandoffServer(load_enrollment(context.db), settings=context.settings.sync)

    return {"Handoff": HandoffModel(context=context, store=store)}
