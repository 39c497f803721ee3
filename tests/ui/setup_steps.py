"""Helpers for driving the first-boot wizard through its real QML, as a technician's finger would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kiosk.config import Settings
from tests.ui.conftest import find, running_kiosk, tap
from tests.ui.finger import Finger
from ui.app import Kiosk
from ui.shot import settle


def first_boot_kiosk(settings: Settings, *, size: tuple[int, int] = (1080, 1920)) -> Iterator[Kiosk]:
    """The kiosk as `lawpost run` starts it (first_boot=True); checks QML said nothing."""
    return running_kiosk(settings, size=size, first_boot=True)


def step(kiosk: Kiosk) -> str:
    return str(kiosk.view_models["Setup"].property("stepId"))


def shown_message(kiosk: Kiosk) -> str:
    item = find(kiosk, "setupMessage")
    return str(item.property("text")) if item.isVisible() else ""


def type_into(kiosk: Kiosk, name: str, text: str) -> None:
    find(kiosk, name).setProperty("text", text)
    settle(1)


def key_in_pin(kiosk: Kiosk, pin: str) -> None:
    """Tap the digits on the wizard's own keypad, then 确定."""
    finger = Finger(kiosk)
    for digit in pin:
        finger.tap(f"key_{digit}", within="setupPinKeys")
    tap(kiosk, "setupNext")


def local_file(data_dir: Path) -> str:
    from kiosk.config import LOCAL_SETTINGS_FILE

    return (data_dir / LOCAL_SETTINGS_FILE).read_text(encoding="utf-8")
