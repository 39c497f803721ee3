"""Helpers for driving the first-boot wizard through its real QML, as a technician's finger would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtQuick import QQuickItem

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, tap
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle


def first_boot_kiosk(settings: Settings, *, size: tuple[int, int] = (1080, 1920)) -> Iterator[Kiosk]:
    """The kiosk as `lawpost run` starts it (first_boot=True); checks QML said nothing."""
    built = build_kiosk(settings, speaker=FakeSpeaker(), size=size, clock=ManualClock(),
                        open_content=False, first_boot=True)  # fmt: skip
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def step(kiosk: Kiosk) -> str:
    return str(kiosk.view_models["Setup"].property("stepId"))


def shown_message(kiosk: Kiosk) -> str:
    item = find(kiosk, "setupMessage")
    return str(item.property("text")) if item.isVisible() else ""


def type_into(kiosk: Kiosk, name: str, text: str) -> None:
    find(kiosk, name).setProperty("text", text)
    settle(1)


def _visible_named(root: QQuickItem, name: str) -> QQuickItem:
    stack = [root]
    while stack:
        item = stack.pop()
        if item.objectName() == name and item.isVisible():
            return item
        stack.extend(item.childItems())
    raise AssertionError(f"no visible {name!r}")


def key_in_pin(kiosk: Kiosk, pin: str) -> None:
    """Tap the digits on the wizard's own keypad, then 确定."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    keypad = find(kiosk, "setupPinKeys")
    for digit in pin:
        key = _visible_named(keypad, f"key_{digit}")
        centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2))
        QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(round(centre.x()), round(centre.y())))
    settle(1)
    tap(kiosk, "setupNext")


def local_file(data_dir: Path) -> str:
    from kiosk.config import LOCAL_SETTINGS_FILE

    return (data_dir / LOCAL_SETTINGS_FILE).read_text(encoding="utf-8")
