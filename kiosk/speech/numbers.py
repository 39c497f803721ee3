"""Arabic numbers as spoken Mandarin: quantities (一千零七十九), digit strings (幺二三四八), decimals."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
# In phone numbers, hotlines, ID and ticket numbers 1 is said 幺 (yāo): 一 and 七 sound alike over a
# hall's loudspeaker, and it is how 12348 and 110 are said on the phone.
_CALL_DIGITS = "零幺二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")


def digits(text: str) -> str:
    """Say each digit: '12348' → '幺二三四八'; other characters are kept (X of an ID number)."""
    return "".join(_CALL_DIGITS[int(c)] if c.isdigit() else c for c in text)


def _four(n: int) -> str:
    """0 < n < 10000 without the leading 零 rules of the whole number."""
    out: list[str] = []
    zero = False
    for power in range(3, -1, -1):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + _SMALL_UNITS[power])
    return "".join(out)


def quantity(n: int, *, liang: bool = False) -> str:
    """1079 → 一千零七十九; 10 → 十; 3500 → 三千五百. `liang` says 2 before 千/万/亿 as 两 (amounts)."""
    if n == 0:
        return "零"
    if n < 0:
        return "负" + quantity(-n, liang=liang)
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out: list[str] = []
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or group < 1000):
            out.append("零")
        need_zero = False
        out.append(_four(group) + _BIG_UNITS[index])
    text = "".join(out)
    if text.startswith("一十"):
        text = text[1:]  # 十五, not 一十五
    if liang:
        # 两千, 一万两千, 两万两千 — but 十二万 keeps its 二.
        text = re.sub(r"(?<!十)二(?=[千万亿])", "两", text)
    return text


def decimal(text: str, *, liang: bool = False) -> str:
    """'1.5' → 一点五; '3,500' → 三千五百; '0.05' → 零点零五."""
    text = text.replace(",", "").replace("，", "")
    whole, _, fraction = text.partition(".")
    spoken = quantity(int(whole or "0"), liang=liang and not fraction)
    if fraction:
        spoken += "点" + "".join(_DIGITS[int(c)] for c in fraction)
    return spoken
