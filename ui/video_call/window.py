"""The call window process: `python -m ui.video_call [--language L] [--size WxH]`.

QtWebEngine runs here, not in the kiosk process: it must be initialised before the application
object exists, its Chromium needs memory the kiosk should get back after each call, and a crash
of the call must not take the kiosk down. The kiosk starts it, hidden, as soon as the visitor
joins the queue, so Chromium and the page are warm when a lawyer answers. Pipes:
stdin  — `start {"ws": ..., "call": ..., "ticket": ...}`: show the window and start the call
         (the one-time ticket never goes on the command line, which `ps` shows); `hangup`;
         `ack {...}`: the kiosk's answer to a guide or form the lawyer pushed (the window shows it);
         end of input (the kiosk went away or no longer needs it) hangs up and quits.
stdout — one JSON object per line: {"event": "loaded"} once the page is ready,
         {"event": "report", ...} twice a second, then {"event": "ended", "reason": ...} just
         before the process exits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QSocketNotifier, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication

WEB_DIR = Path(__file__).resolve().parent / "web"
QML_FILE = Path(__file__).resolve().parent / "CallWindow.qml"
CATALOG_DIR = Path(__file__).resolve().parents[2] / "assets" / "i18n" / "video"
# After 挂断, the page has this long to say goodbye to the server before the window closes anyway.
_HANGUP_GRACE_MS = 3000
# The volume steps of 大 / 小 (gain on the lawyer's voice); the call starts at 1.0.
VOLUME_STEPS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
_START_VOLUME = VOLUME_STEPS.index(1.0)
# The longest text of a pushed page the window shows (a guide's steps, an article, a form's summary).
_PUSHED_TEXT_MAX = 4000


def _strings(language: str) -> dict[str, str]:
    path = CATALOG_DIR / f"{'en' if language == 'en' else 'zh_CN'}.json"
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return table


class CallBridge(QObject):
    changed = Signal()
    hangupRequested = Signal()

    startRequested = Signal(str)
    shotRequested = Signal(str)
    showRequested = Signal()
    volumeRequested = Signal(float)
    ackRequested = Signal(str)
    shareRequested = Signal(str)
    # The visitor's microphone paused while the share notice is read aloud (see askShare).
    muteRequested = Signal(bool)

    def __init__(self, *, language: str, font_family: str) -> None:
        super().__init__()
        self._page = QUrl.fromLocalFile(str(WEB_DIR / "call.html"))
        self._loaded = False
        self._pending_start = ""
        self._started = False
        self._strings = _strings(language)
        self._font = font_family
        self._camera_on = False
        self._state = "connecting"
        self._finished = False
        self._volume = _START_VOLUME
        self._pushed_text = ""
        # The page the lawyer pushed, shown beside the video until the visitor closes it.
        self._pushed_title = ""
        self._pushed_body = ""
        self._pushed_open = False
        # The form being filled on the kiosk, offered to show the lawyer: "" when none;
        # share state: "" → "asking" (the consent notice) → "consented" → "shared".
        self._share_title = ""
        self._share_state = ""

    def emit_line(self, event: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    @Slot(bool)
    def pageLoaded(self, ok: bool) -> None:
        if not ok:
            self.finish("page_failed")
            return
        self._loaded = True
        self.emit_line({"event": "loaded"})
        if self._pending_start:
            self.startRequested.emit(self._pending_start)

    def start(self, params_json: str) -> None:
        """Show the window and start the call (the page may still be loading: then on load)."""
        try:
            params = json.loads(params_json)
        except ValueError:
            return
        if self._started or not isinstance(params, dict):
            return
        self._started = True
        self._share_title = str(params.get("share_title", ""))[:80]
        self.changed.emit()
        self.showRequested.emit()
        call = json.dumps({"ws": str(params.get("ws", "")), "call": int(params.get("call", 0)),
                           "ticket": str(params.get("ticket", ""))})  # fmt: skip
        if self._loaded:
            self.startRequested.emit(call)
        else:
            self._pending_start = call

    @Slot(QUrl, result=bool)
    def isCallPage(self, url: QUrl) -> bool:
        return url.toString().split("#", 1)[0] == self._page.toString()

    @Slot(str)
    def report(self, text: str) -> None:
        if not text or self._finished or not self._started:
            return
        try:
            data = json.loads(text)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        pushed = {"pushedOpen": self._pushed_open, "pushedTitle": self._pushed_title,
                  "pushedStart": self._pushed_body[:120]}  # fmt: skip
        self.emit_line({"event": "report", **data, **pushed})
        camera_on = bool(data.get("cameraOn"))
        state = str(data.get("state", ""))
        if camera_on != self._camera_on or state != self._state:
            self._camera_on, self._state = camera_on, state
            self.changed.emit()
        if state == "ended":
            self.finish(str(data.get("endReason") or "ended"))

    @Slot()
    def hangup(self) -> None:
        self.hangupRequested.emit()
        QTimer.singleShot(_HANGUP_GRACE_MS, lambda: self.finish("hangup"))

    @Slot(int)
    def changeVolume(self, step: int) -> None:
        """大 (+1) / 小 (-1): one step of VOLUME_STEPS, within the ends."""
        level = max(0, min(len(VOLUME_STEPS) - 1, self._volume + step))
        if level != self._volume:
            self._volume = level
            self.changed.emit()
            self.volumeRequested.emit(VOLUME_STEPS[level])

    @Slot()
    def askShare(self) -> None:
        """给律师看: first the consent notice (what the lawyer will see; nothing is kept)."""
        if self._share_title and self._share_state == "":
            self._share_state = "asking"
            self.changed.emit()
            # Read aloud once although 朗读 is off in calls: the kiosk's speech does not pass through
            # Chromium, so its echo canceller has no reference for it and the lawyer would hear
            # it (and the level jump would pull the auto gain). The visitor's microphone is paused
            # while the notice is open, and comes back with the visitor's answer.
            self.muteRequested.emit(True)
            notice = "\n".join((self._share_text("video.share_notice"), self._strings["video.share_decline"],
                                self._strings["video.share_agree"]))  # fmt: skip
            self.emit_line({"event": "share_asking", "text": notice})

    @Slot(bool)
    def answerShare(self, agreed: bool) -> None:
        if self._share_state != "asking":
            return
        self._share_state = "consented" if agreed else ""
        self.changed.emit()
        self.muteRequested.emit(False)
        if agreed:  # the kiosk answers with the form's review (share ...), never before this tap
            self.emit_line({"event": "share_consent"})

    def share(self, data_json: str) -> None:
        try:
            data = json.loads(data_json)
        except ValueError:
            return
        if self._share_state == "consented" and isinstance(data, dict):
            self._share_state = "shared"
            self.changed.emit()
            self.shareRequested.emit(json.dumps(data, ensure_ascii=False))

    def acknowledge(self, ack_json: str) -> None:
        """The kiosk looked up what the lawyer pushed: tell the lawyer, and show it in the window."""
        try:
            ack = json.loads(ack_json)
        except ValueError:
            return
        if not isinstance(ack, dict):
            return
        body = ack.pop("body", "")  # the page's text is for this screen, not for the lawyer
        if ack.get("shown") is True and isinstance(ack.get("title"), str):
            kind = ack.get("kind")
            what = ack["title"] if kind == "article" else (
                self._strings.get(f"video.about.{kind}", "") + "《" + ack["title"] + "》"
            )
            self._pushed_text = self._strings["video.pushed_banner"].replace("{what}", what)
            self._pushed_title, self._pushed_body = what, str(body)[:_PUSHED_TEXT_MAX]
            self._pushed_open = bool(self._pushed_body)
            self.changed.emit()
        self.ackRequested.emit(json.dumps(ack, ensure_ascii=False))

    @Slot(bool)
    def showPushed(self, shown: bool) -> None:
        """关闭 on the pushed page / a tap on the banner to see it again."""
        shown = shown and bool(self._pushed_body)
        if shown != self._pushed_open:
            self._pushed_open = shown
            self.changed.emit()

    @Slot()
    def pageCrashed(self) -> None:
        self.finish("page_crashed")

    def finish(self, reason: str) -> None:
        if self._finished:
            return
        self._finished = True
        self._camera_on = False
        self.changed.emit()
        self.emit_line({"event": "ended", "reason": reason})
        QTimer.singleShot(200, QGuiApplication.quit)

    @property
    def started(self) -> bool:
        return self._started

    def _status_text(self) -> str:
        key = {"connected": "video.call_connected", "disconnected": "video.call_unstable"}.get(
            self._state, "video.call_connecting"
        )
        return self._strings.get(key, "")

    pageUrl = Property(QUrl, lambda self: self._page, constant=True)
    cameraOn = Property(bool, lambda self: self._camera_on, notify=changed)
    statusText = Property(str, _status_text, notify=changed)
    cameraText = Property(str, lambda self: self._strings["video.camera_on"], constant=True)
    hangupText = Property(str, lambda self: self._strings["video.hangup"], constant=True)
    volumeUpText = Property(str, lambda self: self._strings["video.volume_up"], constant=True)
    volumeDownText = Property(str, lambda self: self._strings["video.volume_down"], constant=True)
    volumeLevel = Property(int, lambda self: self._volume, notify=changed)
    volumeSteps = Property(int, lambda self: len(VOLUME_STEPS), constant=True)
    pushedText = Property(str, lambda self: self._pushed_text, notify=changed)
    pushedTitle = Property(str, lambda self: self._pushed_title, notify=changed)
    pushedBody = Property(str, lambda self: self._pushed_body, notify=changed)
    pushedOpen = Property(bool, lambda self: self._pushed_open, notify=changed)
    closeText = Property(str, lambda self: self._strings["video.pushed_close"], constant=True)
    shareTitle = Property(str, lambda self: self._share_title, notify=changed)
    shareState = Property(str, lambda self: self._share_state, notify=changed)

    def _share_text(self, key: str) -> str:
        return self._strings[key].replace("{title}", self._share_title)

    shareButtonText = Property(str, lambda self: self._share_text("video.share_button"), notify=changed)
    shareNoticeText = Property(str, lambda self: self._share_text("video.share_notice"), notify=changed)
    shareAgreeText = Property(str, lambda self: self._strings["video.share_agree"], constant=True)
    shareDeclineText = Property(str, lambda self: self._strings["video.share_decline"], constant=True)
    sharedText = Property(str, lambda self: self._share_text("video.share_done"), notify=changed)
    fontFamily = Property(str, lambda self: self._font, constant=True)


def _handle_line(bridge: CallBridge, line: str) -> None:
    if line.startswith("start "):
        bridge.start(line[len("start ") :])
    elif line.startswith("ack "):  # what the kiosk made of the lawyer's push
        bridge.acknowledge(line[len("ack ") :])
    elif line.startswith("share "):  # the form's review, after the visitor's consent
        bridge.share(line[len("share ") :])
    elif line.strip() == "share-ask":  # the same as the window's 给律师看 (documentation)
        bridge.askShare()
    elif line.strip() == "share-consent":  # the same as the window's own taps (tests)
        bridge.askShare()
        bridge.answerShare(True)
    elif line.strip() in ("pushed-close", "pushed-open"):  # the same as the window's own taps (tests)
        bridge.showPushed(line.strip() == "pushed-open")
    elif line.startswith("volume "):  # the same as the window's own 大 / 小 (tests)
        bridge.changeVolume(1 if line.strip().endswith("up") else -1)
    elif line.startswith("shot "):  # a picture of the window (documentation, benchmark)
        bridge.shotRequested.emit(line[len("shot ") :].strip())
    elif line.strip() == "hangup":
        if bridge.started:
            bridge.hangup()
        else:
            bridge.finish("not_needed")


def _watch_stdin(bridge: CallBridge) -> QSocketNotifier:
    fd = sys.stdin.fileno()
    notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
    pending = bytearray()

    def readable() -> None:
        # Raw reads, not sys.stdin.readline(): two lines arriving together would leave the
        # second in Python's buffer, and the notifier would not fire again for it.
        chunk = os.read(fd, 65536)
        if not chunk:  # the kiosk closed the pipe or died: the call must not go on unseen
            notifier.setEnabled(False)
            if bridge.started:
                bridge.hangup()
            else:
                bridge.finish("not_needed")
            return
        pending.extend(chunk)
        while b"\n" in pending:
            line, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            _handle_line(bridge, line.decode("utf-8", "replace") + "\n")

    notifier.activated.connect(readable)
    return notifier


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.video_call")
    parser.add_argument("--language", default="zh_CN")
    parser.add_argument("--size", default="", help="WxH window; default full screen")
    args = parser.parse_args(argv)

    from PySide6.QtQml import QQmlApplicationEngine
    from PySide6.QtQuick import QQuickWindow  # imported first, so the root object has this type
    from PySide6.QtWebEngineQuick import QtWebEngineQuick

    QtWebEngineQuick.initialize()
    app = QGuiApplication([sys.argv[0]])
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families()
    font = next((f for f in ("Noto Sans CJK SC", *families) if f in families and "CJK" in f), "sans-serif")
    bridge = CallBridge(language=args.language, font_family=font)
    engine = QQmlApplicationEngine()
    engine.rootContext().setContextProperty("Bridge", bridge)
    engine.load(QUrl.fromLocalFile(str(QML_FILE)))
    roots = engine.rootObjects()
    if not roots:
        bridge.emit_line({"event": "ended", "reason": "window_failed"})
        return 1
    window = roots[0]
    if args.size:
        width, height = (int(v) for v in args.size.lower().split("x"))
        window.setProperty("width", width)
        window.setProperty("height", height)

    def show() -> None:
        if args.size or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            window.setProperty("visible", True)
        else:
            window.showFullScreen()  # type: ignore[attr-defined]

    bridge.showRequested.connect(show)

    def shot(path: str) -> None:
        if isinstance(window, QQuickWindow):
            window.grabWindow().save(path)
            bridge.emit_line({"event": "shot", "path": path})

    bridge.shotRequested.connect(shot)
    notifier = _watch_stdin(bridge)
    code = app.exec()
    notifier.setEnabled(False)
    return code
