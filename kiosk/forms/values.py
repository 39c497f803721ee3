"""Checks one answer against its field's type, and writes it as the document prints it.

Every problem is a sentence in both languages that says how to fix it (shown and read aloud on
the kiosk, printed by `lawpost form check`). Identifiers are checked by python-stdnum (cn.ric,
cn.uscc) after the GB 11643 rules that give a clearer sentence (real past date, real province).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from kiosk.forms.model import Field, Text
from kiosk.forms.money import format_yuan, to_cents
from kiosk.forms.regions import Regions

PHONE = re.compile(r"^1[3-9]\d{9}$")
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
# GB 11643 address codes begin with a province: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, and
# 71, 81, 82, 83 on residence permits for Taiwan, Hong Kong and Macao residents.
PROVINCE_PREFIXES = frozenset(
    [str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
                      *range(61, 66), 71, 81, 82, 83)]
)  # fmt: skip
YES_NO = {True: Text("是", "Yes"), False: Text("否", "No")}


@dataclass(frozen=True)
class Checked:
    value: Any = None
    error: Text | None = None


def _err(zh: str, en: str) -> Checked:
    return Checked(error=Text(zh, en))


def is_answered(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().replace("/", "-").replace(".", "-")
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text) or re.match(
        r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", text
    )
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def check_id_number(text: str, *, today: date) -> Checked:
    number = re.sub(r"\s", "", text).upper()  # a lower-case x is how many people type it
    if not _ID_SHAPE.match(number):
        return _err("身份证号码应是18位：17位数字加最后一位数字或X，请对照身份证重新输入。",
                    "An ID number has 18 characters: 17 digits, then a digit or X. Please re-enter it from th"
                    "e card.")  # fmt: skip
    if number[:2] not in PROVINCE_PREFIXES:
        return _err("身份证号码的前两位不是有效的省份代码，请对照身份证检查前六位。",
                    "The first two digits are not a province code. Please check the first six digits"
                    ".")  # fmt: skip
    born = parse_date(f"{number[6:10]}-{number[10:12]}-{number[12:14]}")
    if born is None or born > today or born.year < 1890:
        return _err("身份证号码中的出生日期（第7到14位）不是真实的日期，请检查这几位。",
                    "Digits 7–14 are not a real date of birth. Please check them.")  # fmt: skip
    if number[-1] != ric.calc_check_digit(number):
        return _err("身份证号码最后一位校验不对，可能有一位输错了，请逐位核对。",
                    "The last character does not match: one digit is probably mistyped. Please check each dig"
                    "it.")  # fmt: skip
    if not _area_code_known(number[:6]):
        return _err("身份证号码的地区代码（前六位）不存在，请对照身份证检查前六位。",
                    "The area code (first six digits) does not exist. Please check the first six digits"
                    ".")  # fmt: skip
    return Checked(value=ric.compact(number))


def facts_from_id_number(number: str, *, today: date) -> dict[str, str]:
    """The date of birth and sex a valid resident ID number carries (GB 11643: digits 7–14 are the
    birth date, the 17th is odd for a man and even for a woman), so a visitor who keyed the number
    is not asked again; empty when the number does not check."""
    checked = check_id_number(number, today=today)
    if checked.error is not None:
        return {}
    value = str(checked.value)
    return {
        "birth_date": f"{value[6:10]}-{value[10:12]}-{value[12:14]}",
        "sex": "male" if int(value[16]) % 2 else "female",
    }


def _area_code_known(code: str) -> bool:
    """Was this a county code at any time (python-stdnum's GB/T 2260 history)? stdnum's own
    ric.validate also wants the code to have existed in the birth year, which refuses real cards:
    a card issued after a county was renumbered carries the new code with an earlier birth date."""
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def _check_address(value: Any, regions: Regions) -> Checked:
    if isinstance(value, str):
        # Typed in full (CLI, ID-card reader): accepted when it starts with a province's name.
        text = value.strip()
        if len(text) >= 6 and any(text.startswith(p[:2]) for p in regions.province_names()):
            return Checked(value={"region": "", "detail": text})
        return _err("请从省份开始写地址，例如：河南省周口市郸城县某某镇某某村。",
                    "Please give the address starting with the province.")  # fmt: skip
    if not isinstance(value, dict):
        return _err(
            "请选择省、市、县，再填写详细地址。",
            "Please choose the province, city and county, then the street address.",
        )
    code, detail = str(value.get("region", "")), str(value.get("detail", "")).strip()
    if not regions.is_selectable(code):
        return _err(
            "请依次选到县（区）一级：省 → 市 → 县。",
            "Please choose down to the county: province → city → county.",
        )
    if len(detail) < 2:
        return _err(
            "请填写详细地址：乡镇、村（街道）、门牌号。",
            "Please add the street address: township, village or street, number.",
        )
    return Checked(value={"region": code, "detail": detail[:120]})


def _has_sub_cents(value: Any) -> bool:
    try:
        exact = Decimal(str(value).replace(",", "").strip())
        return exact.is_finite() and exact != exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return False


def _check_number(field: Field, value: Any, *, money: bool) -> Checked:
    amount = to_cents(value)
    if amount is None:
        return _err("请只填写数字，例如 5200。", "Please enter a number, e.g. 5200.")
    if money and _has_sub_cents(value):
        return _err("金额最多精确到分（小数点后两位）。", "An amount has at most two decimals (cents).")
    if not money and field.id.endswith((".age", "members", "count")) and amount != amount.to_integral_value():
        return _err("请填写整数。", "Please enter a whole number.")
    low = field.minimum if field.minimum is not None else 0
    if amount < low:
        return _err(f"不能小于 {low:g}，请重新填写。", f"It cannot be less than {low:g}.")
    if field.maximum is not None and amount > field.maximum:
        return _err(
            f"不能大于 {field.maximum:g}，请核对后重新填写。", f"It cannot be more than {field.maximum:g}."
        )
    number = float(amount) if money or amount != amount.to_integral_value() else int(amount)
    return Checked(value=number)


def check_value(field: Field, value: Any, *, today: date, regions: Regions) -> Checked:
    """The cleaned value, or the error sentence; `value` is answered (is_answered) here."""
    kind = field.type
    if kind in ("text", "long_text"):
        if not isinstance(value, str):
            return _err("请填写文字。", "Please enter text.")
        text = " ".join(str(value).split()) if kind == "text" else str(value).strip()
        limit = field.max_length or (40 if kind == "text" else 2000)
        if len(text) > limit:
            return _err(
                f"最多写 {limit} 个字，请删减一些。", f"At most {limit} characters; please shorten it."
            )
        return Checked(value=text)
    if kind in ("number", "money"):
        return _check_number(field, value, money=kind == "money")
    if kind == "date":
        day = parse_date(value)
        if day is None:
            return _err(
                "请选择一个真实的日期（年、月、日）。", "Please choose a real date (year, month, day)."
            )
        if field.when == "past" and day > today:
            return _err("这个日期不能晚于今天，请重新选择。", "This date cannot be after today.")
        if field.when == "future" and day < today:
            return _err("这个日期不能早于今天，请重新选择。", "This date cannot be before today.")
        return Checked(value=day.isoformat())
    if kind == "choice":
        if not isinstance(value, str) or value not in {o.value for o in field.options}:
            return _err("请从列出的选项中选一项。", "Please choose one of the options shown.")
        return Checked(value=value)
    if kind == "multi_choice":
        items = value if isinstance(value, list) else [value]
        allowed = [o.value for o in field.options]
        if any(not isinstance(v, str) or v not in allowed for v in items):
            return _err("请只从列出的选项中选择。", "Please choose only among the options shown.")
        return Checked(value=[v for v in allowed if v in items])
    if kind == "yes_no":
        if value in (True, "yes", "true", "是", 1) and value is not False:
            return Checked(value=True)
        if value in (False, "no", "false", "否", 0):
            return Checked(value=False)
        return _err("请选择“是”或“否”。", "Please choose Yes or No.")
    if kind == "id_number":
        return (
            check_id_number(str(value), today=today)
            if isinstance(value, str)
            else check_id_number("", today=today)
        )
    if kind == "phone":
        digits = re.sub(r"[\s-]", "", str(value))
        if not PHONE.match(digits):
            return _err(
                "手机号码应是以1开头的11位数字，请重新输入。",
                "A mobile number is 11 digits starting with 1. Please re-enter it.",
            )
        return Checked(value=digits)
    if kind == "credit_code":
        try:
            return Checked(value=uscc.validate(str(value)))
        except ValidationError:
            return _err("统一社会信用代码不对：应是营业执照上的18位代码，请逐位核对；不知道可以不填，写清单位"
                        "全称即可。",
                        "The credit code is not valid: copy the 18 characters from the business licence"
                        ".")  # fmt: skip
    if kind == "address":
        return _check_address(value, regions)
    if kind == "signature":
        if value == "later" or (isinstance(value, dict) and isinstance(value.get("png"), str)):
            return Checked(value=value)
        return _err(
            "请在框内签名，或选择“打印后手写签名”。", "Please sign in the box, or choose to sign on paper."
        )
    return _err("无法识别这项回答。", "This answer cannot be read.")


def display(field: Field, value: Any, *, regions: Regions, language: str = "zh_CN") -> str:
    """A cleaned value as the document and the review screen show it (never masked: the review
    screen masks ID and phone numbers itself)."""
    if not is_answered(value):
        return ""
    kind = field.type
    if kind == "money":
        return f"{format_yuan(value)}元" if language != "en" else f"¥{format_yuan(value)}"
    if kind == "date":
        day = parse_date(value)
        return f"{day.year}年{day.month}月{day.day}日" if day and language != "en" else str(value)
    if kind == "choice":
        return field.option_label(value, language)
    if kind == "multi_choice":
        return "、".join(field.option_label(v, language) for v in value)
    if kind == "yes_no":
        return YES_NO[bool(value)].get(language)
    if kind == "address" and isinstance(value, dict):
        return regions.full_name(str(value.get("region", ""))) + str(value.get("detail", ""))
    if kind == "signature":
        return "（打印后签名）" if value == "later" else "（已签名）"
    if kind == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def mask(field: Field, text: str) -> str:
    """On screen, ID and phone numbers are masked when not being edited (DESIGN.md)."""
    if field.type == "id_number" and len(text) == 18:
        return text[:6] + "********" + text[-4:]
    if field.type == "phone" and len(text) == 11:
        return text[:3] + "****" + text[-4:]
    return text
