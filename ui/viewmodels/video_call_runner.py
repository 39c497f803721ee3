"""Runs the call window process (ui/video_call) for one call and reports what it says."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from kiosk.video.client import CallPage

log = logging.getLogger(__name__)

_ROOT = Path(__file__).resolve().parents[2]
# If the window does not close itself this long after 挂断, it is stopped.
_KILL_AFTER_MS = 5000


class CallRunner(QObject):
    """One call window at a time. `report` carries the page's state twice a second; `ended`
    fires exactly once per started call with the reason (hang-up, the other side lost, a crash);
    a window prepared but never started closes silently."""

    report = Signal(dict)
    ended = Signal(str)
    # The visitor agreed in the call window to show the lawyer the form being filled.
    share_consented = Signal()
    # The window opened the share notice: its text, to be read aloud once (the mic is paused).
    share_asking = Signal(str)

    def __init__(self, *, extra_chromium_flags: str = "", size: str = "") -> None:
        super().__init__()
        # The title of a form the window may offer to show the lawyer ("" = none); set by wiring.
        self.share_offer: Callable[[], str] = lambda: ""
        self._process: QProcess | None = None
        self._buffer = b""
        self._ended = True
        self._started = False
        self.loaded = False  # the hidden window has its page ready
        self._flags = extra_chromium_flags
        self._size = size

    @property
    def running(self) -> bool:
        return self._process is not None

    def prepare(self, *, language: str) -> None:
        """Start the window process hidden, so Chromium is warm when a lawyer answers.
        No camera is opened until start()."""
        if self._process is not None:
            return
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        flags = " ".join(f for f in (env.value("QTWEBENGINE_CHROMIUM_FLAGS"), self._flags) if f)
        env.insert("QTWEBENGINE_CHROMIUM_FLAGS", flags)
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (str(_ROOT), env.value("PYTHONPATH")) if p))
        process.setProcessEnvironment(env)
        # Chromium writes diagnostics to stderr; they hold no visitor data and are not needed.
        process.setStandardErrorFile(QProcess.nullDevice())
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._finished)
        args = ["-m", "ui.video_call", "--language", language]
        if self._size:
            args += ["--size", self._size]
        self._process = process
        self._buffer = b""
        self._started = False
        self.loaded = False
        process.start(sys.executable, args)

    def start(self, page: CallPage, *, language: str) -> None:
        """Show the window and connect the call (preparing it first if that was not done)."""
        self.prepare(language=language)
        assert self._process is not None
        self._started = True
        self._ended = False
        line = json.dumps({"ws": page.ws_url, "call": page.call_id, "ticket": page.ticket,
                           "share_title": self.share_offer()}, ensure_ascii=False)  # fmt: skip
        self._process.write(("start " + line + "\n").encode("utf-8"))

    def ack(self, line: str) -> None:
        """The kiosk's answer to a page the lawyer pushed (JSON on one line), for the call window."""
        if self._process is not None and "\n" not in line:
            self._process.write(("ack " + line + "\n").encode("utf-8"))

    def share(self, line: str) -> None:
        """The form's review (JSON on one line) for the window to send to the lawyer."""
        if self._process is not None and "\n" not in line:
            self._process.write(("share " + line + "\n").encode("utf-8"))

    def ask_share(self) -> None:
        """The same as the visitor's tap on 给律师看 in the window: the consent notice (documentation)."""
        if self._process is not None:
            self._process.write(b"share-ask\n")

    def consent_share(self) -> None:
        """The same as the visitor's two taps (给律师看, 同意) in the window (tests)."""
        if self._process is not None:
            self._process.write(b"share-consent\n")

    def show_pushed(self, shown: bool) -> None:
        """The same as the window's 关闭 on the pushed page, or a tap on its banner (tests)."""
        if self._process is not None:
            self._process.write(b"pushed-open\n" if shown else b"pushed-close\n")

    def volume(self, *, up: bool) -> None:
        """One step of the call window's 大 / 小, as its own buttons do (tests, benchmark)."""
        if self._process is not None:
            self._process.write(b"volume up\n" if up else b"volume down\n")

    def shot(self, path: str) -> None:
        """Ask the window for a picture of itself (documentation and the benchmark only)."""
        if self._process is not None:
            self._process.write(f"shot {path}\n".encode())

    def hangup(self) -> None:
        """End the call; a prepared window that never started a call just closes."""
        process = self._process
        if process is None:
            return
        process.write(b"hangup\n")
        QTimer.singleShot(_KILL_AFTER_MS, lambda: self._kill(process))

    def close(self) -> None:
        """The kiosk is closing: end the call now, never leave a window (and a camera) behind."""
        process = self._process
        if process is None:
            return
        process.write(b"hangup\n")
        if not process.waitForFinished(3000):
            process.kill()
            process.waitForFinished(2000)

    def _kill(self, process: QProcess) -> None:
        if self._process is process and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()

    def _read(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            try:
                event: dict[str, Any] = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "loaded":
                self.loaded = True
            elif event.get("event") == "report":
                self.report.emit(event)
            elif event.get("event") == "share_consent":
                self.share_consented.emit()
            elif event.get("event") == "share_asking":
                self.share_asking.emit(str(event.get("text", "")))
            elif event.get("event") == "ended":
                self._end(str(event.get("reason", "ended")))

    def _finished(self, _code: int, _status: QProcess.ExitStatus) -> None:
        self._read()
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
        self._end("window_closed")

    def _end(self, reason: str) -> None:
        if self._started and not self._ended:
            self._ended = True
            log.info("call ended: %s", reason)
            self.ended.emit(reason)
