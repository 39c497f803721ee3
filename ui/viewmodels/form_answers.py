"""写申请: the part of the forms view-model that takes the visitor's answers (the slots the field
controls call: boxes, choices, date and region pickers, the signature pad, group entries, the ID
card), and the state those answers live in. FormsModel (forms.py) builds on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.devices.id_reader import IdCardReader, IdReaderError
from kiosk.forms.catalog import FormCatalog
from kiosk.forms.engine import FormSession
from kiosk.forms.model import Field
from kiosk.forms.values import PHONE
from ui.viewmodels.form_fields import TAPPED, HomeVillages, date_parts, field_view, join_date

if TYPE_CHECKING:
    from ui.features import FeatureContext


class FormAnswers(QObject):
    # Every change is told by FormsModel's `changed`, the notify of its properties. Declared here
    # instead, PySide6 6.11 built FormsModel a broken meta-object (reading its properties crashed).
    changed: Signal

    def __init__(
        self, catalog: FormCatalog, *, context: FeatureContext, id_reader: IdCardReader | None
    ) -> None:
        super().__init__()
        self._catalog = catalog
        self._context = context
        self._id_reader = id_reader
        forms = context.settings.forms
        self._home = HomeVillages(forms.county_code, context.settings.kiosk.township, tuple(forms.villages),
                                  townships=catalog.townships)  # fmt: skip
        self._session: FormSession | None = None
        self._errors: dict[str, str] = {}
        self._status_key = ""

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

    def _answered(self, field_id: str) -> None:
        """A visitor's answer is now held (wiped with the session) and its message goes."""
        self._context.session.markVisitorData()
        self._errors.pop(field_id, None)

    # --- slots -------------------------------------------------------------------------------

    @Slot(str, str)
    def setText(self, field_id: str, text: str) -> None:
        field = self._session.definition.field(field_id) if self._session else None
        if field is None or field.type in TAPPED:
            return  # a choice is never overwritten by a text box being created
        if self._session is not None and self._session.get(field_id) != text:
            self._session.set(field_id, text)
            self._answered(field_id)
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
        self._answered(field_id)
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

    @Slot(str, str)
    def setSignature(self, field_id: str, data_url: str) -> None:
        """The finger-drawn signature as PNG (a data: URL from the canvas), placed in the document."""
        prefix = "data:image/png;base64,"
        if self._session is None or not data_url.startswith(prefix):
            return
        self._session.set(field_id, {"png": data_url[len(prefix) :]})
        self._answered(field_id)
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
        self._answered(field_id)
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
        self._answered(field_id)
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
