"""The typical legal-aid case, tapped through the real QML as a visitor would: a migrant worker
owed three months' wages, no ID-card reader, the given names spelled in Pinyin on the virtual
keyboard (surnames, the township and the village as tiles), numbers on the number pad; no
household questions (a migrant worker claiming wages is exempt from the means check, 法律援助法
art. 42). Shared by the flow test and `bench/form_walkthrough.py`.

Answers that follow from earlier ones (案由, the applicant's role, the help wanted, the start of
the account of what happened) are shown pre-chosen and marked; the visitor reads them and goes on,
so they cost no touch here, and `PRESET_ON_THE_WAY` names them for the test to check they were
on the screen, marked, when 下一步 was pressed."""

from __future__ import annotations

from tests.ui.conftest import find
from tests.ui.finger import Finger
from tests.ui.form_steps import REVIEW, header, next_step, open_form

# REVIEW and header are imported from here by bench/form_walkthrough.py as well.
__all__ = ["PRESET_ON_THE_WAY", "REVIEW", "header", "legal_aid_to_review"]

# (step header start, field id) of each pre-chosen answer the walk accepts as shown.
PRESET_ON_THE_WAY = (
    ("第1步", "case.cause"),
    ("第3步", "case.role"),
    ("第3步", "case.aid_type"),
    ("第3步", "case.facts"),
)


def _next(finger: Finger, expected_header_start: str) -> None:
    # 下一步 stays in view above the open keyboard: no 收起键盘 first.
    kiosk = finger.kiosk
    shown = header(kiosk)
    for step, field_id in PRESET_ON_THE_WAY:
        if shown.startswith(step):
            assert find(kiosk, f"preset_{field_id}").isVisible(), f"{field_id} not shown as pre-chosen"
    next_step(finger, expected_header_start)


def legal_aid_to_review(finger: Finger, *, id_card: bool = False, village_tiles: bool = False) -> None:
    """From the home screen to the review page of the legal-aid application; with `id_card` the
    visitor puts the card on the reader instead of keying name, ID number and address; with
    `village_tiles` the kiosk is set up with its township's villages ([forms] county_code,
    villages) and the visitor taps 刘庄村 at once; without it, 汲冢镇 and then 刘庄村 from the pack's
    townships of the county (no Pinyin either way)."""
    open_form(finger, "legal_aid")
    # 1 要办什么事
    finger.tap("option_case.matter_labour_pay")  # 案由 拖欠工资 follows, marked
    finger.tap("suggest_case.unpaid_months_2")  # 3 个月
    _next(finger, "第2步")
    # 2 申请人的情况: birth date and sex come from the ID number
    if id_card:
        finger.tap("readIdCard")
    else:
        finger.tap("surname_applicant.name_王")  # the surname tile; the keyboard opens
        finger.type_chinese("x ming", "小明")  # 简拼 x-m, then -ing until 小明 is offered
        finger.tap("suggest_applicant.ethnicity_0")  # 汉
        # 411625: 河南省周口市郸城县, put into the address picker from the number, marked
        finger.keypad("applicant.id_number", "411625194912310024")
        assert find(finger.kiosk, "preset_applicant.address").isVisible()
        if not village_tiles:  # the pack's townships of 郸城县 (NBS 2023), then the township's villages
            finger.tap("township_applicant.address_汲冢镇")
        finger.tap("village_applicant.address_刘庄村")  # the hall's list writes 汲冢镇刘庄村 too
    finger.keypad("applicant.phone", "13812345678")
    finger.tap("option_applicant.groups_migrant_worker")
    finger.tap("option_applicant.previous_aid_no")
    _next(finger, "第3步")
    # 3 案件情况: 申请人一方, 请律师代理 and 对方拖欠我3个月工资… are pre-chosen from step 1
    finger.tap("option_case.stage_not_started")
    finger.tap("surname_respondent.name_张")
    finger.type_chinese("j jun", "建军")  # j-j does not offer 建军; j-j-u-n does
    # 家庭经济情况 is not asked: a migrant worker claiming wages is exempt from the means check
    # (法律援助法 art. 42), so the pledge follows the case.
    _next(finger, "第4步，共4步：承诺和签名")
    # 4 签名
    finger.tap("option_sign.pledge_yes")
    finger.tap("signLater_applicant.signature")
    _next(finger, REVIEW)
