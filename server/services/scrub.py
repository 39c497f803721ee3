"""Removes anything that looks like personal data from free text before it is stored.

The kiosk strips queries first; this is the server's second line (defence in depth). It errs
towards removing too much: a statistic loses a word, a person never loses their privacy.
"""

from __future__ import annotations

import re

# Common surnames (the top ~60 cover most of the population) for "王先生 / 李阿姨" patterns.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
_CJK = "\u4e00-\u9fff"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[邮箱]"),
    # Resident ID numbers: 18 characters (last may be X) or the old 15 digits.
    (re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9])|(?<![0-9])\d{15}(?![0-9])"), "[证件号]"),
    # Mobile numbers, with an optional +86 and spaces or dashes (138 1234 5678).
    (re.compile(r"(?<![0-9])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![0-9])"), "[电话]"),
    # Landlines with an area code: 010-12345678, 0571 8765432.
    (re.compile(r"(?<![0-9])0\d{2,3}[\s-]?\d{7,8}(?![0-9])"), "[电话]"),
    # Any other long run of digits (bank cards, case numbers, addresses' house numbers).
    (re.compile(r"\d{8,}"), "[数字]"),
    # "我叫张三", "姓名：王五", "名字叫李小明" ("我是…" is left alone: "我是农民工" is a statistic).
    (re.compile(rf"(我叫|姓名[:：]?|名字[是叫]?[:：]?)\s*[{_CJK}]{{2,4}}"), r"\1[姓名]"),
    # "王先生", "李阿姨", "张女士" and the like.
    (re.compile(rf"[{_SURNAMES}][{_CJK}]?(?:先生|女士|小姐|阿姨|大爷|大妈|师傅|老板)"), "[姓名]"),
    (re.compile(r"(?i)\b(my name is|i am|i'm)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"), r"\1 [name]"),
)


def scrub_text(text: str) -> str:
    """`text` with ID numbers, phone numbers, e-mail addresses and name patterns replaced."""
    cleaned = text
    for pattern, replacement in _PATTERNS:
        cleaned = pattern.sub(replacement, cleaned)
    return cleaned
