"""Text as it should be said: numbers, dates, money, citations and law names written out in Chinese.

Every Mandarin voice reads 12348 as a quantity (一万两千…) and 《》 as noise. Before the text reaches
the voice, each kind of number is written the way a person would say it: hotlines, phone, ID and
ticket numbers digit by digit with 幺 for 1; article numbers, money, counts as quantities; years
digit by digit; percentages as 百分之…; brackets become pauses; a law is named in full the first
time and by its short name after that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kiosk.speech.numbers import decimal, digits, quantity

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Counted things after which a number is a quantity, never a code to spell out.
_UNITS = (
    "元块角分万亿千百倍个件人名位岁周年月日天号时小点分秒次条款项章节编页份户亩斤公里米平方度层楼"
    "栋室家所辆台张本套间瓶箱克吨级%％"
)
_LAW_PREFIX = "中华人民共和国"


@dataclass(frozen=True)
class LawName:
    """A law as it is cited: its full name and the short name used after the first mention."""

    full: str
    short: str


def law_names(names: Iterable[str]) -> list[LawName]:
    """Law names from full titles; the short name drops 中华人民共和国 (民法典)."""
    out = []
    for name in names:
        short = name.removeprefix(_LAW_PREFIX)
        out.append(LawName(full=name, short=short or name))
    return out


class Normaliser:
    """Turns one screen's text into what is said."""

    def __init__(self, laws: Sequence[LawName] = ()) -> None:
        self._laws = {law.full: law for law in laws}
        self._laws.update({law.short: law for law in laws if law.short not in self._laws})
        names = sorted(self._laws, key=len, reverse=True)
        self._law_pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def __call__(self, text: str, *, named: set[str] | None = None) -> str:
        """`named` collects the laws already said in full, to share it across a text's parts."""
        text = _brackets(text)
        text = self._law_names_once(text, set() if named is None else named)
        for pattern, say in _RULES:
            text = pattern.sub(say, text)
        return _tidy(text)

    def _law_names_once(self, text: str, named: set[str]) -> str:
        if self._law_pattern is None:
            return text

        def say(match: re.Match[str]) -> str:
            law = self._laws[match.group(0)]
            if law.full in named:
                return law.short
            named.add(law.full)
            return law.full

        return self._law_pattern.sub(say, text)


def _brackets(text: str) -> str:
    text = re.sub(r"[《》〈〉「」『』“”\"]", "", text)
    # An opening bracket is a short pause; what it holds is still said: 仲裁委员会（12333） → 仲裁
    # 委员会，幺二三三三。 A closing bracket before punctuation adds nothing.
    text = re.sub(r"\s*[（(【\[]\s*", "，", text)
    return re.sub(r"\s*[）)】\]]\s*", "，", text)


def _tidy(text: str) -> str:
    text = re.sub(r"，+(?=[，。！？；：、])", "", text)
    text = re.sub(r"([。！？；：、])，+", r"\1", text)
    text = re.sub(r"，{2,}", "，", text)
    text = re.sub(r"^[，\s]+|[，\s]+$", "", text)
    return re.sub(r"[ \t]+", " ", text)


def _date(match: re.Match[str]) -> str:
    year, month, day = match.group("y"), match.group("m"), match.group("d")
    out = digits(year).replace("幺", "一") + "年" if year else ""
    if month:
        out += quantity(int(month)) + "月"
    if day:
        out += quantity(int(day)) + (match.group("dw") or "日")
    return out


def _time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    hour_said = "两" if hour == 2 else quantity(hour)
    if minute == 0:
        return hour_said + "点"
    if minute == 30:
        return hour_said + "点半"
    return hour_said + "点" + ("零" if minute < 10 else "") + quantity(minute) + "分"


def _phone(match: re.Match[str]) -> str:
    # Groups are said with a short pause between them, as people read numbers out: 0851，幺二三四…
    return "，".join(digits(part) for part in re.split(r"[-\s]", match.group(0)) if part)


def _mobile(match: re.Match[str]) -> str:
    number = match.group(0)
    return "，".join(digits(part) for part in (number[:3], number[3:7], number[7:]))


def _masked(match: re.Match[str]) -> str:
    # An ID or phone number shown masked (110105********002X, 138****5678) is said as what can
    # be seen of it, never as one big number: 开头幺幺零幺零五，尾号零零二X.
    return "开头" + digits(match.group(1)) + "，尾号" + digits(match.group(2).upper())


def _code(match: re.Match[str]) -> str:
    letters, numbers = match.group(1), match.group(2)
    return " ".join(letters.upper()) + digits(numbers)


