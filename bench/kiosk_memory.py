"""Kiosk RSS after start with the real read-aloud stack (front end + espeak-ng), not a fake speaker.

Run: `.venv/bin/python -m bench.kiosk_memory` (offscreen; each variant in a fresh process).
`shared`: the speech front end cuts words with the search Segmenter (what the kiosk does);
`separate`: the front end uses jieba's default dictionary, a second copy (the kiosk before);
`shared, no numpy`: as `shared` with numpy made unimportable, as in the Debian package (only the
development venv has numpy, which shiboken and sqlite-utils load when they find it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import sys, time
from pathlib import Path
if sys.argv[3] == "no-numpy":
    sys.modules["numpy"] = None
from ui.qt_env import prepare_qt_environment, use_private_config_dir
prepare_qt_environment(offscreen=True)
use_private_config_dir(Path(sys.argv[1]))
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QGuiApplication
from kiosk.config import Settings
from kiosk.devices.speech import EspeakSpeaker
from kiosk.search.segment import SharedSegmenter
from kiosk.speech.frontend import speech_law_names
from ui.app import build_kiosk, release_freed_memory
from ui.shot import settle

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

data_dir = Path(sys.argv[1])
shared = sys.argv[2] == "shared"
app = QGuiApplication(sys.argv[:1])
segmenter = SharedSegmenter()
speaker = EspeakSpeaker(player="true", laws=lambda: speech_law_names(data_dir),
                        cut=segmenter.cut if shared else None)
kiosk = build_kiosk(Settings().with_data_dir(data_dir), speaker=speaker, segmenter=segmenter)
kiosk.window.show()
deadline = time.perf_counter() + 180
while not (kiosk.library.ready and speaker.wait_ready(0)) and time.perf_counter() < deadline:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
kiosk.library.search("拖欠工资怎么办")
speaker.speak("为劳动者缴纳社会保险费，一年内可以不还。", language="zh_CN")
end = time.perf_counter() + 3
while time.perf_counter() < end:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
settle()
release_freed_memory()
print("RSS", rss_mb(), flush=True)
"""


_VARIANTS = {"separate": ("separate", ""), "shared": ("shared", ""),
             "shared, no numpy": ("shared", "no-numpy")}  # fmt: skip


def measure(data_dir: Path, variant: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data_dir), *_VARIANTS[variant]],
        check=True, capture_output=True, text=True, timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"},
    ).stdout
    return float(next(line.split()[1] for line in out.splitlines() if line.startswith("RSS")))


def main() -> None:
    runs = int(os.environ.get("LAWPOST_BENCH_RUNS", "3"))
    with tempfile.TemporaryDirectory() as tmp:
        measure(Path(tmp), "shared")  # first start: installs the pack, builds the index
        started = time.perf_counter()
        figures = {v: [measure(Path(tmp), v) for _ in range(runs)] for v in _VARIANTS}
    print(f"({runs} runs each, {time.perf_counter() - started:.0f} s)\n")
    print("| RSS after start, library open, one search, one sentence read aloud | median MB |")
    print("|---|---|")
    for variant, values in figures.items():
        print(f"| {variant} | {sorted(values)[len(values) // 2]:.1f} (all: "
              f"{', '.join(f'{v:.1f}' for v in values)}) |")


if __name__ == "__main__":
    main()
