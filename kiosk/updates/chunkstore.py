"""The kiosk's chunk store: fetch only the chunks it lacks (resuming partial ones), cut every
download at its declared length, and assemble a pack folder from verified chunks."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.content.installer import InstalledPack
from kiosk.content.pack import MANIFEST, PackError, verify_pack
from kiosk.updates.chunks import TransferManifest, blob_path, chunk_pack, parse_transfer_manifest
from kiosk.updates.trust import UpdateRefused

# Names the step a test's subprocess dies at (SIGKILL), one of STEPS; see tests/kiosk/updates.
CRASH_ENV = "LAWPOST_UPDATE_CRASH_AT"
STEPS = ("download", "verify", "install", "switch", "health")


def crash_point(step: str) -> None:
    """Die here, as a power cut would, when the crash test names this step."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


class LocalChunkDamaged(Exception):
    """A chunk expected inside the active pack's files did not match: fetch it and assemble again."""


class BlobFetcher(Protocol):
    def fetch_from(self, url: str, offset: int) -> tuple[Iterator[bytes], bool]: ...


@dataclass
class FetchReport:
    chunks_needed: int = 0
    chunks_local: int = 0
    chunks_fetched: int = 0
    bytes_fetched: int = 0


class ChunkStore:
    """<data_dir>/updates/chunks/<aa>/<sha256> (+ .part while downloading), and the transfer
    manifests of installed versions in <data_dir>/updates/installed/ (where each chunk of the
    active pack sits inside its files, so those chunks are never fetched again)."""

    def __init__(self, updates_dir: Path) -> None:
        self.root = updates_dir / "chunks"
        self.installed_dir = updates_dir / "installed"
        self.assembly_dir = updates_dir / "assembly"

    def path(self, sha256: str) -> Path:
        return self.root / blob_path(sha256).removeprefix("blobs/")

    # --- what the kiosk already has ----------------------------------------------------------

    def remember(self, transfer: TransferManifest) -> None:
        self.installed_dir.mkdir(parents=True, exist_ok=True)
        name = f"{transfer.pack_id}-{transfer.version}.json"
        (self.installed_dir / name).write_bytes(transfer.to_bytes())

    def local_chunks(self, active: InstalledPack | None) -> dict[str, tuple[Path, int, int]]:
        """sha256 → (file of the active pack, offset, length)."""
        if active is None:
            return {}
        known = self.installed_dir / f"{active.pack_id}-{active.version}.json"
        try:
            transfer = parse_transfer_manifest(known.read_bytes())
        except (OSError, PackError):
            try:  # the factory pack, or a pack installed by hand: cut it the same way
                transfer = chunk_pack(active.path)
            except PackError:
                return {}
        found: dict[str, tuple[Path, int, int]] = {}
        for item in transfer.files:
            offset = 0
            for chunk in item.chunks:
                found.setdefault(chunk.sha256, (active.path / item.path, offset, chunk.bytes))
                offset += chunk.bytes
        return found

    # --- fetching ----------------------------------------------------------------------------

    def fetch_missing(
        self, transfer: TransferManifest, *, base_url: str, fetcher: BlobFetcher,
        local: dict[str, tuple[Path, int, int]],
    ) -> FetchReport:  # fmt: skip
        report = FetchReport()
        for sha, length in transfer.chunk_set().items():
            report.chunks_needed += 1
            if sha in local or self.path(sha).is_file():
                report.chunks_local += 1
                continue
            report.bytes_fetched += self._fetch(sha, length, base_url + blob_path(sha), fetcher)
            report.chunks_fetched += 1
        return report

    def _fetch(self, sha: str, length: int, url: str, fetcher: BlobFetcher) -> int:
        final = self.path(sha)
        part = final.with_name(final.name + ".part")
        part.parent.mkdir(parents=True, exist_ok=True)
        have = part.stat().st_size if part.is_file() else 0
        if have >= length:  # a part as long as the chunk yet never renamed: check it from scratch
            part.unlink()
            have = 0
        pieces, resumed = fetcher.fetch_from(url, have)
        moved = 0
        with part.open("ab" if resumed else "wb") as handle:
            written = have if resumed else 0
            for piece in pieces:
                if written + len(piece) > length:
                    # Endless data: never keep (or wait for) more than the signed manifest declares.
                    handle.close()
                    part.unlink(missing_ok=True)
                    raise UpdateRefused(
                        f"服务器发送的分块 {sha[:12]} 超过了签名清单声明的 {length} 字节，已中止 "
                        "(the server sent more than the signed length: endless-data attack refused)"
                    )
                handle.write(piece)
                written += len(piece)
                moved += len(piece)
                handle.flush()
                crash_point("download")
        if written != length or _sha256_file(part) != sha:
            part.unlink(missing_ok=True)
            raise UpdateRefused(
                f"分块 {sha[:12]} 与签名清单不符（被篡改或传输损坏），已丢弃 "
                "(a downloaded blob does not match the signed manifest: tampered or corrupt)"
            )
        part.replace(final)
        return moved

    # --- assembling --------------------------------------------------------------------------

    def assemble(self, transfer: TransferManifest, local: dict[str, tuple[Path, int, int]]) -> Path:
        """Write the pack folder from chunks, checking every chunk and every file's sha256."""
        folder = self.assembly_dir / f"{transfer.pack_id}-{transfer.version}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for item in transfer.files:
            target = folder / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with target.open("wb") as out:
                for chunk in item.chunks:
                    data = self._chunk(chunk.sha256, chunk.bytes, local)
                    out.write(data)
                    digest.update(data)
            if digest.hexdigest() != item.sha256:
                raise UpdateRefused(f"组装后的 {item.path} 校验不符 (assembled file does not match)")
        (folder / MANIFEST).write_text(
            json.dumps(transfer.pack_manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        try:
            verify_pack(folder)
        except PackError as exc:
            raise UpdateRefused(str(exc)) from exc
        return folder

    def drop_damaged(self, local: dict[str, tuple[Path, int, int]], transfer: TransferManifest) -> None:
        """Re-read every local chunk the transfer needs and forget those that do not match."""
        for sha in transfer.chunk_set():
            if sha in local:
                path, offset, size = local[sha]
                try:
                    with path.open("rb") as handle:
                        handle.seek(offset)
                        good = hashlib.sha256(handle.read(size)).hexdigest() == sha
                except OSError:
                    good = False
                if not good:
                    del local[sha]

    def _chunk(self, sha: str, length: int, local: dict[str, tuple[Path, int, int]]) -> bytes:
        source = local.get(sha)
        if source is not None:
            path, offset, size = source
            try:
                with path.open("rb") as handle:
                    handle.seek(offset)
                    data = handle.read(size)
            except OSError:
                data = b""
            if hashlib.sha256(data).hexdigest() == sha:
                return data
            # The active pack's file changed under us (disk error, hand edit): fetch this chunk.
            del local[sha]
            if not self.path(sha).is_file():
                raise LocalChunkDamaged(sha)
        stored = self.path(sha)
        data = stored.read_bytes() if stored.is_file() else b""
        if len(data) != length or hashlib.sha256(data).hexdigest() != sha:
            stored.unlink(missing_ok=True)  # e.g. cut short by a power loss: fetched again next time
            raise PackError(f"分块 {sha[:12]} 缺失或损坏，下次检查时重新下载 (chunk missing or damaged)")
        return data

    def clear(self, keep: set[str]) -> None:
        """After an install the chunks are inside the installed pack: drop the downloaded copies,
        and the transfer manifests of versions no longer on disk (`keep`: "<id>-<version>")."""
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.assembly_dir, ignore_errors=True)
        for old in self.installed_dir.glob("*.json") if self.installed_dir.is_dir() else []:
            if old.stem not in keep:
                old.unlink(missing_ok=True)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
