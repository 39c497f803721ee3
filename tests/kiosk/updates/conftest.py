"""Fixtures of the update tests: pack versions v1 (base), v2 (one guide changed), v3 (broken)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kiosk.updates.fleet import break_home, change_one_guide, make_version


@pytest.fixture(scope="session")
def versions(built_pack: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("versions")
    return {
        1: make_version(built_pack, root / "v1", 1),
        2: make_version(built_pack, root / "v2", 2, edit=change_one_guide),
        3: make_version(built_pack, root / "v3", 3, edit=break_home),
    }
