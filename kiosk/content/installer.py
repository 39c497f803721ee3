"""Installs a verified content pack into the data dir and switches to it atomically."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.pack import (
    CONTENT_FILE,
    DEFAULT_PACK_DIR,
    LAWS_FILE,
    MANIFEST,
    SYNONYMS_FILE,
    Manifest,
    PackError,
    read_lay_phrases,
    read_manifest,
    sha256_of,
    verify_pack,
)
from kiosk.storage.durable import fsync_file, mkdir_durable, replace_durably, write_bytes_durably

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.search.segment import Segmenter

PACKS_DIR = "packs"
ACTIVE_FILE = "active.json"
# Written last into a staged install: a version folder without it is not a finished install.
INSTALLED_MARK = "installed.json"
INDEX_FILE = "search.sqlite"


@dataclass(frozen=True)
class InstalledPack:
    pack_id: str
    version: int
    path: Path

    @property
    def index_path(self) -> Path:
        return self.path / INDEX_FILE


def packs_root(data_dir: Path) -> Path:
    return data_dir / PACKS_DIR


def _write_json_atomic(path: Path, data: object) -> None:
    write_bytes_durably(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _is_complete(version_dir: Path, manifest: Manifest) -> bool:
    mark = version_dir / INSTALLED_MARK
    if not mark.is_file() or not (version_dir / INDEX_FILE).is_file():
        return False
    try:
        recorded = json.loads(mark.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return bool(recorded.get("manifest_sha256") == _manifest_digest(manifest))


def _manifest_digest(manifest: Manifest) -> str:
    import hashlib

    text = json.dumps(manifest.as_json(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _build_index(stage: Path, segmenter: Segmenter) -> None:
    from kiosk.search.documents import content_documents, law_documents, law_names
    from kiosk.search.index import build_index
    from kiosk.search.synonyms import SynonymTable

    laws = json.loads((stage / LAWS_FILE).read_text(encoding="utf-8"))["laws"]
    content = json.loads((stage / CONTENT_FILE).read_text(encoding="utf-8"))
    synonyms = SynonymTable.from_json(json.loads((stage / SYNONYMS_FILE).read_text("utf-8")))
    lay = read_lay_phrases(stage)
    documents = [*law_documents(laws, lay), *content_documents(content, lay)]
    build_index(
        stage / INDEX_FILE,
        documents=documents,
        laws=law_names(laws),
        synonyms=synonyms,
        segmenter=segmenter,
        source="pack",
    )


def install_pack(
    source: Path,
    *,
    data_dir: Path,
    segmenter: Segmenter | None = None,
    activate: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> InstalledPack:
    """Verify `source`, copy it into <data_dir>/packs/<id>/<version>/, build its index, switch.

    Everything happens in a staging folder that is renamed into place only when complete, so
    an interrupted or refused install leaves the previously active pack untouched. Every file is
    fsync'ed before the folder naming it, and the folder before the rename that publishes it: a
    power cut must never leave an "installed" pack with empty files. `on_step` is called with
    "copied" and "indexed" as the install passes those points (the updater's crash tests use it).
    """
    manifest = verify_pack(source)
    root = packs_root(data_dir)
    final = root / manifest.pack_id / str(manifest.version)
    if final.is_dir() and _is_complete(final, manifest):
        installed = InstalledPack(manifest.pack_id, manifest.version, final)
        if activate:
            _activate(root, installed)
        return installed
    stage = root / f".staging-{manifest.pack_id}-{manifest.version}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        mkdir_durable(root)
        stage.mkdir()
        for item in manifest.files:
            target = stage / item.path
            mkdir_durable(target.parent)
            shutil.copyfile(source / item.path, target)
            fsync_file(target)
            # The copy is checked as well: the source may change or the disk may fail meanwhile.
            if sha256_of(target) != item.sha256:
                raise PackError(f"复制后校验不符 {item.path} (checksum mismatch after copying)")
        shutil.copyfile(source / MANIFEST, stage / MANIFEST)
        fsync_file(stage / MANIFEST)
        if on_step is not None:
            on_step("copied")
        if segmenter is None:
            from kiosk.search.segment import Segmenter

            segmenter = Segmenter()
        _build_index(stage, segmenter)  # build_index syncs the index file itself
        if on_step is not None:
            on_step("indexed")
        # The mark goes in last; writing it flushes the staging folder, naming every file above.
        _write_json_atomic(
            stage / INSTALLED_MARK,
            {"manifest_sha256": _manifest_digest(manifest), "source": str(source)},
        )
        mkdir_durable(final.parent)
        if final.exists():  # a leftover of an interrupted install: never complete, safe to drop
            shutil.rmtree(final)
        replace_durably(stage, final)
    except (OSError, ValueError, KeyError) as exc:
        raise PackError(f"内容包安装失败: {exc} (install failed; previous pack stays active)") from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    installed = InstalledPack(manifest.pack_id, manifest.version, final)
    if activate:
        _activate(root, installed)
    return installed


def activate(data_dir: Path, pack: InstalledPack) -> None:
    """Make an installed pack the active one (the updater's switch and rollback)."""
    _activate(packs_root(data_dir), pack)


def installed_pack(data_dir: Path, pack_id: str, version: int) -> InstalledPack | None:
    """A complete installed version of a pack, or None (never installed, pruned, or unfinished)."""
    path = packs_root(data_dir) / pack_id / str(version)
    try:
        if _is_complete(path, read_manifest(path)):
            return InstalledPack(pack_id, version, path)
    except PackError:
        pass
    return None


def _activate(root: Path, pack: InstalledPack) -> None:
    previous = active_pack(root.parent)
    _write_json_atomic(root / ACTIVE_FILE, {"pack_id": pack.pack_id, "version": pack.version})
    keep = {pack.path.name} | (
        {previous.path.name} if previous and previous.pack_id == pack.pack_id else set()
    )
    _prune(root / pack.pack_id, keep=keep)


def _prune(pack_root: Path, *, keep: set[str]) -> None:
    """Remove older versions of a pack, keeping the active one and the one it replaced (a
    technician can switch back to it). A kiosk's disk is small and packs only grow."""
    for version_dir in pack_root.iterdir():
        if version_dir.is_dir() and version_dir.name not in keep and version_dir.name.isdigit():
            shutil.rmtree(version_dir, ignore_errors=True)


def active_pack(data_dir: Path) -> InstalledPack | None:
    """The pack the kiosk shows, or None if no complete pack is installed."""
    root = packs_root(data_dir)
    try:
        active = json.loads((root / ACTIVE_FILE).read_text(encoding="utf-8"))
        path = root / str(active["pack_id"]) / str(int(active["version"]))
        if _is_complete(path, read_manifest(path)):
            return InstalledPack(str(active["pack_id"]), int(active["version"]), path)
    except (OSError, ValueError, KeyError, TypeError, PackError):
        pass
    return None


def _with_current_index(pack: InstalledPack, segmenter: Segmenter | None) -> InstalledPack:
    """Rebuild a pack's index if it was built by another version of the search engine.

    This is the only time an index is built outside an install: after a software update changed
    the index format. The new index is written beside the old one and renamed over it.
    """
    from kiosk.search.index import index_source

    if index_source(pack.index_path) is not None:
        return pack
    if segmenter is None:
        from kiosk.search.segment import Segmenter

        segmenter = Segmenter()
    _build_index(pack.path, segmenter)
    return pack


def ensure_default_pack_installed(
    settings: Settings, *, source: Path = DEFAULT_PACK_DIR, segmenter: Segmenter | None = None
) -> InstalledPack:
    """At start: keep the active pack if there is one; otherwise install the bundled default.

    A newer bundled default (higher version, same pack id) replaces an older active default,
    which is how a software update brings new content. A corrupt bundled pack raises PackError
    when there is nothing to fall back to, and is ignored (the active pack stays) otherwise.
    """
    data_dir = settings.data_dir
    current = active_pack(data_dir)
    if current is not None:
        current = _with_current_index(current, segmenter)
    try:
        bundled = read_manifest(source)
    except PackError:
        if current is not None:
            return current
        raise
    if current is not None and (current.pack_id != bundled.pack_id or current.version >= bundled.version):
        return current
    try:
        return install_pack(source, data_dir=data_dir, segmenter=segmenter)
    except PackError:
        if current is not None:
            return current
        raise
