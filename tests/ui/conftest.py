"""Fixtures that build the real kiosk (real QML, real SQLite file) with fake hardware."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def speaker() -> FakeSpeaker:
    return FakeSpeaker()


def running_kiosk(
    settings: Settings,
    *,
    speaker: FakeSpeaker | None = None,
    clock: ManualClock | None = None,
    size: tuple[int, int] = (1080, 1920),
    first_boot: bool = False,
    content: object | None = None,
) -> Iterator[Kiosk]:
    """The kiosk built with these settings and shown (with `content`, that library attached first);
    after the one yield it is closed and must have had no QML warnings."""
    built = build_kiosk(settings, speaker=speaker or FakeSpeaker(), size=size, clock=clock or ManualClock(),
                        open_content=False, first_boot=first_boot)  # fmt: skip
    if content is not None:
        from ui.app import attach_content

        attach_content(built, content)  # type: ignore[arg-type]
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def with_sections(settings: Settings, **sections: dict[str, Any]) -> Settings:
    """These settings with some values of some sections changed:
    `with_sections(settings, forms={"a4_queue": QUEUE})`."""
    changed = {name: dataclasses.replace(getattr(settings, name), **values)
               for name, values in sections.items()}  # fmt: skip
    return dataclasses.replace(settings, **changed)


KioskMaker = Callable[..., Kiosk]


@pytest.fixture
def make_kiosk(
    qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker
) -> Iterator[KioskMaker]:
    """Builds the kiosk on this test's data folder with settings sections changed as
    `with_sections` takes them (`make_kiosk(forms={"id_reader": "simulated"})`); closed after the
    test, which fails if QML warned."""
    started: list[Iterator[Kiosk]] = []

    def make(**sections: dict[str, Any]) -> Kiosk:
        settings = with_sections(Settings().with_data_dir(tmp_path), **sections)
        started.append(running_kiosk(settings, speaker=speaker, clock=clock))
        return next(started[-1])

    yield make
    for running in started:
        next(running, None)


@pytest.fixture
def kiosk(make_kiosk: KioskMaker) -> Kiosk:
    return make_kiosk()


def find(kiosk: Kiosk, name: str) -> QQuickItem:
    """The item with this objectName in the visual tree (Repeater delegates included)."""
    stack = [kiosk.window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName() == name:
            return item
        stack.extend(item.childItems())
    raise AssertionError(f"no item named {name!r}")


def shown(kiosk: Kiosk, name: str) -> bool:
    """Whether an item of that name is in the tree and visible."""
    try:
        return find(kiosk, name).isVisible()
    except AssertionError:
        return False


def tap(kiosk: Kiosk, name: str) -> None:
    """Press and release at the centre of a named item, as a finger would. A home tile that sits
    under 更多服务 is reached as a visitor reaches it: through the 更多服务 tile first."""
    if name.startswith("tile_") and not shown(kiosk, name) and shown(kiosk, "tile_more"):
        tap(kiosk, "tile_more")
    item = find(kiosk, name)
    assert item.isVisible(), f"{name} is not visible"
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(centre.x()), round(centre.y())))
    settle(2)


def reveal(kiosk: Kiosk, name: str) -> None:
    """Scroll the page so a named item is in view, as a visitor would before tapping it."""
    item = find(kiosk, name)
    probe = item.parentItem()
    while probe is not None and not probe.inherits("QQuickFlickable"):
        probe = probe.parentItem()
    if probe is not None:
        top = item.mapToItem(probe.property("contentItem"), QPointF(0, 0)).y()
        most = max(0.0, probe.property("contentHeight") - probe.height())
        probe.setProperty("contentY", min(most, max(0.0, top - probe.height() / 3)))
        settle(2)


def scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


@pytest.fixture(scope="session")
def installed_packs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The bundled default pack installed once (index built once) for every content test."""
    from kiosk.content.installer import ensure_default_pack_installed, packs_root
    from kiosk.search.segment import Segmenter

    home = tmp_path_factory.mktemp("content-home")
    segmenter = Segmenter()
    ensure_default_pack_installed(Settings().with_data_dir(home), segmenter=segmenter)
    return packs_root(home), segmenter


@pytest.fixture
def content_kiosk(
    qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker,
    installed_packs: tuple[Path, object],
) -> Iterator[Kiosk]:
    """A kiosk with the default content pack open, as after its first start."""
    from ui.app import open_content_library

    packs, segmenter = installed_packs
    (tmp_path / "packs").symlink_to(packs, target_is_directory=True)
    settings = Settings().with_data_dir(tmp_path)
    yield from running_kiosk(settings, speaker=speaker, clock=clock,
                             content=open_content_library(settings, segmenter=segmenter))  # type: ignore[arg-type]


def wait_until(condition: object, timeout_s: float = 10.0) -> None:
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    assert condition(), "condition not met in time"  # type: ignore[operator]


def enroll_offline(data_dir: Path) -> None:
    """Store an enrollment with a fresh server key, as `lawpost enroll` would (no server needed)."""
    import base64

    from nacl.public import PrivateKey

    from kiosk.storage.database import open_database
    from kiosk.sync.enrollment import save_enrollment

    db = open_database(data_dir)
    key = base64.b64encode(bytes(PrivateKey.generate().public_key)).decode()
    save_enrollment(db, server_url="https://lawpost.example.invalid", kiosk_name="test",
                    answer={"device_id": "dev1", "device_token": "dev1.secret",
                            "server_public_key": key, "heartbeat_interval_s": 30})
    db.conn.close()


@pytest.fixture
def enrolled_kiosk(tmp_path: Path, make_kiosk: KioskMaker) -> Kiosk:
    """A kiosk enrolled with a (never contacted) server: it accepts rating comments."""
    enroll_offline(tmp_path)
    return make_kiosk()
