"""What the kiosk does before its first frame: nothing that competes with drawing it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import wait_until
from ui.app import build_kiosk
from ui.shot import ManualClock


def test_sync_starts_after_the_first_frame_not_before(qapp: object, tmp_path: Path) -> None:
    kiosk = build_kiosk(Settings().with_data_dir(tmp_path), speaker=FakeSpeaker(), clock=ManualClock(),
                        open_content=False, start_sync=True)  # fmt: skip
    at_first_frame: list[bool] = []

    def first_frame() -> None:
        if not at_first_frame:
            at_first_frame.append(kiosk.sync.worker is None)

    # Direct: runs on the render step itself, before anything queued behind the frame.
    kiosk.window.frameSwapped.connect(first_frame, Qt.ConnectionType.DirectConnection)
    try:
        assert kiosk.sync.worker is None
        wait_until(lambda: bool(at_first_frame) and kiosk.sync.worker is not None, timeout_s=10)
        assert at_first_frame == [True], "the sync thread started before the first frame"
    finally:
        kiosk.close()
