"""Text as it is said: each kind of number written out the way a person reads it aloud."""

from __future__ import annotations

import pytest

from kiosk.speech.normalise import LawName, Normaliser, law_names
from kiosk.speech.numbers import digits, quantity

LAWS = law_names(["中华人民共和国民法典", "中华人民共和国劳动合同法", "中华人民共和国社会保险法"])


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("请拨打12348", "请拨打幺二三四八"),  # hotline digit by digit, 1 as 幺
        ("拨打110报警", "拨打幺幺零报警"),
        ("电话：0851-86821234", "电话：零八五幺，八六八二幺二三四"),
        ("手机13812345678", "手机幺三八，幺二三四，五六七八"),
        ("请核对号码：138 1234 5678", "请核对号码：幺三八，幺二三四，五六七八"),
        ("联系电话：138****5678", "联系电话：开头幺三八，尾号五六七八"),
        ("身份证号码：110105********002x", "身份证号码：开头幺幺零幺零五，尾号零零二X"),
        ("身份证11010519491231002X", "身份证幺幺零幺零五幺九四九幺二三幺零零二X"),
        ("第1079条", "第一千零七十九条"),
        ("第1079条第2款", "第一千零七十九条第二款"),
        ("押金3,500元", "押金三千五百元"),
        ("赔偿￥12,800", "赔偿一万两千八百元"),
        ("1.5万元", "一点五万元"),
        ("2023年5月1日", "二零二三年五月一日"),
        ("2025-06-30前", "二零二五年六月三十日前"),
        ("工资的150%", "工资的百分之一百五十"),
        ("利率3.85%", "利率百分之三点八五"),
        ("3-5天", "三到五天"),
        ("8:30-17:00", "八点半到十七点"),
        ("2个月", "两个月"),
        ("2号窗口", "二号窗口"),
        ("请A012号", "请A零幺二号"),
        ("乘以1.5", "乘以一点五"),
        ("劳动保障监察（12333）投诉", "劳动保障监察，幺二三三三，投诉"),
        ("《中华人民共和国民法典》", "中华人民共和国民法典"),
    ],
)
def test_numbers_and_marks_are_written_as_said(written: str, said: str) -> None:
    assert Normaliser(LAWS)(written) == said


def test_a_law_is_named_in_full_once_then_by_its_short_name() -> None:
    said = Normaliser(LAWS)("依照《民法典》第1079条和民法典第1084条，以及社会保险法。")
    assert said == (
        "依照中华人民共和国民法典第一千零七十九条和民法典第一千零八十四条，以及中华人民共和国社会保险法。"
    )


def test_named_laws_are_remembered_across_the_parts_of_one_text() -> None:
    normalise, named = Normaliser(LAWS), set[str]()
    assert normalise("民法典规定", named=named) == "中华人民共和国民法典规定"
    assert normalise("民法典还规定", named=named) == "民法典还规定"


def test_a_law_without_a_prefix_keeps_its_name() -> None:
    assert law_names(["工伤保险条例"]) == [LawName(full="工伤保险条例", short="工伤保险条例")]


@pytest.mark.parametrize(
    ("n", "said"),
    [(0, "零"), (10, "十"), (15, "十五"), (101, "一百零一"), (1010, "一千零一十"), (10001, "一万零一"),
     (100000, "十万"), (1079, "一千零七十九"), (120000, "十二万"), (200000000, "二亿")],
)  # fmt: skip
def test_quantities(n: int, said: str) -> None:
    assert quantity(n) == said


def test_digits_say_one_as_yao() -> None:
    assert digits("12348") == "幺二三四八"
