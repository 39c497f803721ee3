"""写申请 through the real QML: numbers on the numeric keypad, the first message spoken at 下一步,
and the PDF font registered in the background after the first frame."""

from __future__ import annotations

import time

import pytest
from PySide6.QtQuick import QQuickItem
from reportlab.pdfbase import pdfmetrics

from kiosk.devices.speech import FakeSpeaker
from kiosk.forms.render import FONT_NAME
from tests.ui.conftest import find
from tests.ui.finger import Finger
from tests.ui.form_steps import Touch, answer_box, header, open_form, tap
from ui.app import Kiosk
from ui.read_aloud_audit import unread_texts
from ui.shot import settle
from ui.viewmodels.forms import FormsModel


def _key(kiosk: Kiosk, field_id: str, key: str) -> QQuickItem:
    stack = [find(kiosk, f"keypad_{field_id}")]
    while stack:
        item = stack.pop()
        if item.objectName() == f"key_{key}":
            return item
        stack.extend(item.childItems())
    raise AssertionError(f"no key {key!r} on the keypad of {field_id}")


def _to_applicant_step(kiosk: Kiosk) -> None:
    open_form(Touch(kiosk), "legal_aid")
    tap(kiosk, "option_case.matter_labour_pay")
    answer_box(kiosk, "case.cause", "老板拖欠三个月工资")
    tap(kiosk, "formNext")
    assert header(kiosk) == "第2步，共5步：申请人的情况"


def _answer(kiosk: Kiosk, field_id: str) -> str:
    fields = kiosk.view_models["Forms"].property("fields")
    return str(next(f["text"] for f in fields if f["id"] == field_id))


def test_id_number_and_phone_are_entered_on_the_keypad(kiosk: Kiosk) -> None:
    _to_applicant_step(kiosk)
    box = find(kiosk, "input_applicant.id_number")
    assert box.property("readOnly") is True  # the text keyboard never opens for it
    Finger(kiosk).keypad("applicant.id_number", "11010519491231002X")
    # A complete ID number redraws the step: the birth date and sex it carries appear filled in.
    assert find(kiosk, "input_applicant.id_number").property("text") == "11010519491231002X"
    assert find(kiosk, "dateChosen_applicant.birth_date").property("text") == "1949 年 12 月 31 日"
    assert find(kiosk, "option_applicant.sex_female").property("kind") == "primary"
    Finger(kiosk).keypad("applicant.phone", "138123456789")  # the twelfth digit is not taken
    assert find(kiosk, "input_applicant.phone").property("text") == "13812345678"
    assert find(kiosk, "readBack_applicant.phone").property("text") == "请核对号码：138 1234 5678"
    assert _answer(kiosk, "applicant.id_number") == "11010519491231002X"
    assert _answer(kiosk, "applicant.phone") == "13812345678"
    with pytest.raises(AssertionError):
        _key(kiosk, "applicant.phone", "X")  # only the ID number has the check character
    # 朗读 reads the numbers the keys made, not the keys (they are an input control).
    screen = kiosk.current_screen()
    assert isinstance(screen, QQuickItem)
    said = str(screen.property("readAloudText"))
    assert unread_texts(screen, said) == []


def test_money_is_entered_with_a_decimal_point(kiosk: Kiosk) -> None:
    open_form(Touch(kiosk), "iou")
    forms = kiosk.view_models["Forms"]
    assert isinstance(forms, FormsModel)
    forms.edit("loan")  # straight to the amount step (借条's third)
    settle(2)
    Finger(kiosk).keypad("loan.amount", "5000.505")  # at most two digits after the point
    assert find(kiosk, "input_loan.amount").property("text") == "5000.50"
    assert _answer(kiosk, "loan.amount") == "5000.50"


def test_next_speaks_the_first_message(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    _to_applicant_step(kiosk)
    Finger(kiosk).keypad("applicant.phone", "1381234567")  # one digit short
    speaker.spoken.clear()
    tap(kiosk, "formNext")
    assert header(kiosk).startswith("第2步")
    fields = kiosk.view_models["Forms"].property("fields")
    shown = [f["error"] for f in fields if f["error"]]
    assert len(shown) > 1
    assert [text for text, _language in speaker.spoken] == [shown[0]]


@pytest.fixture
def font_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a fresh process: the CJK font not registered yet (an earlier test may have printed)."""
    monkeypatch.delitem(pdfmetrics._fonts, FONT_NAME, raising=False)


def _font_registered() -> bool:
    return FONT_NAME in pdfmetrics.getRegisteredFontNames()


def _wait_font(registered: bool) -> None:
    deadline = time.monotonic() + 30
    while _font_registered() is not registered and time.monotonic() < deadline:
        settle(1)


def test_pdf_font_is_registered_when_a_form_is_opened_and_released_at_the_wipe(
    font_forgotten: None, kiosk: Kiosk
) -> None:
    # Not held from start (~20 MB): nobody may print.
    settle(3)
    assert not _font_registered()
    # Opening a form registers it in the background, so 打印 minutes later does not wait.
    open_form(Touch(kiosk), "legal_aid")
    _wait_font(True)
    assert _font_registered()
    # The visitor's session ends: the font is released (and registered again by the next form).
    kiosk.session.endSession()
    _wait_font(False)
    assert not _font_registered()
