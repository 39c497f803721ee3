"""The typical legal-aid case by real taps and key presses: it reaches the review with the right
answers, birth date and sex taken from the ID number, causes and ethnic group offered as buttons,
the answers that follow from 讨要工资 pre-chosen and marked on the screen and on the review, the
village as two tiles (township, village), and no household-income step (art. 42).
The touch counts and times are figures for `bench/form_walkthrough.py`, not asserted here."""

from __future__ import annotations

from tests.ui.conftest import find
from tests.ui.finger import Finger
from tests.ui.form_steps import REVIEW, header
from tests.ui.form_walkthrough import legal_aid_to_review
from ui.app import Kiosk


def test_a_migrant_worker_applies_for_legal_aid_by_touch(kiosk: Kiosk) -> None:
    finger = Finger(kiosk)
    legal_aid_to_review(finger)
    assert header(kiosk) == REVIEW
    review = kiosk.view_models["Forms"].property("review")
    shown = {
        (section["stepId"], item["label"]): str(item["text"])
        for section in review
        for item in section["items"]
    }
    assert shown["applicant", "姓名"] == "王小明"
    assert shown["applicant", "民族"] == "汉"
    assert shown["applicant", "出生日期"] == "1949年12月31日"  # from the ID number, not keyed
    assert shown["applicant", "性别"] == "女"
    assert shown["matter", "用一句话说是什么纠纷（案由）"] == "拖欠工资"
    facts = "对方拖欠我3个月工资，至今没有支付。我请求对方支付拖欠的工资。"  # begun from 3 个月
    assert shown["case", "事情经过和您的请求"] == facts
    assert shown["case", "您在这件事里是"] == "要求对方给钱或办事的一方（原告、申请人）"
    assert shown["case", "您希望得到哪种帮助？"] == "请律师代理（出庭、仲裁）"
    assert not any(section["stepId"] == "money" for section in review)  # exempt: not asked (art. 42)
    assert "免予核查" in str(find(kiosk, "eligibilityText").property("text"))
    marked = {item["label"] for section in review for item in section["items"] if item["preset"]}
    assert marked == {
        "用一句话说是什么纠纷（案由）", "您在这件事里是", "您希望得到哪种帮助？", "事情经过和您的请求"
    }  # fmt: skip
    assert shown["applicant", "住址"] == "河南省周口市郸城县汲冢镇刘庄村"  # two tiles, no Pinyin
    assert "suggest_case.unpaid_months_2" in finger.log and "keyboardHide" not in finger.log
    assert finger.key_presses > 0
