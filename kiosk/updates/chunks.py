"""Content-defined chunking of pack files and the transfer manifest that lists the chunks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.content.pack import MANIFEST, Manifest, PackError, verify_pack

# ~8 KiB average chunks: a changed guide inside content.json moves one or two chunks, and a
# 200 MB pack is ~25,000 blobs, which a static file server handles without trouble.
AVG_CHUNK = 8 * 1024
MIN_CHUNK = 2 * 1024
MAX_CHUNK = 64 * 1024
TRANSFER_FORMAT = 1


@dataclass(frozen=True)
class Chunk:
    sha256: str
    bytes: int


@dataclass(frozen=True)
class TransferFile:
    path: str
    sha256: str
    bytes: int
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True)
class TransferManifest:
    pack_id: str
    version: int
    as_of: str
    created_at: str
    pack_manifest: dict[str, Any]
    files: tuple[TransferFile, ...]

    @property
    def target_path(self) -> str:
        return target_path(self.pack_id, self.version)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": TRANSFER_FORMAT,
            "pack_id": self.pack_id,
            "version": self.version,
            "as_of": self.as_of,
            "created_at": self.created_at,
            "pack_manifest": self.pack_manifest,
            "files": [
                {"path": f.path, "sha256": f.sha256, "bytes": f.bytes,
                 "chunks": [{"sha256": c.sha256, "bytes": c.bytes} for c in f.chunks]}
                for f in self.files
            ],
        }  # fmt: skip

    def to_bytes(self) -> bytes:
        return json.dumps(self.as_json(), ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8")

    def chunk_set(self) -> dict[str, int]:
        """Every distinct chunk → its length."""
        return {c.sha256: c.bytes for f in self.files for c in f.chunks}

    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)


def target_path(pack_id: str, version: int) -> str:
    """The TUF target path of a pack version's transfer manifest."""
    return f"packs/{pack_id}/{version}/manifest.json"


def blob_path(sha256: str) -> str:
    """Where a chunk lives, relative to the repository (and to a bundle)."""
    return f"blobs/{sha256[:2]}/{sha256}"


def chunk_bytes(data: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each content-defined chunk of `data`."""
    if not data:
        return []
    from fastcdc import fastcdc  # imported late: the package prints to stdout without its C module

    return [
        (c.offset, c.length)
        for c in fastcdc(data, min_size=MIN_CHUNK, avg_size=AVG_CHUNK, max_size=MAX_CHUNK, fat=False)
    ]


def chunk_pack(
    pack_dir: Path, blob_dir: Path | None = None, *, now: datetime | None = None
) -> TransferManifest:
    """Verify a pack folder, cut its files into chunks and (if `blob_dir`) write each chunk once
    as blobs/<aa>/<sha256> under it. The pack's own manifest.json travels inside the transfer
    manifest, so the kiosk rebuilds the pack byte for byte."""
    manifest = verify_pack(pack_dir)
    files = []
    for item in manifest.files:
        data = (pack_dir / item.path).read_bytes()
        chunks = []
        for offset, length in chunk_bytes(data):
            piece = data[offset : offset + length]
            digest = hashlib.sha256(piece).hexdigest()
            chunks.append(Chunk(digest, length))
            if blob_dir is not None:
                target = blob_dir / blob_path(digest)
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_name(target.name + ".tmp")
                    tmp.write_bytes(piece)
                    tmp.replace(target)
        files.append(TransferFile(item.path, item.sha256, item.bytes, tuple(chunks)))
    pack_manifest = json.loads((pack_dir / MANIFEST).read_text(encoding="utf-8"))
    return TransferManifest(
        pack_id=manifest.pack_id,
        version=manifest.version,
        as_of=manifest.as_of,
        created_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
        pack_manifest=pack_manifest,
        files=tuple(files),
    )


def parse_transfer_manifest(data: bytes) -> TransferManifest:
    """Parse and check a transfer manifest's shape: its files must be exactly the pack manifest's,
    and every chunk list must add up to its file's length."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format", TRANSFER_FORMAT) != TRANSFER_FORMAT:
            raise PackError(f"不支持的传输清单格式 {raw.get('format')} (unsupported transfer manifest)")
        files = tuple(
            TransferFile(
                path=str(f["path"]), sha256=str(f["sha256"]), bytes=int(f["bytes"]),
                chunks=tuple(Chunk(str(c["sha256"]), int(c["bytes"])) for c in f["chunks"]),
            )
            for f in raw["files"]
        )  # fmt: skip
        parsed = TransferManifest(
            pack_id=str(raw["pack_id"]),
            version=int(raw["version"]),
            as_of=str(raw.get("as_of", "")),
            created_at=str(raw.get("created_at", "")),
            pack_manifest=dict(raw["pack_manifest"]),
            files=files,
        )
        pack = Manifest.from_json(parsed.pack_manifest)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PackError(f"传输清单格式错误: {exc!r} (transfer manifest is malformed)") from exc
    if (pack.pack_id, pack.version) != (parsed.pack_id, parsed.version):
        raise PackError("传输清单与内容包清单的编号或版本不一致 (transfer manifest does not match its pack)")
    listed = {(f.path, f.sha256, f.bytes) for f in pack.files}
    if listed != {(f.path, f.sha256, f.bytes) for f in files}:
        raise PackError("传输清单的文件与内容包清单不一致 (transfer manifest files differ from the pack's)")
    for item in files:
        if sum(c.bytes for c in item.chunks) != item.bytes or any(
            c.bytes <= 0 or len(c.sha256) != 64 for c in item.chunks
        ):
            raise PackError(f"传输清单中 {item.path} 的分块不完整 (chunk list does not add up)")
    return parsed
