"""The hall display in a window of its own: on a TV's machine (the kiosk's queue read over the hall
LAN from the counter page's /status.json), or full screen on a second screen of the kiosk itself."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk.config import Settings
from kiosk.i18n import load_catalogs
from kiosk.queue.announce import EspeakVoice
from kiosk.queue.hall import HallAnnouncer
from kiosk.queue.status import QueueStatus, status_from_json
from ui.app import register_fonts
from ui.background import BackgroundWorker
from ui.icons import IconProvider
from ui.screens import QML_DIR
from ui.viewmodels.hall_display import HallDisplay
from ui.viewmodels.i18n import I18n
from ui.viewmodels.theme import Theme

log = logging.getLogger(__name__)


def status_reader(base_url: str, *, timeout_s: float = 5.0) -> Callable[[], QueueStatus]:
    url = base_url.rstrip("/") + "/status.json"

    def read() -> QueueStatus:
        answer = requests.get(url, timeout=timeout_s)
        answer.raise_for_status()
        return status_from_json(answer.json())

    return read


@dataclass
class HallWindow:
    engine: QQmlApplicationEngine
    window: QQuickWindow
    hall: HallDisplay
    worker: BackgroundWorker
    announcer: HallAnnouncer | None
    warnings: list[str] = field(default_factory=list)
    _keep: list[QObject] = field(default_factory=list)

    def close(self) -> None:
        self.hall.stop()
        self.worker.close()
        if self.announcer is not None:
            self.announcer.close()
        self.window.close()
        self.window.deleteLater()
        self.engine.deleteLater()
        # Delete the QML now, while Theme and I18n still exist for its last bindings.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def _load_window(theme: Theme, i18n: I18n, hall: HallDisplay, *, visible: bool = True
                 ) -> tuple[QQmlApplicationEngine, QQuickWindow, list[str]]:
    engine = QQmlApplicationEngine()
    engine.addImageProvider("icons", IconProvider())  # the screen's buttons use the kiosk's icons
    warnings: list[str] = []
    engine.warnings.connect(lambda errs: warnings.extend(e.toString() for e in errs))
    objects: dict[str, Any] = {"Theme": theme, "I18n": i18n, "Hall": hall}
    for name, obj in objects.items():
        engine.rootContext().setContextProperty(name, obj)
    engine.setInitialProperties({"visible": visible})
    engine.load(QUrl.fromLocalFile(str(QML_DIR / "HallWindow.qml")))
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QQuickWindow):
        raise RuntimeError("the hall display failed to load: " + "; ".join(warnings))
    return engine, roots[0], warnings


def build_hall_window(settings: Settings, *, read_status: Callable[[], QueueStatus],
                      announce: bool, size: tuple[int, int]) -> HallWindow:
    """Inside a running QGuiApplication: the window, polling `read_status` every 2 s."""
    theme = Theme(mm_per_px=settings.screen.mm_per_px, font_family=register_fonts())
    i18n = I18n(load_catalogs(), default_language=settings.kiosk.language)
    worker = BackgroundWorker("lawpost-hall")
    announcer = None
    if announce:
        voice = EspeakVoice(rate_wpm=settings.speech.rate_wpm)
        announcer = HallAnnouncer(voice, player=settings.speech.player)
    hall = HallDisplay(load_status=read_status, worker=worker, language=i18n.get_language,
                       announce=None if announcer is None else announcer.announce)
    engine, window, warnings = _load_window(theme, i18n, hall)
    window.resize(QSize(*size))
    hall.start()
    return HallWindow(engine=engine, window=window, hall=hall, worker=worker, announcer=announcer,
                      warnings=warnings, _keep=[theme, i18n])


@dataclass
class HallScreen:
    """The kiosk's own hall display on its second screen; the kiosk owns `hall` and its polling."""

    engine: QQmlApplicationEngine
    window: QQuickWindow
    warnings: list[str]
    _keep: list[QObject] = field(default_factory=list)

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def open_hall_screen(settings: Settings, hall: HallDisplay, i18n: I18n) -> HallScreen | None:
    """The hall display full screen on screen `[queue] hall_display_screen`, showing the kiosk's own
    `hall` (the same calls, announced once); None when off or that screen is not attached."""
    index = settings.queue.hall_display_screen
    screens = QGuiApplication.screens()
    # The list a technician needs to choose the index; screens come and go with cables.
    log.info("screens: %s", ", ".join(
        f"{i} = {s.name()} {s.geometry().width()}x{s.geometry().height()}" for i, s in enumerate(screens)))
    if index < 0:
        return None
    if index >= len(screens) or screens[index] == QGuiApplication.primaryScreen():
        # The kiosk goes on without it: a TV switched off or unplugged must not stop the kiosk.
        log.warning("hall display screen %d: not a second screen (%d attached); not shown",
                    index, len(screens))
        return None
    screen = screens[index]
    # A theme of its own: a visitor's 长辈版 must not enlarge the TV.
    theme = Theme(mm_per_px=settings.screen.mm_per_px, font_family=register_fonts())
    engine, window, warnings = _load_window(theme, i18n, hall, visible=False)
    window.setScreen(screen)
    window.setGeometry(screen.geometry())
    window.showFullScreen()
    return HallScreen(engine=engine, window=window, warnings=warnings, _keep=[theme])
