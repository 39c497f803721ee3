"""Answer checks: GB 11643 ID numbers, phones, credit codes, money, dates; the safe expressions."""

from __future__ import annotations

import pytest

from kiosk.forms.expressions import ExpressionError, parse
from kiosk.forms.money import rmb_upper
from kiosk.forms.values import check_id_number
from tests.kiosk.forms.answers import TODAY


@pytest.mark.parametrize(
    ("number", "value", "message"),
    [
        ("11010519491231002X", "11010519491231002X", None),
        ("11010519491231002x", "11010519491231002X", None),  # lower-case x as typed
        (" 110105 19491231 002X ", "11010519491231002X", None),
        ("411625199001011237", "411625199001011237", None),  # code newer than the birth year: valid card
        ("110105194912310021", None, "校验不对"),
        ("11010519491231002", None, "18位"),
        ("1101051949123100XX", None, "18位"),
        ("991105194912310022", None, "省份代码"),
        ("110105194902300028", None, "出生日期"),  # 30 February
        ("110105202701010012", None, "出生日期"),  # born after today
        ("11019919491231002X", None, "地区代码"),  # checksum right, no such county
    ],
)
def test_id_numbers(number: str, value: str | None, message: str | None) -> None:
    checked = check_id_number(number, today=TODAY)
    assert checked.value == value
    assert (checked.error is None) == (message is None)
    if message:
        assert checked.error is not None and message in checked.error.zh and checked.error.en


@pytest.mark.parametrize(
    ("amount", "upper"),
    [(5200, "伍仟贰佰元整"), ("1005.5", "壹仟零伍元伍角"), (100010, "壹拾万零壹拾元整"),
     (10010000, "壹仟零壹万元整"),
     ("0.05", "伍分"), (1.01, "壹元零壹分"), (0, "零元整"), (-1, ""), ("abc", ""), (123456789.12,
     "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分")],
)  # fmt: skip
def test_upper_case_amounts(amount: object, upper: str) -> None:
    assert rmb_upper(amount) == upper


def test_expressions_read_dotted_field_ids_and_nothing_else() -> None:
    expr = parse("case.matter == 'labour_pay' and 'migrant_worker' in applicant.groups")
    assert expr.names == {"case.matter", "applicant.groups"}
    assert expr.truthy({"case.matter": "labour_pay", "applicant.groups": ["migrant_worker"]}, today=TODAY)
    assert not expr.truthy({}, today=TODAY)  # unanswered reads as None: false, not an error
    # A dotted name is a field id, never attribute access on a Python object.
    assert parse("case.items").evaluate({"case.items": 3}, today=TODAY) == 3
    assert parse("case.items").evaluate({}, today=TODAY) is None
    assert parse("years_between(a.b, today)").evaluate({"a.b": "2000-11-30"}, today=TODAY) == 26


@pytest.mark.parametrize(
    "source",
    ["__import__('os').system('echo hi')", "open('/etc/passwd')", "(1).__class__", "eval('1')", "x +"],
)
def test_unsafe_or_broken_expressions_are_refused(source: str) -> None:
    with pytest.raises(ExpressionError):
        parse(source).evaluate({}, today=TODAY)
