"""A visitor's finger on the real QML: every tap on the screen, on the Qt Virtual Keyboard's keys
and Pinyin candidates, and on the number pad is a real mouse press at the item's centre, and is
counted. Used by the form walk-through (a test and `bench/form_walkthrough.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from tests.ui.conftest import find
from ui.app import Kiosk
from ui.shot import settle


def _visible_items(root: QQuickItem) -> list[QQuickItem]:
    found, stack = [], [root]
    while stack:
        item = stack.pop()
        if item.isVisible():
            found.append(item)
            stack.extend(item.childItems())
    return found


@dataclass
class Finger:
    kiosk: Kiosk
    taps: int = 0  # on the screen itself: tiles, choices, 下一步, number-pad keys
    key_presses: int = 0  # on the virtual keyboard: letters and Pinyin candidates
    log: list[str] = field(default_factory=list)

    def _press(self, item: QQuickItem) -> None:
        assert item.isVisible() and item.width() > 0, item.objectName()
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        window = self.kiosk.window
        assert 0 <= centre.y() <= window.height(), f"{item.objectName()} is off the screen"
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(round(centre.x()), round(centre.y())))  # fmt: skip
        settle(1)

    def _scroll_into_view(self, item: QQuickItem) -> None:
        """What a visitor does with a thumb before tapping something below the fold."""
        flick = item.parentItem()
        while flick is not None and not flick.inherits("QQuickFlickable"):
            flick = flick.parentItem()
        if flick is None:
            return
        top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        most = max(0.0, flick.property("contentHeight") - flick.height())
        wanted = max(0.0, min(most, top - flick.height() / 3))
        if abs(wanted - flick.property("contentY")) > 1:
            flick.setProperty("contentY", wanted)
            settle(1)

    def tap(self, name: str, *, within: str | None = None) -> None:
        scope = find(self.kiosk, within) if within else None
        item = self._named(name, scope)
        self._scroll_into_view(item)
        self._press(item)
        self.taps += 1
        self.log.append(name)

    def _named(self, name: str, scope: QQuickItem | None) -> QQuickItem:
        if scope is None:
            return find(self.kiosk, name)
        for item in _visible_items(scope):
            if item.objectName() == name:
                return item
        raise AssertionError(f"no visible {name!r} inside {scope.objectName()!r}")

    def keypad(self, field_id: str, digits: str) -> None:
        """Digits on the form's own number pad (ID numbers, phone numbers, amounts)."""
        for digit in digits:
            self.tap(f"key_{'point' if digit == '.' else digit}", within=f"keypad_{field_id}")

    # --- the virtual keyboard ----------------------------------------------------------------

    def _keyboard(self) -> QQuickItem:
        keyboard = find(self.kiosk, "keyboard")
        for _ in range(20):
            if keyboard.property("active"):
                return keyboard
            settle(1)
        raise AssertionError("the keyboard did not open")

    def _key(self, text: str) -> QQuickItem:
        for item in _visible_items(self._keyboard()):
            meta = item.metaObject()
            if meta.indexOfProperty("displayText") >= 0 and item.property("displayText") == text:
                return item
        raise AssertionError(f"no key {text!r} on the keyboard")

    def _candidates(self) -> list[tuple[str, QQuickItem]]:
        out = []
        for item in _visible_items(self._keyboard()):
            parent = item.parentItem()
            if (item.inherits("QQuickText") and parent is not None
                    and "SelectionListItem" in parent.metaObject().className()
                    and self._in_view(parent)):  # fmt: skip
                text = item.property("text")
                if isinstance(text, str) and text:
                    out.append((text, parent))
        return out

    def _in_view(self, item: QQuickItem) -> bool:
        """A candidate scrolled out of its strip cannot be tapped (the finger would hit a key)."""
        view = item.parentItem()
        while view is not None and not view.inherits("QQuickFlickable"):
            view = view.parentItem()
        rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
        bounds = QRectF(0, 0, self.kiosk.window.width(), self.kiosk.window.height())
        if view is not None:
            bounds = bounds.intersected(view.mapRectToScene(QRectF(0, 0, view.width(), view.height())))
        return bounds.contains(rect.center())

    def type_chinese(self, pinyin: str, wanted: str) -> None:
        """Spell the Pinyin syllables of `wanted` key by key, then tap the candidates that make it
        (the whole phrase when the engine offers it, else the longest fitting piece, again)."""
        self._keyboard()
        remaining = wanted
        letters = iter(pinyin.replace(" ", ""))
        while remaining:
            chosen = None
            for letter in letters:
                self._press(self._key(letter))
                self.key_presses += 1
                settle(1)
                fitting = [(t, i) for t, i in self._candidates() if remaining.startswith(t)]
                if any(t == remaining for t, _ in fitting):
                    chosen = next((t, i) for t, i in fitting if t == remaining)
                    break
            if chosen is None:
                fitting = sorted(((t, i) for t, i in self._candidates() if remaining.startswith(t)),
                                 key=lambda pair: -len(pair[0]))  # fmt: skip
                assert fitting, f"no candidate for {remaining!r}"
                chosen = fitting[0]
            self._press(chosen[1])
            self.key_presses += 1
            self.log.append(f"candidate {chosen[0]}")
            remaining = remaining[len(chosen[0]) :]
            settle(1)

    def type_digits_on_keyboard(self, digits: str) -> None:
        """A year typed on the keyboard's digit layout (a digits-only box opens it)."""
        for digit in digits:
            self._press(self._key(digit))
            self.key_presses += 1

    def hide_keyboard(self) -> None:
        self.tap("keyboardHide")
