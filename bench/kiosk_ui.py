"""Kiosk UI figures: cold start to first home frame, tap-to-next-screen latency, RSS over sessions.

Run: `.venv/bin/python -m bench.kiosk_ui` (offscreen; prints a Markdown table).
`--sessions 10000` (or LAWPOST_BENCH_SESSIONS) for the long memory run; `--memory-only` skips the
cold-start and tap figures; `--where` lists what holds the resident memory after start (smaps).
"""

from __future__ import annotations

import argparse
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
SESSIONS = int(os.environ.get("LAWPOST_BENCH_SESSIONS", "1000"))
# Growth is measured from here: the first sessions fill caches (QML components, search, fonts).
WARM_SESSIONS = 500

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


def resident_by_mapping(top: int = 10) -> list[tuple[str, float]]:
    """Resident MB per mapped file (libraries, fonts, the index) and anonymous memory, largest first."""
    sizes: dict[str, float] = {}
    name = "[anon]"
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
            path = fields[5] if len(fields) > 5 else "[anon]"
            name = Path(path).name if path.startswith("/") else path
        elif fields and fields[0] == "Rss:":
            sizes[name] = sizes.get(name, 0.0) + int(fields[1]) / 1024
    return sorted(sizes.items(), key=lambda item: -item[1])[:top]


def in_process_figures(data_dir: Path, *, sessions: int = SESSIONS, taps: int = TAPS,
                       where: bool = False) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
    from PySide6.QtGui import QGuiApplication

    from kiosk.config import Settings
    from kiosk.devices.speech import FakeSpeaker
    from kiosk.logs import configure_logging
    from ui.app import build_kiosk
    from ui.shot import ManualClock, settle

    app = QGuiApplication.instance() or QGuiApplication(["bench"])
    configure_logging(data_dir / "logs")  # as `lawpost run` does: the log's growth is measured
    clock = ManualClock()
    kiosk = build_kiosk(Settings().with_data_dir(data_dir), speaker=FakeSpeaker(), clock=clock)
    kiosk.window.show()
    deadline = time.perf_counter() + 600  # first start: the pack is installed and indexed (minutes if loaded)
    while not kiosk.library.ready and time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    if not kiosk.library.ready:
        raise RuntimeError("the content library did not open")
    settle()
    rss_start = rss_mb()
    if where:
        print("Resident memory after start, by mapping (MB):")
        for mapping, mb in resident_by_mapping():
            print(f"  {mb:7.1f}  {mapping}")

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
    for index in range(taps):
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
    rss_series: list[float] = []
    started = time.perf_counter()
    for index in range(sessions):
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
        # A form opened and left: its PDF font is registered, then released by the wipe.
        kiosk.view_models["Forms"].open("iou")
        kiosk.nav.go("form")
        run_event_loop_once()
        clock.advance(200)
        kiosk.session.tick()
        run_event_loop_once()
        if index + 1 == min(WARM_SESSIONS, sessions):
            rss_warm = rss_mb()
        if (index + 1) % 1000 == 0:
            rss_series.append(rss_mb())
            # Progress on stderr: a long run on a shared machine may have to be cut short.
            print(f"session {index + 1}: RSS {rss_series[-1]:.1f} MB, "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    settle()
    rss_end = rss_mb()
    kiosk.close()
    del app
    disk = personal_data_on_disk(data_dir)
    return {
        **disk,
        "tap_p50_ms": percentile(latencies, 0.5) if latencies else float("nan"),
        "tap_p95_ms": percentile(latencies, 0.95) if latencies else float("nan"),
        "rss_start_mb": rss_start,
        "rss_after_sessions_mb": rss_end,
        "rss_after_warm_mb": rss_warm,
        "rss_max_mb": max([rss_end, *rss_series]),
        **{f"rss_at_{(i + 1) * 1000}_mb": mb for i, mb in enumerate(rss_series)},
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


# What the simulated visitors typed that is theirs: the phone number in the search and the
# rating's comment (sealed into the outbox, so never in clear on disk).
_PERSONAL = {"phone number typed in a search": "13812345678", "rating comment": "工作人员很耐心"}


def personal_data_on_disk(data_dir: Path) -> dict[str, float]:
    """Files under the kiosk's data folder holding what the visitors typed, in clear (UTF-8 bytes),
    after the kiosk closed; and the size of its logs."""
    found = dict.fromkeys(_PERSONAL, 0)
    logs = 0
    for path in data_dir.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name.endswith(".log") or ".log." in path.name:
            logs += len(data)
        for what, text in _PERSONAL.items():
            found[what] += text.encode() in data
    return {**{f"files with {what}": float(n) for what, n in found.items()}, "log_bytes": float(logs)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.kiosk_ui", description=__doc__)
    parser.add_argument("--sessions", type=int, default=SESSIONS, help=f"visitor sessions ({SESSIONS})")
    parser.add_argument("--memory-only", action="store_true", help="skip cold start and tap latency")
    parser.add_argument("--where", action="store_true", help="list resident memory by mapping")
    args = parser.parse_args(argv)
    sessions = args.sessions
    from ui.qt_env import prepare_qt_environment

    prepare_qt_environment(offscreen=True)  # as `lawpost run` does, before the kiosk's imports
    with tempfile.TemporaryDirectory() as tmp:
        cold: list[float] = []
        if not args.memory_only:
            cold_start_seconds(Path(tmp))  # the first start builds the database and font caches
            cold = [cold_start_seconds(Path(tmp)) for _ in range(COLD_RUNS)]
        figures = in_process_figures(Path(tmp) / "inproc", sessions=sessions,
                                     taps=0 if args.memory_only else TAPS, where=args.where)
    growth = figures["rss_after_sessions_mb"] - figures["rss_start_mb"]
    print(f"Machine: {machine()}\n")
    print("| figure | measured | target |")
    print("|---|---|---|")
    if cold:
        print(f"| cold start to first home frame, median of {COLD_RUNS} | "
              f"{statistics.median(cold):.3f} s (min {min(cold):.3f}, max {max(cold):.3f}) | ≤ 1.0 s |")
        print(f"| tap → next screen rendered, p50 / p95 over {TAPS} taps | "
              f"{figures['tap_p50_ms']:.1f} / {figures['tap_p95_ms']:.1f} ms | p95 ≤ 50 ms |")
    print(f"| RSS after start | {figures['rss_start_mb']:.1f} MB | ≤ 200 MB |")
    print(f"| RSS after {sessions} visitor sessions with idle resets "
          f"({int(figures['resets'])} resets) | {figures['rss_after_sessions_mb']:.1f} MB "
          f"(growth {growth:+.1f} MB, highest {figures['rss_max_mb']:.1f} MB) | — |")
    steady = figures["rss_after_sessions_mb"] - figures["rss_after_warm_mb"]
    warm = min(WARM_SESSIONS, sessions)
    print(f"| RSS growth from session {warm} to {sessions} (steady state) | "
          f"{steady:+.1f} MB | ≤ 2 MB |")
    for what in _PERSONAL:
        print(f"| files in the data folder with the {what} in clear, after the run | "
              f"{int(figures[f'files with {what}'])} | 0 |")
    print(f"| kiosk log files after the run | {figures['log_bytes'] / 1024:.0f} KiB "
          f"({figures['log_bytes'] / max(sessions, 1):.0f} bytes a session) | ≤ 55 MB (rotation) |")
    series = [f"{key[7:-3]}: {mb:.1f}" for key, mb in figures.items() if key.startswith("rss_at_")]
    if series:
        print(f"\nRSS (MB) after every 1,000 sessions — {', '.join(series)}")


if __name__ == "__main__":
    main()
