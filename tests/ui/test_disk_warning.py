"""The technician screen warns, in words, when the kiosk's disk is 80 % full."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.security.technician_lock import TechnicianLock
from kiosk.system_info import read_system_info
from tests.ui.conftest import find, tap
from ui.app import Kiosk
from ui.shot import settle

GB = 2**30


def _disk(total_gb: int, free_gb: int) -> object:
    return lambda _path: shutil._ntuple_diskusage(total_gb * GB, (total_gb - free_gb) * GB, free_gb * GB)


def _open_technician_screen(kiosk: Kiosk) -> None:
    TechnicianLock(kiosk.services.db).set_pin("246813")
    kiosk.tech.cornerHeld("first")
    kiosk.tech.cornerHeld("second")
    settle(2)
    for digit in "246813":
        tap(kiosk, f"key_{digit}")
    tap(kiosk, "pinOk")
    assert kiosk.nav.currentScreen == "technician"
    settle(2)


def test_a_disk_over_80_percent_full_is_shown_to_the_technician(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk is a state of the machine's hardware: the disk figures are what is faked.
    monkeypatch.setattr("kiosk.system_info.shutil.disk_usage", _disk(64, 11))  # 83 % used
    _open_technician_screen(kiosk)
    warning = find(kiosk, "diskWarning")
    assert warning.isVisible()
    assert warning.property("text").startswith("磁盘已用 83%（超过 80%）")
    assert "群众提交的材料、取号和评价不会删除" in warning.property("text")


def test_a_roomy_disk_shows_no_warning(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kiosk.system_info.shutil.disk_usage", _disk(64, 40))
    _open_technician_screen(kiosk)
    assert not find(kiosk, "diskWarning").isVisible()


def test_used_share_is_measured_on_the_data_folder(tmp_path: Path) -> None:
    info = read_system_info(tmp_path)
    real = shutil.disk_usage(tmp_path)
    assert info.disk_used_percent == round(100 * (real.total - real.free) / real.total)
