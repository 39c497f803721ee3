"""`lawpost run --check`: start the kiosk offscreen, draw the home screen, open the library, search, and
check the database, speech, printers and the server; one JSON object for scripts and technicians."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import Settings

OK, NOT_CONFIGURED, FAILED = "ok", "not_configured", "failed"
CHECK_QUERY = "拖欠工资"
# Required: home screen, database, library and search always; speech and the server once configured.
DISK_ALERT_FRACTION = 0.8


@dataclass
class Check:
    result: str
    required: bool
    reason: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"result": self.result, "required": self.required}
        if self.reason:
            out["reason"] = self.reason
        return out | self.detail


@dataclass
class Report:
    checks: dict[str, Check] = field(default_factory=dict)
    first_frame_ms: float | None = None
    library_ms: float | None = None
    search_ms: float | None = None
    rss_mb: float | None = None

    @property
    def ok(self) -> bool:
        return all(c.result == OK for c in self.checks.values() if c.required)

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "first_frame_ms": self.first_frame_ms,
            "library_ms": self.library_ms,
            "search_ms": self.search_ms,
            "rss_mb": self.rss_mb,
            "checks": {name: check.as_json() for name, check in self.checks.items()},
        }


def rss_mb() -> float:
    """Resident memory of this process (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _guarded(report: Report, name: str, required: bool, run: Callable[[], Check]) -> Check:
    """Run one check; an exception is that check's failure, never the end of the self-test."""
    try:
        check = run()
    except Exception as exc:  # each failure is reported with its reason
        first_line = str(exc).splitlines()[0][:200] if str(exc) else ""
        check = Check(FAILED, required, f"{type(exc).__name__}: {first_line}")
    report.checks[name] = check
    return check


def check_database(data_dir: Path) -> Check:
    from kiosk.storage.database import open_database

    db = open_database(data_dir)
    try:
        answer = db.execute("pragma quick_check").fetchone()[0]
    finally:
        db.conn.close()
    return Check(OK, True) if answer == "ok" else Check(FAILED, True, f"SQLite quick_check: {answer}")


def check_speech(settings: Settings, *, cut: Callable[[str], list[str]] | None = None) -> Check:
    """Render a short phrase to a WAV file with the configured voice (no sound card needed)."""
    if not settings.speech.enabled:
        return Check(NOT_CONFIGURED, False, "[speech] enabled = false")
    from kiosk.speech.espeak import EspeakVoice, VoiceError
    from kiosk.speech.frontend import SpeechFrontEnd, SpeechRenderer

    with tempfile.TemporaryDirectory(prefix="lawpost-check-") as folder:
        wav = Path(folder) / "check.wav"
        try:
            SpeechRenderer(
                front_end=SpeechFrontEnd(cut=cut, mandarin_voice=settings.speech.voice_zh),
                voice=EspeakVoice(rate_wpm=settings.speech.rate_wpm),
            ).write_wav("公共法律服务，请拨打12348。", wav)
        except VoiceError as exc:
            return Check(FAILED, True, f"the voice {settings.speech.voice_zh!r} failed: {exc}")
        size = wav.stat().st_size if wav.exists() else 0
    if size < 2000:
        return Check(FAILED, True, f"the voice {settings.speech.voice_zh!r} produced no sound ({size} bytes)")
    return Check(OK, True, detail={"voice": settings.speech.voice_zh})


def check_printers() -> Check:
    """CUPS queues: none is 'not configured' (ticket and form printing then offer QR codes only)."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return Check(NOT_CONFIGURED, False, "CUPS is not installed (lpstat not found)")
    answer = subprocess.run([lpstat, "-e"], capture_output=True, text=True, timeout=10, check=False)
    queues = answer.stdout.split()
    if answer.returncode != 0 or not queues:
        return Check(NOT_CONFIGURED, False, "no printer queue in CUPS")
    return Check(OK, False, detail={"queues": queues})


def check_disk(data_dir: Path, *, alert_at: float = DISK_ALERT_FRACTION) -> Check:
    """The data folder's file system: failed (not required) from 80 % used, so a technician acts
    before the outbox, logs or a content update meet a full disk."""
    usage = shutil.disk_usage(data_dir if data_dir.exists() else data_dir.parent)
    used = usage.used / usage.total if usage.total else 0.0
    detail = {"used_percent": round(used * 100, 1), "free_mb": usage.free // (1024 * 1024)}
    if used >= alert_at:
        return Check(FAILED, False, f"{used:.0%} of the disk is used (alert at {alert_at:.0%})", detail)
    return Check(OK, False, detail=detail)


def check_server(settings: Settings) -> Check:
    """The enrolled server's health endpoint, with the configured CA bundle (required once enrolled)."""
    import requests

    from kiosk.storage.database import open_database
    from kiosk.sync.enrollment import load_enrollment

    db = open_database(settings.data_dir)
    try:
        enrollment = load_enrollment(db)
    finally:
        db.conn.close()
    if enrollment is None:
        return Check(NOT_CONFIGURED, False, "not enrolled (lawpost enroll)")
    verify: bool | str = settings.sync.ca_bundle or True
    try:
        answer = requests.get(
            enrollment.server_url + "/healthz", timeout=settings.sync.connect_timeout_s, verify=verify
        )
    except requests.RequestException as exc:
        return Check(FAILED, True, f"{enrollment.server_url} unreachable: {type(exc).__name__}")
    if answer.status_code != 200:
        return Check(FAILED, True, f"{enrollment.server_url}/healthz answered {answer.status_code}")
    return Check(OK, True, detail={"server_url": enrollment.server_url})


def run_check(settings: Settings) -> Report:
    """The whole self-test in this process (Qt offscreen, private Qt folders)."""
    from ui.qt_env import prepare_qt_environment, use_throwaway_dirs

    prepare_qt_environment(offscreen=True)  # before the kiosk's imports: ui/process_memory.py
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication

    from kiosk.search.segment import SharedSegmenter
    from ui.app import attach_content, build_kiosk, open_content_library

    started = time.perf_counter()
    report = Report()
    use_throwaway_dirs()  # never the live kiosk's Qt folders: a technician runs this beside it
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    _guarded(report, "database", True, lambda: check_database(settings.data_dir))
    kiosk = None
    segmenter = SharedSegmenter()  # one jieba dictionary, as in the kiosk: rss_mb is honest
    try:
        kiosk = build_kiosk(settings, open_content=False, start_sync=False, segmenter=segmenter)
        frames: list[float] = []
        kiosk.window.frameSwapped.connect(lambda: frames.append(time.perf_counter()))
        kiosk.window.show()
        loop = QEventLoop()
        QTimer.singleShot(20_000, loop.quit)
        poll = QTimer()
        poll.timeout.connect(lambda: loop.quit() if frames else None)
        poll.start(5)
        loop.exec()
        poll.stop()
        if frames:
            report.first_frame_ms = round((frames[0] - started) * 1000, 1)
            report.checks["home_screen"] = Check(OK, True)
        else:
            report.checks["home_screen"] = Check(FAILED, True, "no frame drawn within 20 s")
    except Exception as exc:  # the kiosk did not build: that is the failed check
        report.checks["home_screen"] = Check(FAILED, True, f"{type(exc).__name__}: {str(exc)[:200]}")
    content = None

    def _library() -> Check:
        nonlocal content
        begin = time.perf_counter()
        content = open_content_library(settings, segmenter=segmenter.get())
        report.library_ms = round((time.perf_counter() - begin) * 1000, 1)
        if kiosk is not None:
            attach_content(kiosk, content)
        return Check(OK, True, detail={"pack": content.pack_dir.name})

    def _search() -> Check:
        if content is None:
            return Check(FAILED, True, "the library did not open")
        begin = time.perf_counter()
        found = content.search(CHECK_QUERY)
        report.search_ms = round((time.perf_counter() - begin) * 1000, 1)
        if not found.results:
            return Check(FAILED, True, f"no results for {CHECK_QUERY!r}")
        return Check(OK, True, detail={"query": CHECK_QUERY, "results": len(found.results)})

    _guarded(report, "library", True, _library)
    _guarded(report, "search", True, _search)
    # pyttsx3 prints "Audio saved to ..." on stdout, which belongs to the JSON report.
    with contextlib.redirect_stdout(sys.stderr):
        _guarded(report, "speech", settings.speech.enabled, lambda: check_speech(settings, cut=segmenter.cut))
    _guarded(report, "printers", False, check_printers)
    _guarded(report, "server", True, lambda: check_server(settings))
    _guarded(report, "disk", False, lambda: check_disk(settings.data_dir))
    report.rss_mb = rss_mb()
    if kiosk is not None:
        kiosk.close()  # closes the library attached to it
    elif content is not None:
        content.close()
    QCoreApplication.processEvents()
    del app
    return report


def describe(report: Report) -> str:
    """The report as lines a technician reads on a terminal."""
    lines = [f"LawPost self-check: {'OK' if report.ok else 'FAILED'}"]
    for label, value in (("first frame", report.first_frame_ms), ("library", report.library_ms),
                         ("search", report.search_ms)):  # fmt: skip
        if value is not None:
            lines.append(f"  {label:<12} {value:8.0f} ms")
    lines.append(f"  {'memory':<12} {report.rss_mb or 0:8.0f} MB")
    for name, check in report.checks.items():
        need = "required" if check.required else "optional"
        lines.append(f"  {name:<12} {check.result:<15} {need}  {check.reason}".rstrip())
    return "\n".join(lines)
