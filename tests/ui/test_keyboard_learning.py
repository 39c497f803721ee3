"""The Pinyin engine learns no visitor's words: what one visitor typed is never offered to the next.

Qt Virtual Keyboard's Pinyin engine keeps phrases a user built from single characters in a user
dictionary (in memory, and in usr_dict.dat under the config folder) and offers them first the
next time. On a kiosk that would hand one visitor's name or village to the next visitor as a
candidate. Every box a visitor types into asks the engine not to learn (Qt.ImhSensitiveData).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, QUrl
from PySide6.QtQml import QQmlComponent

from tests.ui.conftest import find, tap
from tests.ui.finger import Finger
from tests.ui.form_steps import open_form
from ui.app import Kiosk
from ui.shot import settle

_DRIVER = b"""
import QtQuick
import QtQuick.VirtualKeyboard
// Presses keys of the real virtual keyboard engine and picks candidates, as taps would.
QtObject {
    function spell(letters) {
        for (var i = 0; i < letters.length; i++)
            InputContext.inputEngine.virtualKeyClick(letters.charCodeAt(i) - 32, letters[i], 0)
        return candidates()
    }
    function candidates() {
        var model = InputContext.inputEngine.wordCandidateListModel
        var out = []
        for (var i = 0; i < model.count; i++)
            out.push(model.dataAt(i))
        return out
    }
    function choose(text) {
        var model = InputContext.inputEngine.wordCandidateListModel
        for (var i = 0; i < model.count; i++) {
            if (model.dataAt(i) === text) {
                model.selectItem(i)
                return true
            }
        }
        return false
    }
}
"""


def _driver(kiosk: Kiosk) -> QObject:
    component = QQmlComponent(kiosk.engine)
    component.setData(_DRIVER, QUrl("file:///keyboard_learning_driver.qml"))
    driver = component.create()
    assert driver is not None, component.errorString()
    driver.setParent(kiosk.engine)
    return driver


def _call(driver: QObject, name: str, argument: str = "") -> Any:
    if name == "candidates":
        value = QMetaObject.invokeMethod(driver, name, Qt.ConnectionType.DirectConnection,
                                         Q_RETURN_ARG("QVariant"))  # fmt: skip
    else:
        value = QMetaObject.invokeMethod(driver, name, Qt.ConnectionType.DirectConnection,
                                         Q_RETURN_ARG("QVariant"), Q_ARG("QVariant", argument))  # fmt: skip
    return value.toVariant() if hasattr(value, "toVariant") else value


def _type_in_pieces(driver: QObject, letters: str, pieces: list[str]) -> None:
    """Spell `letters`, then take the phrase one character candidate at a time."""
    offered = _call(driver, "spell", letters)
    assert offered, f"no candidates for {letters!r}"
    # The candidate strip builds its items over a few frames; changing its list before they are
    # built makes Qt warn (DelegateModel::cancel), as it would under a visitor's quick finger.
    settle(6)
    for piece in pieces:
        assert _call(driver, "choose", piece), f"{piece!r} not offered: {_call(driver, 'candidates')}"
        settle(6)


def _box_on_screen(kiosk: Kiosk, where: str) -> str:
    """Focus a box of the kind a visitor types personal words into; its objectName."""
    if where == "form name":
        finger = Finger(kiosk)
        open_form(finger, "legal_aid")
        finger.tap("option_case.matter_labour_pay")
        finger.tap("formNext")
        name = "input_applicant.name"
        finger.tap(name)
        return name
    kiosk.nav.go("ask")
    settle(2)
    tap(kiosk, "askInput")
    return "askInput"


# 呗娄 (bai lou) is no phrase of the engine's dictionary: offered as one candidate only if learned.
@pytest.mark.parametrize("where", ["form name", "question"])
def test_a_phrase_built_by_one_visitor_is_not_offered_to_the_next(kiosk: Kiosk, where: str) -> None:
    name = _box_on_screen(kiosk, where)
    keyboard = find(kiosk, "keyboard")
    for _ in range(20):  # a loaded machine may take a few frames to open it
        if keyboard.property("active"):
            break
        settle(1)
    assert keyboard.property("active"), "the keyboard did not open"
    driver = _driver(kiosk)
    _type_in_pieces(driver, "bailou", ["呗", "娄"])
    box = find(kiosk, name)
    assert "呗娄" in str(box.property("text"))
    tap(kiosk, "keyboardClear")  # 清空: the box and any unfinished Pinyin
    settle(6)
    assert str(box.property("text")) == ""
    offered = _call(driver, "spell", "bailou")
    settle(6)
    assert offered, "no candidates the second time"
    assert "呗娄" not in offered, f"the engine learned a visitor's phrase: {offered[:5]}"
    tap(kiosk, "keyboardClear")  # leave the strip empty and built before the kiosk closes
    settle(6)
