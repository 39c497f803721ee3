"""The quicker legal-aid form through the real QML, by real presses: answers that follow from the
matter shown pre-chosen with 已按您前面的回答选好，可改 (and the mark gone once changed), wage
months and household size as buttons, the facts begun from them, and 下一步 in reach above the open
keyboard (portrait and landscape)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtQuick import QQuickItem

from tests.ui.conftest import find, shown
from tests.ui.finger import Finger
from tests.ui.form_steps import forms_model, go_to_step, header, open_form
from ui.app import Kiosk
from ui.shot import settle

PRESET = "已按您前面的回答选好，可改"


def _marked(kiosk: Kiosk, field_id: str) -> bool:
    """The mark is named only while shown (under a text box, or above a choice's buttons)."""
    return shown(kiosk, f"preset_{field_id}")


def _field(kiosk: Kiosk, field_id: str) -> dict[str, object]:
    fields = kiosk.view_models["Forms"].property("fields")
    return next(f for f in fields if f["id"] == field_id)


def _selected(kiosk: Kiosk, name: str) -> bool:
    return bool(find(kiosk, name).property("kind") == "primary")


def _spoken(kiosk: Kiosk) -> str:
    screen = kiosk.current_screen()
    assert screen is not None
    return str(screen.property("readAloudText"))


def test_the_matter_preselects_what_follows_marked_until_changed(kiosk: Kiosk) -> None:
    finger = Finger(kiosk)
    open_form(finger, "legal_aid")
    assert not _marked(kiosk, "case.cause")
    finger.tap("option_case.matter_labour_pay")
    assert find(kiosk, "input_case.cause").property("text") == "拖欠工资"
    assert _marked(kiosk, "case.cause") and PRESET in _spoken(kiosk)
    finger.tap("option_case.matter_work_injury")  # the cause follows the matter while untouched
    assert find(kiosk, "input_case.cause").property("text") == "工伤赔偿"
    finger.tap("option_case.matter_labour_pay")
    # Typing in the box: the mark goes at once (the box keeps the keyboard), the answer is the visitor's.
    finger.tap("input_case.cause")
    finger.type_chinese("lao ban", "老板")
    assert find(kiosk, "input_case.cause").property("text") == "拖欠工资老板"
    assert not _marked(kiosk, "case.cause")
    # Wage months as buttons; the facts on step 3 start from them.
    finger.tap("suggest_case.unpaid_months_2")
    assert find(kiosk, "input_case.unpaid_months").property("text") == "3"
    finger.keypad("case.unpaid_amount", "15000")
    finger.tap("formNext")
    assert header(kiosk).startswith("第2步")
    finger.tap("formBack")
    assert find(kiosk, "input_case.cause").property("text") == "拖欠工资老板"
    assert not _marked(kiosk, "case.cause")
    go_to_step(kiosk, "case", "第3步")  # straight to step 3 (修改 from a review would)
    assert _selected(kiosk, "option_case.role_claimant") and _marked(kiosk, "case.role")
    assert _selected(kiosk, "option_case.aid_type_representation") and _marked(kiosk, "case.aid_type")
    assert not _selected(kiosk, "option_case.stage_not_started")  # nothing follows for the stage
    assert find(kiosk, "area_case.facts").property("text") == (
        "对方拖欠我3个月工资，共15,000.00元，至今没有支付。我请求对方支付拖欠的工资。"
    )
    assert _marked(kiosk, "case.facts")
    finger.tap("option_case.role_defendant")  # changed: selected, and no longer marked
    assert _selected(kiosk, "option_case.role_defendant") and not _marked(kiosk, "case.role")
    assert _marked(kiosk, "case.aid_type")


def test_household_size_is_one_tap(kiosk: Kiosk) -> None:
    finger = Finger(kiosk)
    open_form(finger, "legal_aid")
    go_to_step(kiosk, "money", "第4步")
    finger.tap("suggest_household.members_3")
    assert find(kiosk, "input_household.members").property("text") == "4"
    assert _field(kiosk, "household.members")["text"] == "4"
    assert not find(kiosk, "keyboard").property("active")  # no keyboard opened for it


def test_no_income_step_for_a_migrant_worker_claiming_wages(kiosk: Kiosk) -> None:
    """Art. 42: a migrant worker asking for wages is exempt from the means check, so the form
    does not ask about the household's income; ticking the group takes the step away (the step
    count in the header follows), unticking it brings the step back with its answers."""
    finger = Finger(kiosk)
    finger.tap("tile_forms")
    finger.tap("form_legal_aid")
    finger.tap("option_case.matter_labour_pay")
    finger.tap("formNext")
    assert header(kiosk) == "第2步，共5步：申请人的情况"
    forms_model(kiosk).edit("money")  # answered first, as a visitor who went back would have
    settle(2)
    finger.tap("suggest_household.members_3")
    finger.tap("formBack")
    finger.tap("formBack")
    assert header(kiosk).startswith("第2步")
    finger.tap("option_applicant.groups_migrant_worker")
    assert header(kiosk) == "第2步，共4步：申请人的情况"
    forms_model(kiosk).edit("sign")
    settle(2)
    assert header(kiosk) == "第4步，共4步：承诺和签名"
    finger.tap("formBack")  # the step before the pledge is the case: no income step between
    assert header(kiosk) == "第3步，共4步：案件情况"
    forms_model(kiosk).edit("applicant")
    settle(2)
    finger.tap("option_applicant.groups_migrant_worker")  # unticked: the income step is back
    assert header(kiosk) == "第2步，共5步：申请人的情况"
    forms_model(kiosk).edit("sign")
    settle(2)
    finger.tap("formBack")
    assert header(kiosk) == "第4步，共5步：家庭经济情况"
    assert find(kiosk, "input_household.members").property("text") == "4"  # kept while hidden


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_next_is_in_reach_above_the_open_keyboard(kiosk: Kiosk, size: tuple[int, int]) -> None:
    kiosk.window.resize(*size)
    settle(3)
    finger = Finger(kiosk)
    open_form(finger, "legal_aid")
    finger.tap("option_case.matter_labour_pay")
    finger.tap("input_case.cause")
    finger.type_chinese("lao ban", "老板")
    keyboard = find(kiosk, "keyboard")
    assert keyboard.property("active")
    # The box being typed in stays in view between the page's top and 下一步.
    box, flick = find(kiosk, "input_case.cause"), find(kiosk, "pageFlick")
    seen = flick.mapRectToScene(QRectF(0, 0, flick.width(), flick.height()))
    assert seen.contains(box.mapRectToScene(QRectF(0, 0, box.width(), box.height())).center()), seen
    next_button = find(kiosk, "formNext")
    assert next_button.isVisible()
    rect = next_button.mapRectToScene(QRectF(0, 0, next_button.width(), next_button.height()))
    keyboard_top = keyboard.mapToScene(QRectF(0, 0, 1, 1).topLeft()).y()
    assert rect.bottom() <= keyboard_top, (rect, keyboard_top)
    finger.tap("formNext")  # the keyboard is not closed first
    assert header(kiosk).startswith("第2步")
    assert "keyboardHide" not in finger.log


def _enter_key(kiosk: Kiosk) -> QQuickItem:
    """The keyboard's 确定 key (its face is a label panel, not text)."""
    stack = [find(kiosk, "keyboard")]
    while stack:
        item = stack.pop()
        if item.isVisible() and item.metaObject().className().startswith("EnterKey"):
            return item
        stack.extend(item.childItems())
    raise AssertionError("no enter key on the keyboard")


def test_the_keyboard_s_enter_key_goes_to_the_next_box(kiosk: Kiosk) -> None:
    finger = Finger(kiosk)
    open_form(finger, "legal_aid")
    finger.tap("option_case.matter_labour_pay")
    finger.tap("formNext")
    finger.tap("input_applicant.name")
    finger.type_chinese("wang xiao ming", "王小明")
    finger._press(_enter_key(kiosk))
    assert find(kiosk, "input_applicant.ethnicity").hasActiveFocus()
    assert find(kiosk, "keyboard").property("active")
    assert find(kiosk, "input_applicant.name").property("text") == "王小明"


def test_in_elder_landscape_the_box_keeps_the_room_and_next_steps_aside(kiosk: Kiosk) -> None:
    kiosk.window.resize(1920, 1080)
    kiosk.theme.set_elder(True)
    settle(3)
    finger = Finger(kiosk)
    open_form(finger, "legal_aid")
    finger.tap("option_case.matter_labour_pay")
    assert find(kiosk, "formNext").isVisible()
    finger.tap("input_case.cause")
    assert find(kiosk, "keyboard").property("active")
    assert not find(kiosk, "formNext").isVisible()  # 收起键盘 first: the page is too short for both
