"""Reading what a person typed (amounts in yuan, dates) into exact values, or a sentence why not."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from kiosk.calc.result import CalcInputError

# Above a trillion yuan a typing slip is far more likely than a real claim.
MAX_AMOUNT = Decimal("1000000000000")
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EARLIEST_DATE = date(1950, 1, 1)


def parse_money(text: str, *, field: str, allow_zero: bool = True) -> Decimal:
    """Yuan with at most two decimals ("88000", "5200.5", "1,200.00"); never negative."""
    cleaned = text.strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    if cleaned.endswith(".") and cleaned.count(".") == 1:
        cleaned = cleaned[:-1]  # "5." is what the keypad shows after the point key: five yuan
    if not cleaned:
        raise CalcInputError("calc.error.missing", field=field)
    if cleaned.startswith("-"):
        raise CalcInputError("calc.error.negative", field=field)
    if not _MONEY.match(cleaned):
        raise CalcInputError("calc.error.not_money", field=field, value=text.strip()[:20])
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # the pattern makes this unreachable; kept for safety
        raise CalcInputError("calc.error.not_money", field=field, value=text.strip()[:20]) from None
    if value > MAX_AMOUNT:
        raise CalcInputError("calc.error.too_large", field=field)
    if value == 0 and not allow_zero:
        raise CalcInputError("calc.error.zero", field=field)
    return value


def parse_date(text: str, *, field: str) -> date:
    """A calendar date written YYYY-MM-DD; it must exist (no 2023-02-29)."""
    match = _DATE.match(text.strip())
    if not match:
        raise CalcInputError("calc.error.not_date", field=field, value=text.strip()[:20])
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CalcInputError("calc.error.no_such_date", field=field, value=text.strip()) from None
    if value < EARLIEST_DATE:
        raise CalcInputError("calc.error.date_too_early", field=field)
    return value
