"""Every systemd unit we ship passes `systemd-analyze verify`, and the kiosk unit keeps its promises."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "packaging" / "systemd"
# Installed paths → something executable on this machine (verify checks that ExecStart exists).
INSTALLED = {"/usr/bin/lawpost": str(Path(sys.executable).with_name("lawpost")),
             "/opt/lawpost/venv/bin/": str(Path(sys.executable).parent) + "/",
             "/usr/bin/cage": shutil.which("cage") or "/usr/bin/true"}  # fmt: skip


def _units() -> list[Path]:
    return sorted(p for p in UNITS.iterdir() if p.suffix in (".service", ".timer"))


@pytest.mark.parametrize("unit", _units(), ids=lambda p: p.name)
def test_unit_passes_systemd_analyze_verify(unit: Path, tmp_path: Path) -> None:
    tool = shutil.which("systemd-analyze")
    assert tool, "systemd-analyze is missing (apt-get install systemd)"
    for source in _units():  # OnFailure= and the timer's service are looked up beside the unit
        text = source.read_text()
        for installed, here in INSTALLED.items():
            text = text.replace(installed, here)
        (tmp_path / source.name).write_text(text)
    answer = subprocess.run([tool, "verify", str(tmp_path / unit.name)], capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    ours = [line for line in (answer.stdout + answer.stderr).splitlines() if "lawpost" in line]
    assert answer.returncode == 0 and not ours, answer.stdout + answer.stderr


def _parse(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNITS / name)
    return parser


def test_kiosk_unit_restarts_always_with_a_watchdog_and_a_safe_fallback() -> None:
    kiosk = _parse("lawpost-kiosk.service")
    service = kiosk["Service"]
    assert service["Type"] == "notify" and service["NotifyAccess"] == "all"
    assert service["Restart"] == "always" and int(service["WatchdogSec"]) <= 30
    assert service["User"] == "lawpost"
    assert "cage" in service["ExecStart"] and " -s " not in service["ExecStart"]  # no VT switching
    assert kiosk["Unit"]["OnFailure"] == "lawpost-kiosk-safe.service"
    safe = _parse("lawpost-kiosk-safe.service")
    assert safe["Service"]["ExecStart"].endswith("lawpost run --safe-screen")
    assert "lawpost-kiosk.service" in safe["Unit"]["Conflicts"]
    timer = _parse("lawpost-daily.timer")
    assert timer["Timer"]["Persistent"] == "true"
