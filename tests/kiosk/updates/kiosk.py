"""A kiosk data dir for the update tests: a pack installed and the fleet's root pinned."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.installer import InstalledPack, active_pack, install_pack
from kiosk.content.pack import verify_pack
from kiosk.search.segment import Segmenter
from kiosk.updates.client import PackUpdater
from kiosk.updates.trust import pin_root
from tests.kiosk.updates.fleet import Fleet


def new_kiosk(data_dir: Path, fleet: Fleet, *, installed: Path | None, segmenter: Segmenter) -> Path:
    if installed is not None:
        install_pack(installed, data_dir=data_dir, segmenter=segmenter)
    pin_root(data_dir, (fleet.repo.metadata_dir / "1.root.json").read_bytes())
    return data_dir


def updater(
    data_dir: Path, url: str, segmenter: Segmenter, *, factory: Path, channel: str = "stable"
) -> PackUpdater:
    return PackUpdater(data_dir, base_url=url, channel=channel, segmenter=segmenter, factory_pack=factory)


def active_ok(data_dir: Path) -> InstalledPack:
    """The active pack, re-verified file by file (what 'the active pack is untouched' means)."""
    active = active_pack(data_dir)
    assert active is not None
    verify_pack(active.path)
    return active
