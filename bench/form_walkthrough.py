"""The typical legal-aid case (a migrant worker owed three months' wages) tapped through the real
QML: taps on the screen and presses on the virtual keyboard counted, with and without an ID card on
the reader, and the wall time of the script (the machine's rendering time, not a visitor's).

Run: `.venv/bin/python -m bench.form_walkthrough` (offscreen; prints a Markdown table).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

from ui.qt_env import prepare_qt_environment, use_throwaway_dirs

RUNS = 3


def _walk(*, id_card: bool, data_dir: Path) -> tuple[int, int, float]:
    from kiosk.config import Settings
    from kiosk.devices.speech import FakeSpeaker
    from tests.ui.finger import Finger
    from tests.ui.form_walkthrough import REVIEW, header, legal_aid_to_review
    from ui.app import build_kiosk
    from ui.shot import ManualClock, settle

    settings = Settings().with_data_dir(data_dir)
    if id_card:
        settings = dataclasses.replace(
            settings, forms=dataclasses.replace(settings.forms, id_reader="simulated")
        )
    kiosk = build_kiosk(settings, speaker=FakeSpeaker(), size=(1080, 1920), clock=ManualClock(),
                        open_content=False)  # fmt: skip
    kiosk.window.show()
    settle(2)
    finger = Finger(kiosk)
    started = time.perf_counter()
    legal_aid_to_review(finger, id_card=id_card)
    seconds = time.perf_counter() - started
    assert header(kiosk) == REVIEW
    kiosk.close()
    return finger.taps, finger.key_presses, seconds


def main() -> None:
    prepare_qt_environment(offscreen=True)
    use_throwaway_dirs()
    from PySide6.QtWidgets import QApplication

    from bench.kiosk_ui import machine

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for id_card in (False, True):
            runs = [_walk(id_card=id_card, data_dir=Path(tmp) / f"{id_card}-{n}") for n in range(RUNS)]
            taps = {r[0] for r in runs}
            presses = sorted({r[1] for r in runs})
            best = min(r[2] for r in runs)
            label = "ID card on the reader" if id_card else "everything keyed by hand"
            rows.append(
                f"| {label} | {'/'.join(map(str, sorted(taps)))} | {'/'.join(map(str, presses))} | "
                f"{min(r[0] + r[1] for r in runs)}–{max(r[0] + r[1] for r in runs)} | {best:.1f} s |"
            )
    del app
    print(f"Machine: {machine()}; {RUNS} runs each (the Pinyin engine's candidate order varies).\n")
    print(
        "| legal aid, migrant worker owed wages | screen taps | keyboard presses | all touches "
        "| script time |"
    )
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    os._exit(0)  # Qt's teardown of several kiosks in one process adds nothing to the figures


if __name__ == "__main__":
    main()
