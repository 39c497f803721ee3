"""Severance against vectors written by hand from 劳动合同法 art. 47 and art. 87: service counted
in calendar months from the first day (both the first and the last day are days worked), six
months exactly and a day short, month ends and leap days, the 3× wage cap and the 12-year cap
that applies only when the wage is capped."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.calc.calculators import calculate
from kiosk.calc.result import CalcInputError, Text
from kiosk.calc.severance import service_between
from kiosk.config import CalcSettings

UNSET = CalcSettings()

# start, end → whole months, extra days, months' wages
SERVICE = [
    ("2023-01-01", "2023-01-01", 0, 1, "0.5"),      # one day: under six months, half a month
    ("2023-01-01", "2023-06-29", 5, 29, "0.5"),     # one day short of six months
    ("2023-01-01", "2023-06-30", 6, 0, "1"),        # exactly six months: counts as a year
    ("2023-01-01", "2023-12-30", 11, 30, "1"),
    ("2023-01-01", "2023-12-31", 12, 0, "1"),       # exactly a year
    ("2023-01-01", "2024-01-01", 12, 1, "1.5"),     # a year and a day: plus half a month
    ("2023-01-01", "2024-06-29", 17, 29, "1.5"),    # 17 months to 31 May, then Jun 1–29
    ("2023-01-01", "2024-06-30", 18, 0, "2"),
    ("2023-03-15", "2023-09-14", 6, 0, "1"),        # mid-month start: day before the same date
    ("2023-03-15", "2023-09-13", 5, 30, "0.5"),     # Aug 15 – Sep 13 is 30 days
    # Month ends: a start on the 31st completes a month at the end of a shorter month.
    ("2019-08-31", "2020-02-29", 6, 0, "1"),        # leap year: six months end on 29 Feb
    ("2019-08-31", "2020-02-28", 5, 29, "0.5"),
    ("2018-08-31", "2019-02-28", 6, 0, "1"),        # common year: on 28 Feb
    ("2018-08-31", "2019-02-27", 5, 28, "0.5"),
    # Leap-day starts.
    ("2020-02-29", "2020-08-28", 6, 0, "1"),
    ("2020-02-29", "2020-08-27", 5, 30, "0.5"),     # Jul 29 – Aug 27 is 30 days
    ("2020-02-29", "2021-02-28", 12, 0, "1"),       # no 29 Feb in 2021: the year ends on the 28th
    ("2020-02-29", "2024-02-28", 48, 0, "4"),       # 2024 has a 29 Feb: four years end the day before
    ("2018-07-01", "2023-11-20", 64, 20, "5.5"),    # the example
]


@pytest.mark.parametrize(("start", "end", "months", "days", "wage_months"), SERVICE)
def test_service_length(start: str, end: str, months: int, days: int, wage_months: str) -> None:
    service = service_between(date.fromisoformat(start), date.fromisoformat(end))
    assert (service.full_months, service.days) == (months, days)
    assert str(service.wage_months) == wage_months


# monthly wage, local average (or ""), start, end → months' wages, amount, double, capped
AMOUNTS = [
    ("5200", "7600", "2018-07-01", "2023-11-20", 5.5, "28600.00", "57200.00", False),
    ("1000", "", "2023-01-01", "2023-06-30", 1.0, "1000.00", "2000.00", None),
    ("1000", "", "2023-01-01", "2023-06-29", 0.5, "500.00", "1000.00", None),
    ("5200.01", "", "2023-01-01", "2023-06-29", 0.5, "2600.01", "5200.02", None),  # 2600.005 up
    # Wage exactly 3× the average is not above it: no cap, so thirteen years count in full.
    ("22800", "7600", "2010-01-01", "2022-12-31", 13.0, "296400.00", "592800.00", False),
    # A cent above 3×: the wage is capped at 22,800 and then the years at twelve.
    ("22800.01", "7600", "2010-01-01", "2022-12-31", 12.0, "273600.00", "547200.00", True),
    # Capped wage, but fewer than twelve years: the years stay as they are.
    ("30000", "7600", "2018-07-01", "2023-11-20", 5.5, "125400.00", "250800.00", True),
    # Capped wage, exactly twelve years: nothing to cut.
    ("30000", "7600", "2011-01-01", "2022-12-31", 12.0, "273600.00", "547200.00", True),
    # Capped wage, 12 years and 3 months = 12.5 months' wages → 12.
    ("30000", "7600", "2010-10-01", "2022-12-31", 12.0, "273600.00", "547200.00", True),
    # Wage not capped: twenty years count in full (the 12-year cap is only for capped wages).
    ("5000", "7600", "2009-01-01", "2028-12-31", 20.0, "100000.00", "200000.00", False),
    # No average wage known: no cap is applied, and the result says the cap was not checked.
    ("50000", "", "2009-01-01", "2028-12-31", 20.0, "1000000.00", "2000000.00", None),
]


@pytest.mark.parametrize(
    ("wage", "average", "start", "end", "months", "amount", "double", "capped"), AMOUNTS
)
def test_severance_amounts(
    zh: Text, wage: str, average: str, start: str, end: str,
    months: float, amount: str, double: str, capped: bool | None,
) -> None:  # fmt: skip
    inputs = {"start": start, "end": end, "monthly_wage": wage}
    if average:
        inputs["local_average_wage"] = average
    result = calculate("severance", inputs, settings=UNSET, text=zh)
    data = result.data
    assert (data["months"], data["amount"], data["unlawful_termination_amount"], data["capped"]) == (
        months, amount, double, capped)
    assert ("三倍封顶" in " ".join(result.notes)) == (capped is None)


def test_the_average_wage_setting_is_used_when_none_is_typed(zh: Text) -> None:
    inputs = {"start": "2010-01-01", "end": "2022-12-31", "monthly_wage": "30000"}
    data = calculate("severance", inputs, settings=CalcSettings(local_average_monthly_wage=7600),
                     text=zh).data
    assert (data["capped"], data["amount"]) == (True, "273600.00")
    typed = calculate("severance", {**inputs, "local_average_wage": "20000"},
                      settings=CalcSettings(local_average_monthly_wage=7600), text=zh).data
    assert (typed["capped"], typed["amount"]) == (False, "390000.00")  # 13 × 30000


def test_the_formula_and_articles_in_words(zh: Text) -> None:
    inputs = {"start": "2010-10-01", "end": "2022-12-31", "monthly_wage": "30000",
              "local_average_wage": "7600"}
    result = calculate("severance", inputs, settings=UNSET, text=zh)
    assert "12 年 3 个月 0 天" in result.formula
    assert "按 22,800.00 元计算" in result.formula
    assert "12.5 个月按 12 个月计算" in result.formula
    assert "22,800.00 × 12 = 273,600.00 元" in result.formula
    assert [(c.law, c.article, c.in_pack_law) for c in result.articles] == [
        ("中华人民共和国劳动合同法", 47, True), ("中华人民共和国劳动合同法", 87, True)]


def test_service_before_2008_cites_article_97(zh: Text) -> None:
    inputs = {"start": "2005-03-01", "end": "2020-02-29", "monthly_wage": "3000"}
    result = calculate("severance", inputs, settings=UNSET, text=zh)
    assert 97 in [c.article for c in result.articles]
    assert any("第九十七条" in note for note in result.notes)


@pytest.mark.parametrize(
    ("inputs", "key"),
    [
        ({"start": "2023-06-01", "end": "2023-05-31", "monthly_wage": "1000"}, "calc.error.end_before_start"),
        ({"start": "2023-02-29", "end": "2023-05-31", "monthly_wage": "1000"}, "calc.error.no_such_date"),
        ({"start": "2023/01/01", "end": "2023-05-31", "monthly_wage": "1000"}, "calc.error.not_date"),
        ({"start": "1900-01-01", "end": "2023-05-31", "monthly_wage": "1000"}, "calc.error.date_too_early"),
        ({"start": "2023-01-01", "end": "2023-05-31", "monthly_wage": "0"}, "calc.error.zero"),
        ({"start": "2023-01-01", "end": "2023-05-31"}, "calc.error.missing"),
        ({"start": "2023-01-01", "end": "2023-05-31", "monthly_wage": "1000",
          "local_average_wage": "0"}, "calc.error.zero"),
    ],
)
def test_bad_dates_and_wages_are_refused(zh: Text, inputs: dict[str, str], key: str) -> None:
    with pytest.raises(CalcInputError) as refused:
        calculate("severance", inputs, settings=UNSET, text=zh)
    assert refused.value.key == key
