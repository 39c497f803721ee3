"""The UI's health check for a newly installed pack renders the real home screen offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.installer import install_pack
from kiosk.content.pack import build_pack
from kiosk.updates.health import HealthError
from tests.kiosk.content.pack_fixture import write_content
from ui.update_checks import render_home_check


@pytest.mark.slow
def test_the_home_screen_of_the_new_pack_renders(tmp_path: Path) -> None:
    # A version above the bundled default's, so the render keeps this pack active.
    build_pack(content_dir=write_content(tmp_path / "content"), out_dir=tmp_path / "pack", version=10**6)
    pack = install_pack(tmp_path / "pack", data_dir=tmp_path / "data")
    render_home_check(tmp_path / "data")(pack)  # raises HealthError if it does not render
    with pytest.raises(HealthError, match="超时"):
        render_home_check(tmp_path / "data", timeout_s=0.01)(pack)
