"""Chinese and Arabic numerals in article labels and queries ("第一千零七十九条", "1079条")."""

from __future__ import annotations

import re

_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万0-9０-９"
_LABEL = re.compile(rf"^第([{NUMERAL_CHARS}]+)条(?:之([{NUMERAL_CHARS}]+))?$")
# Numbers above this are not article numbers of any law (民法典 ends at 1260).
MAX_ARTICLE = 9999


def parse_number(text: str) -> int | None:
    """Parse "1079", "１０７９", "一千零七十九", "十", "二十一" or "一〇七九" into an int."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text):  # digit-by-digit form: 一〇七九
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        elif ch == "万":
            total = (total + current) * 10000
            current = 0
        else:
            return None
    return total + current


def parse_article_label(label: str) -> tuple[int, int] | None:
    """Parse "第十七条之一" → (17, 1), "第三条" → (3, 0); anything else (e.g. "全文") → None."""
    match = _LABEL.match(label.strip())
    if match is None:
        return None
    number = parse_number(match.group(1))
    sub = parse_number(match.group(2)) if match.group(2) else 0
    if number is None or sub is None or not 0 < number <= MAX_ARTICLE:
        return None
    return number, sub


def chinese_number(value: int) -> str:
    """1079 → "一千零七十九"; the form used in article labels."""
    if value <= 0:
        return "零"
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    zero_pending = False
    for unit, name in units:
        digit = value // unit % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(digits[digit] + name)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def article_label(number: int, sub: int = 0) -> str:
    label = f"第{chinese_number(number)}条"
    return f"{label}之{chinese_number(sub)}" if sub else label
