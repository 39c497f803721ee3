"""Audit of the open on-screen keyboard: key sizes, a word on every key, the candidate strip, and
返回 / 首页 still in view (`lawpost audit` runs it with pinyin typed, so candidates show)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem

from kiosk.theme_metrics import rules_for

# Candidate strip minimums (issue: ≥ 12 mm tall, each candidate ≥ 15 mm wide).
CANDIDATE_STRIP_MM = 12.0
CANDIDATE_WIDTH_MM = 15.0

_TYPIST = b"""
import QtQuick
import QtQuick.VirtualKeyboard
// Presses keys of the real keyboard engine, as a finger on the keys would.
QtObject {
    property string typed: ""
    onTypedChanged: {
        for (var i = 0; i < typed.length; i++)
            InputContext.inputEngine.virtualKeyClick(typed.charCodeAt(i) - 32, typed[i], 0)
    }
}
"""


def type_pinyin(engine: QQmlEngine, letters: str) -> QObject:
    """Type letters on the open keyboard (the object must be kept until typing is done)."""
    component = QQmlComponent(engine)
    component.setData(_TYPIST, QUrl("file:///keyboard_typist.qml"))
    typist = component.create()
    if typist is None:
        raise RuntimeError(component.errorString())
    typist.setParent(engine)
    typist.setProperty("typed", letters)
    return typist


def _items(root: QQuickItem) -> list[QQuickItem]:
    found, stack = [], [root]
    while stack:
        item = stack.pop()
        if item.isVisible() and item.width() > 0 and item.height() > 0:
            found.append(item)
            stack.extend(item.childItems())
    return found


def _rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _texts(item: QQuickItem) -> list[str]:
    return [t for c in _items(item) if c.inherits("QQuickText")
            and isinstance(t := c.property("text"), str) and t.strip()]


def audit_keyboard(
    keyboard: QQuickItem, *, window: QQuickItem, elder: bool, mm_per_px: float,
    must_stay_visible: list[QQuickItem],
) -> list[tuple[str, str, str]]:
    """(kind, item, detail) for every way the open keyboard falls short."""
    rules = rules_for(elder=elder)
    problems: list[tuple[str, str, str]] = []
    for item in _items(keyboard):
        name = item.metaObject().className()
        if item.metaObject().indexOfProperty("displayText") >= 0 and "FillerKey" not in name:
            key = item.property("displayText") or name.split("_QML")[0]
            rect = _rect(item)
            w_mm, h_mm = rect.width() * mm_per_px, rect.height() * mm_per_px
            if min(w_mm, h_mm) + 1e-6 < rules.touch_target_mm:
                problems.append(("keyboard_key", f"key {key}", f"{w_mm:.1f}×{h_mm:.1f} mm < "
                                 f"{rules.touch_target_mm} mm"))
            if not _texts(item):
                problems.append(("keyboard_label", f"key {key}", "no word on the key"))
        elif item.objectName() == "wordCandidateView":
            if item.height() * mm_per_px + 1e-6 < CANDIDATE_STRIP_MM:
                problems.append(("keyboard_candidates", "candidate strip",
                                 f"{item.height() * mm_per_px:.1f} mm tall < {CANDIDATE_STRIP_MM} mm"))
        elif item.objectName() == "candidate" and item.width() * mm_per_px + 1e-6 < CANDIDATE_WIDTH_MM:
            problems.append(("keyboard_candidates", f"candidate {_texts(item)[:1]}",
                             f"{item.width() * mm_per_px:.1f} mm wide < {CANDIDATE_WIDTH_MM} mm"))
    if not any(i.objectName() == "candidate" for i in _items(keyboard)):
        problems.append(("keyboard_candidates", "candidate strip", "no candidates shown for typed pinyin"))
    top = _rect(keyboard).top()
    for item in must_stay_visible:
        rect = _rect(item)
        if not item.isVisible() or rect.bottom() > top + 0.5 or rect.bottom() > window.height():
            problems.append(("keyboard_hides", item.objectName(), "covered by the open keyboard"))
    return problems
