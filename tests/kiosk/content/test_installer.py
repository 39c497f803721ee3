"""Installing packs: verified, staged, atomically switched; bad packs never replace a good one."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.content.installer import (
    active_pack,
    ensure_default_pack_installed,
    install_pack,
    packs_root,
)
from kiosk.content.pack import PackError
from kiosk.search.engine import SearchEngine
from kiosk.search.index import index_source
from kiosk.search.segment import Segmenter


def _copy(pack: Path, to: Path, *, version: int | None = None) -> Path:
    shutil.copytree(pack, to)
    if version is not None:
        data = json.loads((to / "manifest.json").read_text("utf-8"))
        data["version"] = version
        (to / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return to


def test_install_puts_the_pack_under_id_and_version_with_its_index(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    pack = install_pack(built_pack, data_dir=tmp_path, segmenter=segmenter)
    assert pack.path == tmp_path / "packs" / "default" / "1"
    assert (pack.path / "laws.json").is_file()
    assert pack.index_path.is_file()
    assert active_pack(tmp_path) == pack
    assert not [p for p in packs_root(tmp_path).iterdir() if p.name.startswith(".staging")]


def test_corrupt_pack_is_refused_and_previous_pack_stays_active(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    data = tmp_path / "data"
    first = install_pack(built_pack, data_dir=data, segmenter=segmenter)
    bad = _copy(built_pack, tmp_path / "bad", version=2)
    with (bad / "content.json").open("a", encoding="utf-8") as handle:
        handle.write(" ")
    with pytest.raises(PackError, match="损坏"):
        install_pack(bad, data_dir=data, segmenter=segmenter)
    assert active_pack(data) == first
    assert not (packs_root(data) / "default" / "2").exists()


def test_partial_pack_is_refused(built_pack: Path, tmp_path: Path, segmenter: Segmenter) -> None:
    partial = _copy(built_pack, tmp_path / "partial")
    (partial / "laws.json").unlink()
    with pytest.raises(PackError, match="不完整"):
        install_pack(partial, data_dir=tmp_path / "data", segmenter=segmenter)
    assert active_pack(tmp_path / "data") is None


def test_interrupted_install_leftovers_are_not_used_and_are_replaced(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    data = tmp_path / "data"
    # What a power cut during copying leaves: a half-filled version folder and a staging folder.
    half = packs_root(data) / "default" / "1"
    half.mkdir(parents=True)
    shutil.copyfile(built_pack / "manifest.json", half / "manifest.json")
    (packs_root(data) / ".staging-default-1-999").mkdir()
    (packs_root(data) / "active.json").write_text('{"pack_id": "default", "version": 1}')
    assert active_pack(data) is None  # no installed.json: not a finished install
    pack = install_pack(built_pack, data_dir=data, segmenter=segmenter)
    assert active_pack(data) == pack
    assert (pack.path / "content.json").is_file()


def test_ensure_default_installs_once_then_keeps_the_active_pack(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    settings = Settings().with_data_dir(tmp_path / "data")
    first = ensure_default_pack_installed(settings, source=built_pack, segmenter=segmenter)
    mtime = first.index_path.stat().st_mtime_ns
    again = ensure_default_pack_installed(settings, source=built_pack, segmenter=segmenter)
    assert again == first
    assert first.index_path.stat().st_mtime_ns == mtime  # the index is not rebuilt on start


def test_newer_bundled_pack_replaces_older_active_one(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    settings = Settings().with_data_dir(tmp_path / "data")
    ensure_default_pack_installed(settings, source=built_pack, segmenter=segmenter)
    newer = _copy(built_pack, tmp_path / "v3", version=3)
    pack = ensure_default_pack_installed(settings, source=newer, segmenter=segmenter)
    assert pack.version == 3
    assert active_pack(settings.data_dir) == pack


def test_corrupt_bundled_pack_keeps_active_one_or_says_why(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    settings = Settings().with_data_dir(tmp_path / "data")
    bad = _copy(built_pack, tmp_path / "bad", version=5)
    (bad / "synonyms.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PackError):
        ensure_default_pack_installed(settings, source=bad, segmenter=segmenter)
    good = ensure_default_pack_installed(settings, source=built_pack, segmenter=segmenter)
    assert ensure_default_pack_installed(settings, source=bad, segmenter=segmenter) == good


def test_an_index_of_an_older_engine_is_rebuilt_at_start(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    settings = Settings().with_data_dir(tmp_path / "data")
    pack = ensure_default_pack_installed(settings, source=built_pack, segmenter=segmenter)
    with sqlite3.connect(pack.index_path) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'version'")
    conn.close()
    again = ensure_default_pack_installed(settings, source=built_pack, segmenter=segmenter)
    assert index_source(again.index_path) is not None
    assert SearchEngine(again.index_path, segmenter=segmenter).search("押金").results


def test_old_versions_are_pruned_keeping_the_previous_one(
    built_pack: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    data = tmp_path / "data"
    for version in (1, 2, 3):
        install_pack(
            _copy(built_pack, tmp_path / f"v{version}", version=version), data_dir=data, segmenter=segmenter
        )
    versions = sorted(p.name for p in (packs_root(data) / "default").iterdir())
    assert versions == ["2", "3"]
    assert active_pack(data) is not None
    assert active_pack(data).version == 3  # type: ignore[union-attr]
