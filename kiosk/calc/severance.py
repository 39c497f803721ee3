"""Labour severance: 经济补偿 (劳动合同法 art. 47) and the double for unlawful termination (art. 87)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from kiosk.calc.result import (
    CalcInputError,
    CalcResult,
    Citation,
    Figure,
    Text,
    money_json,
    money_text,
    plain_number,
    spoken_money,
    to_cent,
)

LAW = "中华人民共和国劳动合同法"
# Art. 97: service before the law took effect is compensated under the rules of that time.
LAW_IN_FORCE = date(2008, 1, 1)
WAGE_CAP_TIMES = Decimal(3)
YEARS_CAP = Decimal(12)


@dataclass(frozen=True)
class Service:
    """Length of service from `start` to `end`, both days worked: whole calendar months, then days."""

    start: date
    end: date
    full_months: int
    days: int

    @property
    def years(self) -> int:
        return self.full_months // 12

    @property
    def months(self) -> int:
        return self.full_months % 12

    @property
    def wage_months(self) -> Decimal:
        """Art. 47: one month's wage per full year; a remainder of six months or more counts as a
        year, any shorter remainder (even days) as half a month."""
        if self.months >= 6:
            return Decimal(self.years + 1)
        if self.months or self.days:
            return Decimal(self.years) + Decimal("0.5")
        return Decimal(self.years)


def _month_start(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1)


def completed_on(start: date, months: int) -> date:
    """The day after which `months` calendar months from `start` are complete: the same day of the
    month `months` later, or, when that month has no such day (31 Jan + 1), the 1st of the next."""
    first = _month_start(start.year, start.month + months)
    last_day = calendar.monthrange(first.year, first.month)[1]
    if start.day <= last_day:
        return first.replace(day=start.day)
    return _month_start(first.year, first.month + 1)


def service_between(start: date, end: date) -> Service:
    if end < start:
        raise CalcInputError("calc.error.end_before_start")
    after_end = end + timedelta(days=1)  # the last day is a day worked
    months = (after_end.year - start.year) * 12 + after_end.month - start.month
    while months > 0 and completed_on(start, months) > after_end:
        months -= 1
    return Service(start, end, months, (after_end - completed_on(start, months)).days)


def severance(
    *,
    start: date,
    end: date,
    monthly_wage: Decimal,
    local_average_wage: Decimal | None,
    text: Text,
) -> CalcResult:
    """经济补偿 and 违法解除赔偿金. `local_average_wage` is the city's published average monthly wage
    of the previous year; without it the 3× cap cannot be checked and the result says so."""
    service = service_between(start, end)
    lines = [
        text("calc.f.service", start=start.isoformat(), end=end.isoformat(), years=service.years,
             months=service.months, days=service.days),
        text("calc.f.wage_months", wage_months=plain_number(service.wage_months)),
    ]  # fmt: skip
    notes: list[str] = []
    wage_months = service.wage_months
    base = monthly_wage
    capped: bool | None = None
    cap_wage: Decimal | None = None
    if local_average_wage is None:
        notes.append(text("calc.note.no_average_wage"))
    else:
        cap_wage = local_average_wage * WAGE_CAP_TIMES
        capped = monthly_wage > cap_wage
        if capped:
            base = cap_wage
            lines.append(text("calc.f.wage_capped", wage=money_text(monthly_wage),
                              average=money_text(local_average_wage), cap=money_text(cap_wage)))
            if wage_months > YEARS_CAP:
                lines.append(text("calc.f.years_capped", wage_months=plain_number(wage_months)))
                wage_months = YEARS_CAP
        else:
            lines.append(text("calc.f.wage_not_capped", wage=money_text(monthly_wage),
                              cap=money_text(cap_wage)))
    amount = to_cent(base * wage_months)
    double = to_cent(amount * 2)
    lines.append(text("calc.f.severance", base=money_text(base),
                      wage_months=plain_number(wage_months), amount=money_text(amount)))
    lines.append(text("calc.f.unlawful", amount=money_text(amount), double=money_text(double)))
    articles = [
        Citation(LAW, 47, text("calc.cite.47"), in_pack_law=True),
        Citation(LAW, 87, text("calc.cite.87"), in_pack_law=True),
    ]
    if start < LAW_IN_FORCE:
        notes.append(text("calc.note.before_2008"))
        articles.append(Citation(LAW, 97, text("calc.cite.97"), in_pack_law=True))
    notes.append(text("calc.note.wage_definition"))
    return CalcResult(
        calculator="severance",
        data={
            "start": start.isoformat(), "end": end.isoformat(),
            "service": {"full_months": service.full_months, "years": service.years,
                        "months": service.months, "days": service.days},
            "months": float(wage_months),
            "monthly_wage": money_json(monthly_wage),
            "local_average_wage": money_json(local_average_wage),
            "wage_cap": money_json(cap_wage),
            "capped": capped,
            "wage_base": money_json(base),
            "amount": money_json(amount),
            "unlawful_termination_amount": money_json(double),
        },
        figures=(
            Figure(text("calc.fig.severance"), money_text(amount), spoken_money(amount), main=True),
            Figure(text("calc.fig.unlawful"), money_text(double), spoken_money(double)),
        ),
        formula="\n".join(lines),
        articles=tuple(articles),
        notes=tuple(notes),
    )
