"""Accepting a signed content bundle: unpack safely, verify against the repository, store, point.

A bundle (from `lawpost pack sign` / `lawpost pack publish`) is a tar of `packs.json` (the new
publisher-signed role, version = current + 1), `manifest.json` (the transfer manifest it lists)
and `blobs/<sha256[:2]>/<sha256>` — only the chunks the server does not already have. Every
refusal is a PublishRefused with a sentence for the technician; nothing is written to the
repository until everything has been checked.
"""

from __future__ import annotations

import json
import re
import shutil
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.updates.repository import RepositoryError
from server.models import PublishedPack
from server.models.updates import CHANNELS
from server.services import channels

_BLOB_NAME = re.compile(r"^blobs/([0-9a-f]{2})/([0-9a-f]{64})$")
_PACK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 1_000_000


class PublishRefused(Exception):
    """The bundle is not accepted; the message says why and what to do. `status` is the HTTP code."""

    def __init__(self, message: str, *, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


class Repository(channels.ChannelWriter, Protocol):
    """The repository operations publishing needs (server.services.update_repo.UpdateRepo)."""

    def add_packs(self, bundle: Path, *, now: datetime) -> list[str]: ...
    def packs_version(self) -> int: ...


@dataclass(frozen=True)
class Published:
    pack_id: str
    version: int
    packs_version: int
    channel: str
    blobs_received: int
    bytes_received: int


def unpack(archive: Path, into: Path) -> None:
    """Extract only the expected regular files (no links, devices, absolute or `..` paths)."""
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            count = 0
            for member in tar:
                count += 1
                if count > MAX_MEMBERS:
                    raise PublishRefused("发布包文件过多 (too many files in the bundle)")
                name = member.name.removeprefix("./").removeprefix("bundle/")
                if member.isdir():
                    continue
                if not member.isfile() or not (
                    name in ("packs.json", "manifest.json") or _BLOB_NAME.match(name)
                ):
                    raise PublishRefused(
                        f"发布包中有不应有的文件 (unexpected entry in the bundle): {name[:80]!r}"
                    )
                source = tar.extractfile(member)
                if source is None:
                    raise PublishRefused("发布包已损坏 (the bundle is damaged)")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise PublishRefused(
            f"上传的不是有效的发布包 (not a valid bundle: expected a tar of packs.json, manifest.json and "
            f"blobs/): {type(exc).__name__}"
        ) from None


def _read(folder: Path, name: str) -> bytes:
    path = folder / name
    if not path.is_file():
        raise PublishRefused(
            f"发布包缺少 {name} (the bundle has no {name}; build it with `lawpost pack sign`)"
        )
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise PublishRefused(f"{name} 过大 ({name} is too large)")
    return path.read_bytes()


def _manifest(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        raise PublishRefused("manifest.json 不是有效的 JSON (manifest.json is not valid JSON)") from None
    if not (
        isinstance(value, dict)
        and isinstance(value.get("pack_id"), str)
        and _PACK_ID.match(value["pack_id"])
        and isinstance(value.get("version"), int)
        and not isinstance(value["version"], bool)
        and 0 < value["version"] < 2**31
        and isinstance(value.get("files"), list)
    ):
        raise PublishRefused(
            "manifest.json 缺少 pack_id、version 或 files (manifest.json lacks pack_id, version or files)"
        )
    return value


def publish(
    session: Session,
    repo: Repository,
    *,
    bundle: Path,
    channel: str,
    by: str,
    now: datetime,
) -> Published:
    """Check an unpacked bundle completely, then store it and point `channel` at it."""
    if channel not in CHANNELS:
        raise PublishRefused("渠道只能是 staging 或 stable (channel must be staging or stable)")
    _read(bundle, "packs.json")
    manifest_raw = _read(bundle, "manifest.json")
    manifest = _manifest(manifest_raw)
    pack_id, version = manifest["pack_id"], manifest["version"]
    exists = session.scalar(
        select(PublishedPack).where(PublishedPack.pack_id == pack_id, PublishedPack.version == version)
    )
    if exists is not None:
        raise PublishRefused(
            f"{pack_id} v{version} 已发布过；请用新版本号重新构建 (already published: use a new version)",
            status=409,
        )
    # Signature against the `packs` delegation, version = current + 1, every hash and length:
    # all checked by the repository before it writes anything (blobs, manifest, then packs.json).
    try:
        added = repo.add_packs(bundle, now=now)
    except RepositoryError as exc:
        raise PublishRefused(str(exc)) from None
    except Exception as exc:  # tuf raises many types for hostile metadata
        raise PublishRefused(
            f"packs.json 无法验证 (packs.json cannot be verified): {type(exc).__name__}"
        ) from None
    target = f"packs/{pack_id}/{version}/manifest.json"
    if target not in added:
        raise PublishRefused(f"packs.json 没有新列出 {target} (packs.json does not add this pack's manifest)")
    packs_version = repo.packs_version()
    blobs = bundle / "blobs"
    received = [p for p in blobs.glob("*/*") if p.is_file()] if blobs.is_dir() else []
    session.add(
        PublishedPack(
            pack_id=pack_id, version=version, channel=channel, packs_version=packs_version,
            as_of=str(manifest.get("as_of", ""))[:40], total_bytes=_total_bytes(manifest),
            files=len(manifest["files"]), uploaded_by=by[:64], uploaded_at=now,
        )
    )  # fmt: skip
    session.flush()
    channels.set_pointer(
        session, repo, channel=channel, group="", pack_id=pack_id, version=version, by=by[:64], now=now
    )
    return Published(
        pack_id=pack_id, version=version, packs_version=packs_version, channel=channel,
        blobs_received=len(received), bytes_received=sum(p.stat().st_size for p in received),
    )  # fmt: skip


def _total_bytes(manifest: dict[str, Any]) -> int:
    sizes = [entry.get("bytes") for entry in manifest["files"] if isinstance(entry, dict)]
    return sum(size for size in sizes if isinstance(size, int) and 0 <= size < 2**40)
