"""What the kiosk holds after start: the modules that made it ~250 MB stay unloaded until used.

The kiosk starts in a fresh process as `lawpost run` does (enrolled, so the sync worker and the
update runner start too), draws its home screen, opens the content library, and then reports which
modules it has imported. Resident memory itself is measured in bench/ (docs/benchmarks.md), never
asserted here: it depends on the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.conftest import enroll_offline

_CHILD = """
import json, linecache, os, sys, time
from pathlib import Path
from ui.qt_env import prepare_qt_environment, use_private_config_dir
prepare_qt_environment(offscreen=True)
use_private_config_dir(Path(sys.argv[1]))
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QGuiApplication
from kiosk.config import Settings
from ui.app import build_kiosk
app = QGuiApplication(sys.argv[:1])
kiosk = build_kiosk(Settings().with_data_dir(Path(sys.argv[1])), start_sync=True)
frames = []
kiosk.window.frameSwapped.connect(lambda: frames.append(1))
kiosk.window.show()
def run_until(done, seconds):
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
run_until(lambda: frames and kiosk.library.ready, 120)
settled = time.monotonic() + 4  # the jobs after the first frame: speech warm-up, sync start
run_until(lambda: time.monotonic() > settled, 5)
kiosk.library.search("拖欠工资")
assert "colorsys" not in sys.modules
import colorsys  # imported now: PySide6's import hook must not leave its source in linecache
print(json.dumps({
    "frame": bool(frames), "library": kiosk.library.ready,
    "modules": sorted({name.split(".")[0] for name, m in sys.modules.items() if m is not None}),
    "source_cached": any(path.endswith("/colorsys.py") for path in linecache.cache),
}), flush=True)
os._exit(0)
"""

# The heavy libraries that only a document, a ticket, a hand-off or an update check needs.
NOT_AT_START = ("reportlab", "PIL", "escpos", "barcode", "usb", "cryptography", "tuf",
                "securesystemslib", "pkg_resources")  # fmt: skip


def test_after_start_the_kiosk_has_not_imported_what_only_documents_tickets_and_updates_need(
    tmp_path: Path, installed_packs: tuple[Path, object]
) -> None:
    packs, _segmenter = installed_packs
    data = tmp_path / "kiosk"
    data.mkdir()
    (data / "packs").symlink_to(packs, target_is_directory=True)
    enroll_offline(data)
    answer = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data)], capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"},
        check=False,
    )  # fmt: skip
    assert answer.returncode == 0, answer.stderr[-2000:]
    report = json.loads(answer.stdout.strip().splitlines()[-1])
    assert report["frame"] and report["library"], "the kiosk did not start"
    modules = set(report["modules"])
    # The start really happened: search, speech and sync are loaded.
    assert {"jieba", "kiosk", "requests"} <= modules
    assert sorted(modules & set(NOT_AT_START)) == []
    assert report["source_cached"] is False
