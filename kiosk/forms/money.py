"""Money amounts as forms print them: 5,200.00 and the upper-case form (伍仟贰佰元整) of an IOU."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")
# 10^16 yuan is beyond any claim a kiosk visitor writes; above it the upper-case form is refused.
MAX_AMOUNT = Decimal("9999999999999999.99")


def to_cents(value: Any) -> Decimal | None:
    """A money answer as a Decimal rounded to the cent, or None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
        if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
            return None
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


def format_yuan(value: Any) -> str:
    amount = to_cents(value)
    return "" if amount is None else f"{amount:,.2f}"


def _four_digits(number: int) -> str:
    """0 < number < 10000, written with 拾佰仟 and the zeros a cheque writer puts in."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def rmb_upper(value: Any) -> str:
    """人民币大写 of an amount in yuan, e.g. 5200 → 伍仟贰佰元整, 1005.5 → 壹仟零伍元伍角.

    Written as banks and courts expect on an IOU, so a figure cannot be altered afterwards.
    Returns "" for a missing, negative or absurdly large amount.
    """
    amount = to_cents(value)
    if amount is None or amount < 0 or amount > MAX_AMOUNT:
        return ""
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = ""
    if yuan:
        groups: list[int] = []
        while yuan:
            groups.append(yuan % 10000)
            yuan //= 10000
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                need_zero = bool(text)
                continue
            if text and (need_zero or group < 1000):
                text += "零"
            text += _four_digits(group) + _BIG_UNITS[index]
            need_zero = False
        text += "元"
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text
