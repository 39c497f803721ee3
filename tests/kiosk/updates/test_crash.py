"""SIGKILL at every step of download → verify → install → switch → health check (the updater
dies where LAWPOST_UPDATE_CRASH_AT says, as on a power cut): the active pack always verifies,
and running the update again finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.search.segment import Segmenter
from kiosk.updates.chunkstore import CRASH_ENV, STEPS
from kiosk.updates.status import read_status
from tests.kiosk.updates.fleet import new_fleet, serve
from tests.kiosk.updates.kiosk import active_ok, new_kiosk


def _update(data_dir: Path, url: str, crash_at: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAWPOST_DATA": str(data_dir)}
    env.pop("LAWPOST_CONFIG", None)
    env.pop(CRASH_ENV, None)
    if crash_at:
        env[CRASH_ENV] = crash_at
    command = [sys.executable, "-m", "lawpost", "pack", "update", "--url", url, "--channel", "stable"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_the_active_pack_verifies_and_a_rerun_completes(
    step: str, tmp_path: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet = new_fleet(tmp_path / "server")
    fleet.publish(versions[1])
    fleet.publish(versions[2])
    data_dir = new_kiosk(tmp_path / "kiosk", fleet, installed=versions[1], segmenter=segmenter)
    with serve(fleet.repo.path) as url:
        killed = _update(data_dir, url, step)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        before = active_ok(data_dir)  # intact whichever version it is
        assert before.version == (2 if step in ("switch", "health") else 1)
        if step == "download":
            assert list((data_dir / "updates" / "chunks").rglob("*.part"))  # a cut chunk, resumed
        rerun = _update(data_dir, url, None)
    assert rerun.returncode == 0, rerun.stderr
    assert active_ok(data_dir).version == 2
    status = read_status(data_dir)
    # After a kill past the switch, the rerun confirms the switch first, then finds v2 current.
    assert status.last_result in ("installed", "up_to_date") and status.pending is None
    assert any(e["event"] == "installed default v2" for e in status.history)
    assert not list((data_dir / "packs").glob(".staging-*"))


@pytest.mark.slow
def test_killed_after_switching_to_a_broken_pack_the_restart_rolls_back(
    tmp_path: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet = new_fleet(tmp_path / "server")
    fleet.publish(versions[1])
    fleet.publish(versions[3])  # checksums fine, home screen empty
    data_dir = new_kiosk(tmp_path / "kiosk", fleet, installed=versions[1], segmenter=segmenter)
    with serve(fleet.repo.path) as url:
        assert _update(data_dir, url, "switch").returncode == -signal.SIGKILL
        assert active_ok(data_dir).version == 3  # switched, never checked
        rerun = _update(data_dir, url, None)
    assert rerun.returncode == 2 and "回退" in rerun.stderr
    assert active_ok(data_dir).version == 1
    status = read_status(data_dir)
    assert status.last_result == "rolled_back" and status.alert and "default/3" in status.failed_versions
