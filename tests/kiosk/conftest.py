"""Fixtures: one real fixture pack (built from real laws.db rows), shared by the content and search tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.installer import InstalledPack, install_pack
from kiosk.content.pack import build_pack
from kiosk.search.segment import Segmenter
from tests.kiosk.content.pack_fixture import write_content


@pytest.fixture(scope="session")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.fixture(scope="session")
def built_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pack")
    build_pack(content_dir=write_content(root / "content"), out_dir=root / "pack")
    return root / "pack"


@pytest.fixture(scope="session")
def installed(
    built_pack: Path, segmenter: Segmenter, tmp_path_factory: pytest.TempPathFactory
) -> InstalledPack:
    return install_pack(built_pack, data_dir=tmp_path_factory.mktemp("data"), segmenter=segmenter)
