"""Kiosk processes write only under their own data folder, never into the user's home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("screen", ["home", "rating"])
def test_rendering_a_screen_leaves_the_home_folder_untouched(tmp_path: Path, screen: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("XDG_") and key != "LAWPOST_PRIVATE_QT_DIRS"}
    env |= {"HOME": str(home), "LAWPOST_DATA": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "lawpost", "shot", screen, "--out", str(tmp_path / "shot.png")],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "shot.png").stat().st_size > 0
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []
