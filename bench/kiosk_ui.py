"""Kiosk UI figures: cold start to first home frame, tap-to-next-screen latency, RSS over sessions.

Run: `.venv/bin/python -m bench.kiosk_ui` (offscreen; prints a Markdown table).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

COLD_RUNS = 7
TAPS = 300
SESSIONS = 1000

# The child process of the cold-start run: prints FRAME when the first home frame is rendered.
_CHILD = """
import sys, tempfile
from pathlib import Path
from ui.qt_env import prepare_qt_environment, use_private_config_dir
prepare_qt_environment(offscreen=True)
use_private_config_dir(Path(sys.argv[1]))  # as `lawpost run` does: QML cache kept across starts
from PySide6.QtGui import QGuiApplication
from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from ui.app import build_kiosk
app = QGuiApplication(sys.argv[:1])
kiosk = build_kiosk(Settings().with_data_dir(Path(sys.argv[1])), speaker=FakeSpeaker())
def done():
    print("FRAME", flush=True)
    app.quit()
kiosk.window.frameSwapped.connect(done)
kiosk.window.show()
app.exec()
"""


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start_seconds(data_dir: Path) -> float:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("FRAME"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError("the kiosk never rendered a frame")
    child.wait(timeout=30)
    return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def in_process_figures(data_dir: Path) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
    from PySide6.QtGui import QGuiApplication

    from kiosk.config import Settings
    from kiosk.devices.speech import FakeSpeaker
    from ui.app import build_kiosk
    from ui.shot import ManualClock, settle

    app = QGuiApplication.instance() or QGuiApplication(["bench"])
    clock = ManualClock()
    kiosk = build_kiosk(Settings().with_data_dir(data_dir), speaker=FakeSpeaker(), clock=clock)
    kiosk.window.show()
    deadline = time.perf_counter() + 120  # first start: the pack is installed and indexed
    while not kiosk.library.ready and time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    if not kiosk.library.ready:
        raise RuntimeError("the content library did not open")
    settle()
    rss_start = rss_mb()

    frames: list[float] = []
    kiosk.window.frameSwapped.connect(lambda: frames.append(time.perf_counter()))

    def wait_frame(after: float) -> float:
        deadline = time.perf_counter() + 2
        while time.perf_counter() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            if frames and frames[-1] > after:
                return frames[-1] - after
        raise RuntimeError("no frame after navigation")

    latencies = []
    screens = (("guides", {}), ("guide", {"guide": "unpaid-wages-steps"}), ("rating", {}),
               ("search", {}), ("law", {"law": "中华人民共和国劳动合同法"}), ("privacy", {}))
    for index in range(TAPS):
        screen, params = screens[index % len(screens)]
        tapped = time.perf_counter()
        kiosk.nav.go(screen, params)  # what the tile's MouseArea calls on release
        latencies.append(wait_frame(tapped) * 1000)
        kiosk.nav.home()
        wait_frame(time.perf_counter())

    def run_event_loop_once() -> None:
        # What one turn of app.exec() does: events, then the deferred deletions of screens
        # the Loader replaced (processEvents alone never runs those).
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    rss_warm = rss_start
    for index in range(SESSIONS):
        kiosk.nav.go("rating")
        run_event_loop_once()
        kiosk.rating.choose(4)
        kiosk.rating.setComment("排队有点久，但工作人员很耐心")
        kiosk.theme.toggleElder()
        kiosk.nav.go("guide", {"guide": "unpaid-wages-steps"})
        kiosk.speech.speak("您好")
        run_event_loop_once()
        kiosk.nav.go("search")
        kiosk.library.search("房东不退押金 我的电话13812345678")
        run_event_loop_once()
        clock.advance(200)
        kiosk.session.tick()
        run_event_loop_once()
        if index == 99:
            rss_warm = rss_mb()
    settle()
    rss_end = rss_mb()
    kiosk.close()
    del app
    return {
        "tap_p50_ms": percentile(latencies, 0.5),
        "tap_p95_ms": percentile(latencies, 0.95),
        "rss_start_mb": rss_start,
        "rss_after_sessions_mb": rss_end,
        "rss_after_100_mb": rss_warm,
        "resets": float(kiosk.session.resets),
    }


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import PySide6

    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"PySide6 {PySide6.__version__}, Qt offscreen + software renderer")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cold_start_seconds(Path(tmp))  # the first start builds the database and font caches
        cold = [cold_start_seconds(Path(tmp)) for _ in range(COLD_RUNS)]
        figures = in_process_figures(Path(tmp) / "inproc")
    growth = figures["rss_after_sessions_mb"] - figures["rss_start_mb"]
    print(f"Machine: {machine()}\n")
    print("| figure | measured | target |")
    print("|---|---|---|")
    print(f"| cold start to first home frame, median of {COLD_RUNS} | "
          f"{statistics.median(cold):.3f} s (min {min(cold):.3f}, max {max(cold):.3f}) | ≤ 1.0 s |")
    print(f"| tap → next screen rendered, p50 / p95 over {TAPS} taps | "
          f"{figures['tap_p50_ms']:.1f} / {figures['tap_p95_ms']:.1f} ms | p95 ≤ 50 ms |")
    print(f"| RSS after start | {figures['rss_start_mb']:.1f} MB | — |")
    print(f"| RSS after {SESSIONS} visitor sessions with idle resets "
          f"({int(figures['resets'])} resets) | {figures['rss_after_sessions_mb']:.1f} MB "
          f"(growth {growth:+.1f} MB) | growth ≤ 10 MB |")
    steady = figures["rss_after_sessions_mb"] - figures["rss_after_100_mb"]
    print(f"| RSS growth from session 100 to {SESSIONS} (after caches warm up) | "
          f"{steady:+.1f} MB | — |")


if __name__ == "__main__":
    main()
