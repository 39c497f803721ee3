"""算一算 on the kiosk: the calculator chosen, what the visitor entered one field at a time, and the
result with its formula and articles, until the visitor's session ends."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.calc.calculators import calculate
from kiosk.calc.fees import KINDS
from kiosk.calc.inputs import parse_date, parse_money
from kiosk.calc.result import CalcInputError, CalcResult, Citation
from kiosk.config import CalcSettings
from kiosk.content.numerals import article_label
from ui.viewmodels.i18n import I18n
from ui.viewmodels.navigator import Navigator

if TYPE_CHECKING:  # ui.features lists this module's wiring, so import it only for the type
    from ui.features import FeatureContext

CALCULATOR_ICONS = {
    "litigation-fee": "gavel", "preservation-fee": "shield-lock",
    "enforcement-fee": "cash-banknote", "severance": "briefcase",
}  # fmt: skip
# Kinds of case where an amount is asked for, and whether it must be given.
AMOUNT_KINDS = {"property": True, "divorce": False, "personality": False}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


@dataclass(frozen=True)
class _Field:
    key: str
    kind: str  # "choice", "money" or "date"
    required: bool


def _fields(calculator: str, kind: str) -> list[_Field]:
    if calculator == "litigation-fee":
        fields = [_Field("kind", "choice", True)]
        if kind in AMOUNT_KINDS:
            fields.append(_Field("amount", "money", AMOUNT_KINDS[kind]))
        return fields
    if calculator == "severance":
        return [_Field("start", "date", True), _Field("end", "date", True),
                _Field("monthly_wage", "money", True), _Field("local_average_wage", "money", False)]
    return [_Field("amount", "money", False)]


class Calculators(QObject):
    changed = Signal()

    def __init__(
        self,
        *,
        settings: CalcSettings,
        i18n: I18n,
        nav: Navigator,
        on_visitor_input: Callable[[], None],
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._i18n = i18n
        self._nav = nav
        self._on_visitor_input = on_visitor_input
        self._today = today
        self._calculator = ""
        self._values: dict[str, str] = {}
        self._step = 0
        self._error = ""
        self._result: CalcResult | None = None
        # Sentences and the result follow the visitor's language switch.
        i18n.changed.connect(self._relabel)

    # --- choosing and entering -----------------------------------------------------------------
    @Slot(str)
    def open(self, calculator: str) -> None:
        self._calculator = calculator
        self._values = {}
        if calculator == "severance" and self._settings.local_average_monthly_wage:
            wage = Decimal(str(self._settings.local_average_monthly_wage)).normalize()
            self._values["local_average_wage"] = f"{wage:f}"  # 7600.0 → "7600", never "7.6e+03"
        self._step, self._error, self._result = 0, "", None
        self.changed.emit()
        self._nav.go("calc_form", {"calculator": calculator})

    @Slot(str, dict, int)
    def prepare(self, calculator: str, values: dict[str, Any], step: int) -> None:
        """A calc screen opened straight from its parameters (a guide's link, a screenshot) rather
        than through open(): take the calculator and any inputs given, keep the visitor's own."""
        if calculator == self._calculator or calculator not in CALCULATOR_ICONS:
            return
        self._calculator = calculator
        self._values = {str(k): str(v) for k, v in values.items()}
        self._error = ""
        self._step = max(0, min(step, len(self._current_fields()) - 1))
        self.calculate_quietly()
        self.changed.emit()

    @Slot(str)
    def chooseKind(self, kind: str) -> None:
        if kind in KINDS:
            self._values = {"kind": kind}
            self._on_visitor_input()
            self.next()

    @Slot(str, str)
    def setValue(self, key: str, text: str) -> None:
        if self._values.get(key, "") != text:
            self._values[key] = text
            self._error = ""
            if text:
                self._on_visitor_input()
            self.changed.emit()

    @Slot(str, str, int)
    def stepDate(self, key: str, part: str, delta: int) -> None:
        """Year, month or day one step up or down; a date not yet chosen starts from today. The day
        is kept within the month (31 March − 1 month = 28/29 February)."""
        try:
            current = date.fromisoformat(self._values.get(key, ""))
        except ValueError:
            current = self._today()  # a date not yet chosen: the first step is from today
        year, month, day = current.year, current.month, current.day
        if part == "year":
            year = min(max(year + delta, 1950), 2100)
        elif part == "month":
            month = (month - 1 + delta) % 12 + 1
        else:
            day = (day - 1 + delta) % calendar.monthrange(year, month)[1] + 1
        day = min(day, calendar.monthrange(year, month)[1])
        self.setValue(key, date(year, month, day).isoformat())

    @Slot()
    def next(self) -> None:
        fields = self._current_fields()
        if not fields:
            return
        field = fields[min(self._step, len(fields) - 1)]
        try:
            self._check(field)
        except CalcInputError as refused:
            self._error = refused.sentence(self._i18n.text)
            self.changed.emit()
            return
        self._error = ""
        if self._step + 1 < len(self._current_fields()):
            self._step += 1
            self.changed.emit()
        else:
            self.calculate()

    @Slot()
    def previous(self) -> None:
        if self._step > 0:
            self._step -= 1
            self._error = ""
            self.changed.emit()

    def _check(self, field: _Field) -> None:
        text = self._values.get(field.key, "").strip()
        if not text:
            if field.required:
                raise CalcInputError("calc.error.missing", field=field.key)
            return
        if field.kind == "money":
            parse_money(text, field=field.key)
        elif field.kind == "date":
            parse_date(text, field=field.key)

    @Slot()
    def calculate(self) -> None:
        inputs = {k: v for k, v in self._values.items() if v.strip()}
        try:
            self._result = calculate(self._calculator, inputs, settings=self._settings, text=self._i18n.text)
        except CalcInputError as refused:
            self._error = refused.sentence(self._i18n.text)
            keys = [f.key for f in self._current_fields()]
            wrong = refused.values.get("field")
            # Dates that are each fine but out of order: show the second one to fix.
            wrong = "end" if refused.key == "calc.error.end_before_start" else wrong
            if wrong in keys:
                self._step = keys.index(str(wrong))
            self.changed.emit()
            return
        self._error = ""
        self.changed.emit()
        self._nav.go("calc_result", {"calculator": self._calculator})

    def reset(self) -> None:
        self._calculator, self._values, self._step = "", {}, 0
        self._error, self._result = "", None
        self.changed.emit()

    def _relabel(self) -> None:
        if self._result is not None:
            self.calculate_quietly()
        self._error = ""
        self.changed.emit()

    def calculate_quietly(self) -> None:
        """Compute the result without moving between screens (a language switch, a prepared screen)."""
        inputs = {k: v for k, v in self._values.items() if v.strip()}
        try:
            self._result = calculate(self._calculator, inputs, settings=self._settings, text=self._i18n.text)
        except CalcInputError:
            self._result = None

    # --- what QML shows -------------------------------------------------------------------------
    def _current_fields(self) -> list[_Field]:
        return _fields(self._calculator, self._values.get("kind", ""))

    def _field_dict(self, field: _Field) -> dict[str, Any]:
        text = self._i18n.text
        kind = self._values.get("kind", "")
        suffix = f".{kind}" if self._calculator == "litigation-fee" and field.key == "amount" else ""
        value = self._values.get(field.key, "")
        shown: dict[str, Any] = {
            "key": field.key, "kind": field.kind, "required": field.required, "value": value,
            "label": text(f"calc.ui.label.{self._calculator}.{field.key}{suffix}"),
            "hint": text(f"calc.ui.hint.{self._calculator}.{field.key}{suffix}"),
        }  # fmt: skip
        if field.key == "local_average_wage" and self._settings.local_average_wage_source:
            shown["hint"] += " " + text("calc.ui.average_source",
                                        source=self._settings.local_average_wage_source)
        if field.kind == "date":
            shown["year"], shown["month"], shown["day"] = [*value.split("-"), "", "", ""][:3]
        return shown

    def _field(self) -> dict[str, Any]:
        fields = self._current_fields()
        if not self._calculator or not fields:
            return {}
        return self._field_dict(fields[min(self._step, len(fields) - 1)])

    def _calculators(self) -> list[dict[str, str]]:
        return [
            {"id": name, "icon": icon, "title": self._i18n.text(f"calc.ui.name.{name}"),
             "subtitle": self._i18n.text(f"calc.ui.what.{name}")}
            for name, icon in CALCULATOR_ICONS.items()
        ]  # fmt: skip

    def _kinds(self) -> list[dict[str, str]]:
        return [{"id": kind, "title": self._i18n.text(f"calc.ui.kind.{kind}")} for kind in KINDS]

    def _citation(self, citation: Citation) -> dict[str, Any]:
        short = citation.law.removeprefix("中华人民共和国")
        return {
            "law": citation.law, "number": citation.article, "inPack": citation.in_pack_law,
            "title": f"《{short}》{article_label(citation.article)}", "note": citation.note,
        }  # fmt: skip

    def _result_dict(self) -> dict[str, Any]:
        result = self._result
        if result is None:
            return {}
        text = self._i18n.text
        spoken_figures = "。".join(
            text("calc.ui.spoken_figure", label=f.label, amount=f.spoken) for f in result.figures
        )
        spoken_formula = _THOUSANDS.sub("", result.formula).replace("×", text("calc.ui.times"))
        spoken_formula = spoken_formula.replace("=", text("calc.ui.equals"))
        citations = [self._citation(c) for c in result.articles]
        title = text(f"calc.ui.name.{result.calculator}")
        formula = spoken_formula.split("\n")
        # Read in the screen's order; the screen highlights a row by its paragraph number
        # (formulaAt, articlesAt, notesAt), so these follow the list as it is built here.
        spoken = [f"{title}。{spoken_figures}", text("calc.ui.how"), *formula, text("calc.ui.basis"),
                  *(f"{c['title']}：{c['note']}" for c in citations)]
        notes_at = len(spoken) + 1
        if result.notes:
            spoken += [text("calc.ui.notes"), *result.notes]
        return {
            "title": title,
            "figures": [{"label": f.label, "amount": f.amount, "main": f.main} for f in result.figures],
            "formula": result.formula.split("\n"),
            "articles": citations,
            "notes": list(result.notes),
            "formulaAt": 2,
            "articlesAt": 3 + len(formula),
            "notesAt": notes_at,
            "spoken": [*spoken, text("calc.ui.again")],
        }

    def _step_text(self) -> str:
        # Before the kind of case is chosen, how many items follow is not known yet.
        if not self._calculator or self._field().get("kind") == "choice":
            return ""
        return self._i18n.text("calc.ui.step", n=self._step + 1, total=len(self._current_fields()))

    def _form_spoken(self) -> str:
        """What 朗读 says on the form, in the screen's order: the calculator, where the visitor is,
        what to enter, what is entered, errors, then the buttons (the keypad's keys are not read)."""
        field = self._field()
        if not field:
            return ""
        text = self._i18n.text
        value = field["value"]
        last = self._step + 1 >= len(self._current_fields())
        buttons = []
        if field["kind"] == "money":
            # An empty amount shows "0 元", and is read so.
            value = text("calc.ui.spoken_money", amount=value or "0")
            buttons.append(text("calc.ui.clear"))
        elif value and field["kind"] == "date":
            value = text("calc.ui.spoken_date", year=field["year"], month=int(field["month"]),
                         day=int(field["day"]))
        elif field["kind"] == "choice":
            value = "；".join(kind["title"] for kind in self._kinds())
        if self._step > 0:
            buttons.append(text("calc.ui.previous"))
        if field["kind"] != "choice":
            buttons.append(text("calc.ui.calculate" if last else "calc.ui.next"))
        parts = (text(f"calc.ui.name.{self._calculator}"), self._step_text(), field["label"],
                 field["hint"], value, self._error, "、".join(buttons))
        return "\n".join(part for part in parts if part)

    calculator = Property(str, lambda self: self._calculator, notify=changed)
    stepText = Property(str, _step_text, notify=changed)
    formSpoken = Property(str, _form_spoken, notify=changed)
    calculators = Property(list, _calculators, notify=changed)
    kinds = Property(list, _kinds, notify=changed)
    values = Property(dict, lambda self: dict(self._values), notify=changed)
    field = Property(dict, _field, notify=changed)
    step = Property(int, lambda self: self._step, notify=changed)
    stepCount = Property(int, lambda self: len(self._current_fields()) if self._calculator else 0,
                         notify=changed)
    errorText = Property(str, lambda self: self._error, notify=changed)
    result = Property(dict, _result_dict, notify=changed)


def wire_calc(context: FeatureContext) -> dict[str, QObject]:
    """The calculators need no device and no content pack: only settings, language and navigation."""
    calc = Calculators(
        settings=context.settings.calc,
        i18n=context.i18n,
        nav=context.nav,
        on_visitor_input=context.session.markVisitorData,
    )
    return {"Calc": calc}
