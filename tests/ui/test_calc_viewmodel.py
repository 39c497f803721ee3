"""The calculators' view-model on its own: every field of every calculator and kind has its words in
both languages, the date steppers keep a real date, and prepared screens compute at once."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.calc.fees import KINDS
from kiosk.config import CalcSettings
from kiosk.i18n import LANGUAGES, load_catalogs
from ui.screens import SCREENS
from ui.viewmodels.calc import CALCULATOR_ICONS, Calculators
from ui.viewmodels.i18n import I18n
from ui.viewmodels.navigator import Navigator


def _calc(settings: CalcSettings | None = None, today: date = date(2024, 3, 31)) -> Calculators:
    i18n = I18n(load_catalogs(), default_language="zh_CN")
    return Calculators(settings=settings or CalcSettings(), i18n=i18n, nav=Navigator(list(SCREENS)),
                       on_visitor_input=lambda: None, today=lambda: today)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_has_a_label_and_a_hint(language: str) -> None:
    calc = _calc()
    calc._i18n.setLanguage(language)
    for name in CALCULATOR_ICONS:
        for kind in KINDS if name == "litigation-fee" else [""]:
            calc.open(name)
            if kind:
                calc.chooseKind(kind)
            for step in range(calc.property("stepCount")):
                calc.prepare("", {}, 0)  # no-op: keeps the visitor's state
                calc._step = step
                field = calc.property("field")
                assert field["label"] and field["hint"], (name, kind, step)
                assert calc.property("formSpoken")
    assert len(calc.property("kinds")) == len(KINDS)


def test_date_steps_start_today_and_stay_real_dates() -> None:
    calc = _calc(today=date(2024, 3, 31))
    calc.open("severance")
    calc.stepDate("start", "month", -1)  # 31 March − 1 month: the last day of February
    assert calc.property("values")["start"] == "2024-02-29"
    calc.stepDate("start", "year", -1)   # 2023 has no 29 February
    assert calc.property("values")["start"] == "2023-02-28"
    calc.stepDate("start", "day", 1)     # days wrap inside the month
    assert calc.property("values")["start"] == "2023-02-01"
    calc.stepDate("start", "month", -2)  # each wheel wraps on its own, as the year is shown beside it
    assert calc.property("values")["start"] == "2023-12-01"
    field = calc.property("field")
    assert (field["year"], field["month"], field["day"]) == ("2023", "12", "01")


def test_the_average_wage_setting_prefills_the_field() -> None:
    calc = _calc(CalcSettings(local_average_monthly_wage=12345678.0))
    calc.open("severance")
    assert calc.property("values")["local_average_wage"] == "12345678"
    calc = _calc(CalcSettings(local_average_monthly_wage=7600.5, local_average_wage_source="示例市2025年"))
    calc.open("severance")
    assert calc.property("values")["local_average_wage"] == "7600.5"
    calc._step = 3
    assert "示例市2025年" in calc.property("field")["hint"]


def test_a_prepared_result_screen_computes_at_once() -> None:
    calc = _calc()
    calc.prepare("litigation-fee", {"kind": "property", "amount": "88000"}, 0)
    result = calc.property("result")
    assert [f["amount"] for f in result["figures"]] == ["2,000.00", "1,000.00"]
    assert result["articles"][0]["title"] == "《诉讼费用交纳办法》第十三条"
    assert not result["articles"][0]["inPack"]