def _percent(match: re.Match[str]) -> str:
    per = "千分之" if match.group(2) == "‰" else "百分之"
    return per + decimal(match.group(1))


def _money(match: re.Match[str]) -> str:
    return decimal(match.group("n"), liang=True) + match.group("u")


def _yen(match: re.Match[str]) -> str:
    return decimal(match.group(1), liang=True) + "元"


def _article(match: re.Match[str]) -> str:
    return "第" + quantity(int(match.group(1))) + match.group(2)


def _range(match: re.Match[str]) -> str:
    return decimal(match.group(1)) + "到" + decimal(match.group(2))


def _counted(match: re.Match[str]) -> str:
    number, unit = match.group(1), match.group(2)
    if number == "2" and unit in _LIANG_UNITS:
        return "两" + unit  # 两个人, 两年, 两倍 — 二 only in names of things (二号, 第二条)
    return decimal(number, liang=unit not in "号条款项章节编点") + unit


_LIANG_UNITS = "个件人名位岁周年天次倍辆台张本套间瓶箱层栋斤亩公里米万千百亿点"


def _number(match: re.Match[str]) -> str:
    number = match.group(0)
    plain = number.replace(",", "")
    # Five or more digits with nothing counted after them is a hotline, phone, account or case
    # number (12348, 12333, 95588); so are the short emergency numbers.
    if "." not in plain and "," not in number and (len(plain) >= 5 or plain in _SHORT_HOTLINES):
        return digits(plain)
    if plain.startswith("0") and len(plain) > 1 and "." not in plain:
        return digits(plain)
    return decimal(number)


_SHORT_HOTLINES = frozenset({"110", "119", "120", "122", "114", "999", "12315", "12345", "12348"})
_AFTER_DIAL = r"(?<=拨打|致电|电话|热线|号码|呼叫)"

_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    # 18-digit ID numbers (last may be X), before any other number rule cuts them.
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), lambda m: digits(m.group(0).upper())),
    # Dates: 2023年5月1日, 2023-05-01, 2023/5/1, 2023.5.1; then a year or month-day alone.
    (
        re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?P<dw>)(?![\d.])"),
        _date,
    ),
    (
        re.compile(r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})(?P<dw>[日号]))?)?"),
        _date,
    ),
    (re.compile(r"(?P<y>)(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})(?P<dw>[日号]))?"), _date),
    (re.compile(r"(?<![\d:])(\d{1,2})[:：](\d{2})(?![\d:])"), _time),
    (re.compile(r"(?<=[点半分])\s*[-~～—–至]\s*(?=[零一二三四五六七八九十两])"), lambda m: "到"),
    # Phone numbers: area code + number, mobiles.
    (re.compile(r"(?<!\d)0\d{2,3}[-\s]\d{7,8}(?!\d)"), _phone),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), _mobile),
    # A mobile read back in groups (138 1234 5678) and a masked ID or phone number.
    (re.compile(r"(?<!\d)1[3-9]\d[-\s]\d{4}[-\s]\d{4}(?!\d)"), _phone),
    (re.compile(r"(?<![\d*])(\d{3,6})\*{4,}(\d{3}[\dXx])(?![\d*])"), _masked),
    (re.compile(r"(?<!\d)(?:400|800)[-\s]?\d{3}[-\s]?\d{4}(?!\d)"), _phone),
    # Ticket and case codes: A012, B7.
    (re.compile(r"(?<![A-Za-z])([A-Za-z]{1,2})(\d+)(?![\d.])"), _code),
    # Whatever follows 拨打 / 电话 is dialled, digit by digit.
    (re.compile(_AFTER_DIAL + r"\s*[:：]?\s*(\d{3,})"), lambda m: digits(m.group(1))),
    (re.compile(r"(" + _NUM + r")\s*([%％‰])"), _percent),
    (re.compile(r"[¥￥]\s*(" + _NUM + r")(?:\s*元)?"), _yen),
    (re.compile(r"(?P<n>" + _NUM + r")\s*(?P<u>(?:万|亿|千)?(?:元|块))"), _money),
    (re.compile(r"第\s*(\d+)\s*([条款项章节编])"), _article),
    # 民法典1079条, as people write it: said as the article it names.
    (re.compile(r"(?<=[法典例定])\s*(\d+)\s*条"), lambda m: "第" + quantity(int(m.group(1))) + "条"),
    (re.compile(r"(" + _NUM + r")\s*[-~～—–至]\s*(" + _NUM + r")(?=\s*[" + _UNITS + r"])"), _range),
    (re.compile(r"(" + _NUM + r")\s*([" + _UNITS + r"])"), _counted),
    (re.compile(_NUM), _number),
]
