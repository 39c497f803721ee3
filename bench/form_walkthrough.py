"""The typical legal-aid case (a migrant worker owed three months' wages) tapped through the real
QML: taps on the screen and presses on the virtual keyboard counted, by hand (on a kiosk with and
without its township's villages set up) and with an ID card on the reader, and the wall time of the
script (the machine's rendering time, not a visitor's).

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
# A township's villages as a technician would list them (about twenty is usual).
VILLAGES = [
    "汲冢社区", "王庄村", "李楼村", "张寨村", "刘庄村", "陈楼村", "后赵村", "前赵村", "孙营村", "马庄村",
    "周庄村", "吴楼村", "黄庄村", "徐寨村", "胡庄村", "郭楼村", "高庄村", "杨楼村", "宋庄村", "朱集村",
]  # fmt: skip
VARIANTS = (  # (label, ID card, villages set up)
    ("everything keyed by hand", False, False),
    ("by hand, the hall's villages set up ([forms] villages)", False, True),
    ("ID card on the reader", True, False),
)


def _walk(*, id_card: bool, villages: bool, data_dir: Path) -> tuple[int, int, float]:
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
    if villages:  # a hall in 郸城县 汲冢镇 (the walk's ID number and address) with its villages listed
        settings = dataclasses.replace(
            settings,
            kiosk=dataclasses.replace(settings.kiosk, township="汲冢镇"),
            forms=dataclasses.replace(settings.forms, county_code="411625", villages=VILLAGES),
        )
    kiosk = build_kiosk(settings, speaker=FakeSpeaker(), size=(1080, 1920), clock=ManualClock(),
                        open_content=False)  # fmt: skip
    kiosk.window.show()
    settle(2)
    finger = Finger(kiosk)
    started = time.perf_counter()
    legal_aid_to_review(finger, id_card=id_card, village_tiles=villages)
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
        for label, id_card, villages in VARIANTS:
            runs = [_walk(id_card=id_card, villages=villages, data_dir=Path(tmp) / f"{label}-{n}")
                    for n in range(RUNS)]  # fmt: skip
            taps = {r[0] for r in runs}
            presses = sorted({r[1] for r in runs})
            best = min(r[2] for r in runs)
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
