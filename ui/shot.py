"""Renders one kiosk screen offscreen to a PNG: the `lawpost shot` command and docs/screens."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QGuiApplication

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from ui.app import Kiosk, build_kiosk
from ui.qt_env import prepare_qt_environment
from ui.screens import find_screen, screen_ids

# Extra states worth a picture that are overlays rather than screens.
OVERLAY_SHOTS = ("idle", "pin")


def all_shot_names() -> list[str]:
    return [*screen_ids(), *OVERLAY_SHOTS]


@dataclass(frozen=True)
class ShotRequest:
    screen: str
    size: tuple[int, int] = (1080, 1920)
    elder: bool = False
    language: str = "zh_CN"


def ensure_app() -> QGuiApplication:
    prepare_qt_environment(offscreen=True)
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["lawpost-shot"])
    assert isinstance(app, QGuiApplication)
    return app


def settle(rounds: int = 6) -> None:
    """Let bindings, loaders and the short fade-in finish before a frame is grabbed."""
    import time

    for _ in range(rounds):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.03)


class ManualClock:
    """A monotonic clock that moves only when told to (screenshots and audit of the idle overlay)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def show_state(kiosk: Kiosk, request: ShotRequest, *, clock: ManualClock | None = None) -> None:
    """Put a built kiosk into the state the request names (screen or overlay)."""
    kiosk.theme.set_elder(request.elder)
    kiosk.i18n.setLanguage(request.language)
    kiosk.nav.home()
    if request.screen == "idle":
        if clock is None:
            raise ValueError("the idle overlay needs a kiosk built with a ManualClock")
        clock.advance(kiosk.settings.kiosk.idle_timeout_s + 1)
        kiosk.session.tick()
    elif request.screen == "pin":
        kiosk.tech.cornerHeld("first")
        kiosk.tech.cornerHeld("second")
    elif request.screen != "home":
        spec = find_screen(request.screen)
        kiosk.nav.go(spec.screen_id, spec.sample_params)
    settle()
    loader = kiosk.current_screen()
    if loader is not None:
        loader.setProperty("opacity", 1.0)


def render(request: ShotRequest, out: Path, *, settings: Settings | None = None) -> Path:
    ensure_app()
    with tempfile.TemporaryDirectory(prefix="lawpost-shot-") as tmp:
        base = settings or Settings()
        clock = ManualClock()
        kiosk = build_kiosk(
            base.with_data_dir(Path(tmp)), speaker=FakeSpeaker(), size=request.size, clock=clock
        )
        try:
            kiosk.window.show()
            show_state(kiosk, request, clock=clock)
            image = kiosk.window.grabWindow()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(out)):
                raise OSError(f"could not write {out}")
        finally:
            kiosk.close()
    return out
