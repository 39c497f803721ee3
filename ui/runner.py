"""Runs the kiosk process: logging, the Qt application, and the calm fatal-error screen."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.config import Settings
from kiosk.logs import configure_logging
from ui.qt_env import prepare_qt_environment, use_private_config_dir, use_throwaway_dirs
from ui.screens import QML_DIR

log = logging.getLogger(__name__)

# Exit status for a fatal error; the supervisor (systemd Restart=on-failure) starts a new kiosk.
FATAL_EXIT = 70
FATAL_SCREEN_MS = 20_000
# Seconds a stopping kiosk may spend closing down before the process simply ends.
STOP_GRACE_S = 4.0


def error_code(prefix: str, exc: BaseException) -> str:
    """A short stable code a technician can quote on the phone (same failure → same code)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].name}" if frames else ""
    digest = hashlib.sha1(f"{type(exc).__name__}|{where}".encode()).hexdigest()[:4].upper()
    return f"{prefix}-{digest}"


class FatalHandler:
    """Turns any uncaught exception into: traceback in the log, fatal screen, exit non-zero."""

    def __init__(self, app: QGuiApplication, *, screen_ms: int = FATAL_SCREEN_MS) -> None:
        self._app = app
        self._screen_ms = screen_ms
        self._engine: QQmlApplicationEngine | None = None
        self.code = ""

    @property
    def window(self) -> QWindow | None:
        roots = self._engine.rootObjects() if self._engine is not None else []
        return roots[0] if roots and isinstance(roots[0], QWindow) else None

    def show(self, code: str) -> None:
        if self._engine is not None:
            return
        self.code = code
        engine = QQmlApplicationEngine()
        engine.setInitialProperties({"code": code})
        engine.load(QUrl.fromLocalFile(str(QML_DIR / "FatalError.qml")))
        for window in engine.rootObjects():
            if isinstance(window, QWindow):
                window.showFullScreen()
        self._engine = engine
        QTimer.singleShot(self._screen_ms, lambda: self._app.exit(FATAL_EXIT))

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            # Ctrl-C that reached Python inside a slot is a request to stop, not a fault.
            self._app.exit(0)
            return
        code = error_code("LP-200", exc)
        log.critical("fatal error %s", code, exc_info=(kind, exc, tb))
        self.show(code)


class StopSignals:
    """SIGTERM (systemd) and SIGINT (Ctrl-C, `lawpost demo`) end the event loop cleanly, so the
    sync worker stops and the database closes. A signal that arrives before the loop runs is
    remembered: `app.quit()` then would be lost."""

    def __init__(self, app: QGuiApplication) -> None:
        self._app = app
        self.received = False
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)
        # Python runs signal handlers only between bytecodes, so a timer gives it a moment every
        # half second while Qt waits for events.
        self._wake = QTimer()
        self._wake.timeout.connect(lambda: None)
        self._wake.start(500)

    def _on_signal(self, _signum: int, _frame: object) -> None:
        self.received = True
        # exit(), not quit(): Qt 6's quit() first closes every window, and an offscreen or
        # Wayland window closed while an animation had an update pending crashed (SIGSEGV in
        # QPlatformWindow::hasPendingUpdateRequest) when the signal came during start-up.
        self._app.exit(0)


def run(settings: Settings, *, windowed: bool, size: tuple[int, int] | None,
        first_boot: bool = True) -> int:
    log_path = configure_logging(settings.data_dir / "logs")
    prepare_qt_environment()  # before the kiosk's imports: see ui/process_memory.py
    from ui.app import KioskStartError, build_kiosk
    from ui.watchdog import EventLoopWatchdog

    use_private_config_dir(settings.data_dir)
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName("LawPost")
    fatal = FatalHandler(app, screen_ms=settings.kiosk.fatal_screen_s * 1000)
    sys.excepthook = fatal.excepthook
    stop = StopSignals(app)
    log.info("kiosk starting; log at %s", Path(log_path).name)
    try:
        kiosk = build_kiosk(settings, size=size, start_sync=True, first_boot=first_boot)
    except KioskStartError as exc:
        log.critical("kiosk failed to start (%s): %s", exc.code, exc)
        fatal.show(exc.code)
        return app.exec()
    kiosk.tech.exit_requested.connect(lambda: app.exit(0))
    watchdog = EventLoopWatchdog(kiosk.window, parent=kiosk.window)
    if windowed:
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    status = 0 if stop.received else app.exec()
    log.info("kiosk stopping (status %s)", status)
    watchdog.stop()
    exit_within(STOP_GRACE_S, status)
    kiosk.close()
    return status


def exit_within(seconds: float, status: int) -> threading.Timer:
    """End the process after `seconds` even if tear-down still waits for work in progress.

    A first start installs the content pack and builds its index for tens of seconds; Ctrl-C or
    systemd's stop must not wait for that. Abandoning it is safe: the install is staged and
    renamed into place only when complete, and SQLite's journal survives an abrupt exit.
    """

    def _leave() -> None:
        log.warning("kiosk stopped without waiting for background work (%.0f s grace)", seconds)
        logging.shutdown()
        os._exit(status)

    timer = threading.Timer(seconds, _leave)
    timer.daemon = True
    timer.start()
    return timer


def run_safe_screen(settings: Settings, *, windowed: bool) -> int:
    """Show only the hotline and opening hours until stopped (lawpost-kiosk-safe.service)."""
    from ui.safe_screen import load_safe_screen

    prepare_qt_environment()
    use_throwaway_dirs()  # the data folder may be what is broken
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName("LawPost")
    stop = StopSignals(app)
    engine = load_safe_screen(settings)
    for window in engine.rootObjects():
        if isinstance(window, QWindow):
            window.show() if windowed else window.showFullScreen()
    log.warning("kiosk failed to start repeatedly: safe screen shown")
    status = 0 if stop.received else app.exec()
    del engine
    return status
