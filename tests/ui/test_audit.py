"""The accessibility audit: the real screens pass, and a badly made screen is caught."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem

from kiosk.config import Settings
from ui.audit import audit_window, run_audit

BAD_SCREEN = """
import QtQuick
Rectangle {
    width: 1080; height: 1920; color: "#FFFFFF"
    Text { x: 10; y: 10; text: "太小的字"; font.pixelSize: 10; color: "#000000" }
    Text { x: 10; y: 100; text: "看不清的字"; font.pixelSize: 40; color: "#DDDDDD" }
    Rectangle {
        x: 10; y: 300; width: 30; height: 30; color: "#1F4E8C"
        MouseArea { anchors.fill: parent }
    }
    Rectangle {
        x: 10; y: 400; width: 100; height: 100; color: "#1F4E8C"
        MouseArea { anchors.fill: parent }
    }
    Rectangle {
        x: 112; y: 400; width: 100; height: 100; color: "#1F4E8C"
        MouseArea { anchors.fill: parent }
    }
    Rectangle {
        x: 10; y: 700; width: 300; height: 40; color: "#FFFFFF"
        Text { y: 20; text: "溢出的字"; font.pixelSize: 40; color: "#000000" }
    }
}
"""


def test_audit_catches_small_text_low_contrast_small_and_crowded_targets(qapp: object) -> None:
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(BAD_SCREEN.encode(), QUrl("bad.qml"))
    root = component.create()
    assert isinstance(root, QQuickItem), component.errorString()
    found = audit_window(
        root, screen="bad", mode="portrait", elder=False, mm_per_px=0.37,
        window_colour="#FFFFFF", read_aloud_text="",
    )
    kinds = {v.kind for v in found}
    assert kinds == {"text_size", "contrast", "touch_target", "target_gap", "overflow", "read_aloud"}
    small = [v for v in found if v.kind == "touch_target"]
    assert len(small) == 1 and "11.1×11.1 mm" in small[0].detail


def test_a_modal_overlay_hides_what_is_beneath_it(qapp: object) -> None:
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(BAD_SCREEN.replace('"#DDDDDD"', '"#000000"').replace(
        "\n}\n", '\n    Rectangle { anchors.fill: parent; color: "#FFFFFF"\n'
        '        MouseArea { anchors.fill: parent }\n'
        '        Text { x: 10; y: 10; text: "请稍候"; font.pixelSize: 40; color: "#000000" } }\n}\n'
    ).encode(), QUrl("modal.qml"))
    root = component.create()
    assert isinstance(root, QQuickItem), component.errorString()
    found = audit_window(
        root, screen="modal", mode="portrait", elder=False, mm_per_px=0.37,
        window_colour="#FFFFFF", read_aloud_text="请稍候",
    )
    assert found == []


def test_every_real_screen_passes_in_every_mode(qapp: object, installed_packs: tuple[Path, object]) -> None:
    packs, _segmenter = installed_packs
    violations = run_audit(settings=Settings().with_data_dir(packs.parent))
    report = "\n".join(f"{v.screen} {v.mode} {v.kind} {v.item} {v.detail}" for v in violations)
    assert violations == [], report


UNREAD_SCREEN = """
import QtQuick
Rectangle {
    width: 1080; height: 1920; color: "#FFFFFF"
    Column {
        Text { text: "工资被拖欠怎么办"; font.pixelSize: 40 }
        Text { text: "1. 先收集证据"; font.pixelSize: 40 }
        Text { text: "这一句没有读出来"; font.pixelSize: 40 }
        Text { text: "看不见的字"; font.pixelSize: 40; visible: false }
    }
}
"""


def test_audit_catches_text_shown_but_not_read_aloud(qapp: object) -> None:
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(UNREAD_SCREEN.encode(), QUrl("unread.qml"))
    root = component.create()
    assert isinstance(root, QQuickItem), component.errorString()
    # Punctuation and numbering may differ between screen and speech; words may not.
    found = audit_window(
        root, screen="unread", mode="portrait", elder=False, mm_per_px=0.37,
        window_colour="#FFFFFF", read_aloud_text="工资被拖欠，怎么办？\n1、先收集证据。", screen_item=root,
    )
    assert [(v.kind, v.item) for v in found] == [("read_aloud", "“这一句没有读出来”")]


KEYPAD_SCREEN = """
import QtQuick
Rectangle {
    width: 1080; height: 1920; color: "#FFFFFF"
    Column {
        Text { text: "经济补偿：5,200.00 × 5.5 = 28,600.00 元"; font.pixelSize: 40 }
        Text { text: "违法解除：28,600.00 × 2 = 57,200.00 元"; font.pixelSize: 40 }
        Text { text: "这一句没有读出来"; font.pixelSize: 40 }
        Grid {
            readonly property bool readAloudInputControl: true
            Text { text: "1"; font.pixelSize: 40 }
            Text { text: "删除"; font.pixelSize: 40 }
        }
        Grid {
            property bool readAloudInputControl: false
            Text { text: "清空"; font.pixelSize: 40 }
        }
    }
}
"""


def test_keypad_keys_are_a_control_but_text_beside_them_is_checked(qapp: object) -> None:
    """The keypad's marker exempts its own keys only; money said without separators or empty
    cents and × said as 乘以 count as read, a wrong number in a formula does not."""
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(KEYPAD_SCREEN.encode(), QUrl("keypad.qml"))
    root = component.create()
    assert isinstance(root, QQuickItem), component.errorString()
    said = "经济补偿：5200乘以5.5等于28600元\n违法解除：28600乘以3等于57200元"
    found = audit_window(
        root, screen="keypad", mode="portrait", elder=False, mm_per_px=0.37,
        window_colour="#FFFFFF", read_aloud_text=said, screen_item=root,
    )
    assert sorted(v.item for v in found if v.kind == "read_aloud") == [
        "“清空”", "“这一句没有读出来”", "“违法解除：28,600.00 × 2 = 57,”"]
