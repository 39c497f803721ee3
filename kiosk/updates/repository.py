"""The update repository on disk (TUF metadata, pack transfer manifests, blobs): create it, add a
publisher-signed packs.json, point channels at pack versions and keep snapshot/timestamp fresh.

Everything here runs where the repository lives (the central server, or a technician's machine at
`lawpost pack repo-init`); the offline-key operations are in kiosk/updates/signing.py. Every file is
written atomically, so nginx or a mirror serving the folder never sees half a file.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from securesystemslib.signer import Key, Signer
from tuf.api.exceptions import LengthOrHashMismatchError, UnsignedMetadataError
from tuf.api.metadata import (
    DelegatedRole,
    Delegations,
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from kiosk.content.pack import PackError
from kiosk.storage.durable import mkdir_durable, write_bytes_durably
from kiosk.updates.chunks import blob_path, parse_transfer_manifest, target_path

PACKS_ROLE, CHANNELS_ROLE = "packs", "channels"
# tuf matches a path pattern part by part ("*" never crosses "/"), hence one "*" per level.
PACKS_PATHS = ["packs/*/*/manifest.json"]
CHANNELS_PATHS = ["channels/*.json"]
CHANNELS = ("staging", "stable")
EXPIRY = {
    "root": timedelta(days=730),
    "targets": timedelta(days=365),
    PACKS_ROLE: timedelta(days=365),
    CHANNELS_ROLE: timedelta(days=7),
    "snapshot": timedelta(days=7),
    "timestamp": timedelta(days=1),
}
# Online metadata is re-signed once less than this share of its lifetime is left.
RESIGN_WHEN_LEFT = 0.5
_VERSIONED = re.compile(r"^(\d+)\.([a-z_]+)\.json$")


class RepositoryError(Exception):
    """The repository refuses an operation; the message says why and what to do."""


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).replace(microsecond=0)


def expiry(role: str, now: datetime | None = None) -> datetime:
    return _now(now) + EXPIRY[role]


def metadata_bytes(md: Metadata[Any]) -> bytes:
    return JSONSerializer(compact=False).serialize(md)


@dataclass(frozen=True)
class ChannelPointer:
    pack_id: str
    version: int


class Repository:
    """A repository folder: metadata/, targets/, blobs/ (docs/updates.md)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.metadata_dir = path / "metadata"
        self.targets_dir = path / "targets"
        self.blobs_dir = path / "blobs"

    # --- reading -----------------------------------------------------------------------------

    def exists(self) -> bool:
        return (self.metadata_dir / "root.json").is_file()

    def latest_version(self, role: str) -> int:
        """Highest N of metadata/N.<role>.json on disk (0 when there is none)."""
        best = 0
        if self.metadata_dir.is_dir():
            for item in self.metadata_dir.iterdir():
                match = _VERSIONED.match(item.name)
                if match and match.group(2) == role:
                    best = max(best, int(match.group(1)))
        return best

    def load(self, role: str) -> Metadata[Any]:
        if role in ("root", "timestamp"):
            path = self.metadata_dir / f"{role}.json"
        else:
            version = self.latest_version(role)
            if version == 0:
                raise RepositoryError(f"仓库中还没有 {role}.json (repository has no {role} metadata yet)")
            path = self.metadata_dir / f"{version}.{role}.json"
        try:
            return Metadata.from_file(str(path))
        except Exception as exc:  # tuf raises several types for an unreadable file
            raise RepositoryError(f"无法读取 {path}: {exc} (unreadable metadata)") from exc

    def packs_json(self) -> bytes | None:
        """The current packs.json exactly as signed (what `pack sign --current` needs)."""
        version = self.latest_version(PACKS_ROLE)
        return (self.metadata_dir / f"{version}.{PACKS_ROLE}.json").read_bytes() if version else None

    def channels(self, channel: str) -> dict[str, Any]:
        """A channel's pointer file: {"default": {...} | None, "groups": {...}}."""
        md = self.load(CHANNELS_ROLE)
        info = md.signed.targets.get(f"channels/{channel}.json")
        if info is None:
            return {"default": None, "groups": {}}
        path = self.targets_dir / "channels" / f"{info.hashes['sha256']}.{channel}.json"
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def published_versions(self) -> dict[str, list[int]]:
        """pack id → versions listed in the current packs.json."""
        if not self.latest_version(PACKS_ROLE):
            return {}
        found: dict[str, list[int]] = {}
        for path in self.load(PACKS_ROLE).signed.targets:
            parts = path.split("/")
            found.setdefault(parts[1], []).append(int(parts[2]))
        return {k: sorted(v) for k, v in found.items()}

    # --- writing -----------------------------------------------------------------------------

    def write_metadata(self, md: Metadata[Any], *, role: str) -> Path:
        mkdir_durable(self.metadata_dir)
        data = metadata_bytes(md)
        if role == "timestamp":
            path = self.metadata_dir / "timestamp.json"
        else:
            path = self.metadata_dir / f"{md.signed.version}.{role}.json"
        write_bytes_durably(path, data)
        if role == "root":
            write_bytes_durably(self.metadata_dir / "root.json", data)
        return path

    def write_target(self, target: str, data: bytes) -> TargetFile:
        """Store a target file under its consistent-snapshot name <dir>/<sha256>.<name>."""
        info = TargetFile.from_data(target, data, ["sha256"])
        folder, _, name = target.rpartition("/")
        path = self.targets_dir / folder / f"{info.hashes['sha256']}.{name}"
        mkdir_durable(path.parent)
        if not path.is_file():
            write_bytes_durably(path, data)
        return info

    def store_blob(self, source: Path, sha256: str, length: int) -> None:
        import hashlib

        target = self.path / blob_path(sha256)
        if target.is_file():
            return
        data = source.read_bytes()
        if len(data) != length or hashlib.sha256(data).hexdigest() != sha256:
            raise RepositoryError(f"分块 {sha256[:12]} 与清单不符 (blob does not match the manifest)")
        mkdir_durable(target.parent)
        write_bytes_durably(target, data)

    def refresh(self, online: Signer, *, now: datetime | None = None, force: bool = False) -> bool:
        """Re-sign what is due: channels and snapshot when half their life is gone (or `force`),
        timestamp on every call that changed something or when it is due. True if anything new."""
        moment = _now(now)
        changed = force
        channels = self.load(CHANNELS_ROLE)
        if self._due(channels, CHANNELS_ROLE, moment):
            channels.signed.version += 1
            channels.signed.expires = expiry(CHANNELS_ROLE, moment)
            channels.sign(online)
            self.write_metadata(channels, role=CHANNELS_ROLE)
            changed = True
        snapshot_version = self.latest_version("snapshot")
        current = self.load("snapshot") if snapshot_version else None
        meta = self._snapshot_meta()
        if (
            current is None
            or changed
            or current.signed.meta != meta
            or self._due(current, "snapshot", moment)
        ):
            version = (current.signed.version + 1) if current else 1
            snapshot = Metadata(Snapshot(version=version, expires=expiry("snapshot", moment), meta=meta))
            snapshot.sign(online)
            path = self.write_metadata(snapshot, role="snapshot")
            changed = True
        else:
            path = self.metadata_dir / f"{snapshot_version}.snapshot.json"
        timestamp_path = self.metadata_dir / "timestamp.json"
        old = Metadata[Timestamp].from_file(str(timestamp_path)) if timestamp_path.is_file() else None
        if old is None or changed or self._due(old, "timestamp", moment):
            snap_meta = MetaFile.from_data(int(path.name.split(".")[0]), path.read_bytes(), ["sha256"])
            version = (old.signed.version + 1) if old else 1
            timestamp = Metadata(Timestamp(version=version, expires=expiry("timestamp", moment),
                                           snapshot_meta=snap_meta))  # fmt: skip
            timestamp.sign(online)
            self.write_metadata(timestamp, role="timestamp")
            changed = True
        return changed

    @staticmethod
    def _due(md: Metadata[Any], role: str, moment: datetime) -> bool:
        left: timedelta = md.signed.expires - moment
        return left < EXPIRY[role] * RESIGN_WHEN_LEFT

    def _snapshot_meta(self) -> dict[str, MetaFile]:
        meta = {}
        for role in ("targets", PACKS_ROLE, CHANNELS_ROLE):
            version = self.latest_version(role)
            if version:
                data = (self.metadata_dir / f"{version}.{role}.json").read_bytes()
                meta[f"{role}.json"] = MetaFile.from_data(version, data, ["sha256"])
        return meta

    def add_packs(self, bundle_dir: Path, online: Signer, *, now: datetime | None = None) -> list[str]:
        """Accept a publisher's bundle (packs.json, manifest.json, blobs/): the packs.json must be
        signed as targets.json delegates `packs`, and be exactly one version newer than the current.
        Returns the target paths that were added."""
        try:
            new = Metadata[Targets].from_bytes((bundle_dir / "packs.json").read_bytes())
        except Exception as exc:
            raise RepositoryError(f"包中的 packs.json 无法读取: {exc} (bad bundle)") from exc
        targets = self.load("targets")
        try:
            targets.verify_delegate(PACKS_ROLE, new)
        except UnsignedMetadataError as exc:
            raise RepositoryError(
                "packs.json 不是由受信任的发布者密钥签署的 (not signed by a publisher key that "
                "targets.json trusts; was the key revoked?)"
            ) from exc
        expected = self.latest_version(PACKS_ROLE) + 1
        if new.signed.version != expected:
            raise RepositoryError(
                f"packs.json 版本是 {new.signed.version}，应为 {expected}：请用服务器上当前的 packs.json "
                "重新签署 (version must be current + 1; re-sign with --current from the server)"
            )
        if new.signed.is_expired(_now(now)):
            raise RepositoryError("packs.json 已过期 (packs.json is expired)")
        known = self.published_versions_paths()
        added = [p for p in new.signed.targets if p not in known]
        manifest_bytes = (bundle_dir / "manifest.json").read_bytes() if added else b""
        for target in added:
            info = new.signed.targets[target]
            try:
                info.verify_length_and_hashes(manifest_bytes)
            except LengthOrHashMismatchError as exc:
                raise RepositoryError(
                    f"包中没有 {target} 的清单 (bundle lacks the manifest of {target})"
                ) from exc
            try:
                transfer = parse_transfer_manifest(manifest_bytes)
            except PackError as exc:
                raise RepositoryError(str(exc)) from exc
            if target_path(transfer.pack_id, transfer.version) != target:
                raise RepositoryError(f"清单与路径 {target} 不符 (manifest does not match its path)")
            for sha, length in transfer.chunk_set().items():
                source = bundle_dir / blob_path(sha)
                if not (self.path / blob_path(sha)).is_file():
                    if not source.is_file():
                        raise RepositoryError(f"包中缺少分块 {sha[:12]} (bundle is missing a blob)")
                    self.store_blob(source, sha, length)
            self.write_target(target, manifest_bytes)
        missing = [p for p in new.signed.targets if not self._target_file(p, new.signed.targets[p]).is_file()]
        if missing:
            raise RepositoryError(f"packs.json 列出了仓库中没有的清单: {missing} (unknown manifests listed)")
        self.write_metadata(new, role=PACKS_ROLE)
        self.refresh(online, now=now, force=True)
        return added

    def published_versions_paths(self) -> set[str]:
        if not self.latest_version(PACKS_ROLE):
            return set()
        return set(self.load(PACKS_ROLE).signed.targets)

    def _target_file(self, target: str, info: TargetFile) -> Path:
        folder, _, name = target.rpartition("/")
        return self.targets_dir / folder / f"{info.hashes['sha256']}.{name}"

    def set_channel(
        self, channel: str, pointer: ChannelPointer | None, online: Signer, *,
        group: str | None = None, now: datetime | None = None,
    ) -> None:  # fmt: skip
        """Point a channel (or one kiosk group in it) at a pack version a publisher signed; None
        removes the pointer. Only the online key is needed, so promotion works on the server."""
        if channel not in CHANNELS:
            raise RepositoryError(f"未知渠道 {channel}；可用 {', '.join(CHANNELS)} (unknown channel)")
        if pointer is not None and target_path(pointer.pack_id, pointer.version) not in (
            self.published_versions_paths()
        ):
            raise RepositoryError(
                f"内容包 {pointer.pack_id} v{pointer.version} 尚未发布 (that pack version is not published)"
            )
        data = self.channels(channel)
        entry = {"pack_id": pointer.pack_id, "version": pointer.version} if pointer else None
        if group is None:
            data["default"] = entry
        elif entry is None:
            data["groups"].pop(group, None)
        else:
            data["groups"][group] = entry
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        md = self.load(CHANNELS_ROLE)
        md.signed.targets[f"channels/{channel}.json"] = self.write_target(f"channels/{channel}.json", body)
        md.signed.version += 1
        md.signed.expires = expiry(CHANNELS_ROLE, now)
        md.sign(online)
        self.write_metadata(md, role=CHANNELS_ROLE)
        self.refresh(online, now=now, force=True)

    def prune_blobs(self) -> int:
        """Remove blobs no listed pack version uses; returns how many were removed."""
        used: set[str] = set()
        if self.latest_version(PACKS_ROLE):
            for target, info in self.load(PACKS_ROLE).signed.targets.items():
                transfer = parse_transfer_manifest(self._target_file(target, info).read_bytes())
                used.update(transfer.chunk_set())
        removed = 0
        for path in self.blobs_dir.glob("*/*") if self.blobs_dir.is_dir() else []:
            if path.name not in used:
                path.unlink()
                removed += 1
        return removed


def init_repository(
    path: Path,
    *,
    root_signers: Sequence[Signer],
    targets_signer: Signer,
    publisher_keys: Sequence[Key],
    online: Signer,
    root_threshold: int = 1,
    now: datetime | None = None,
) -> Repository:
    """Create a repository: root (offline keys), targets (offline key) delegating `packs` to the
    publishers and `channels` to the online key, empty channels, snapshot and timestamp."""
    repo = Repository(path)
    if repo.exists():
        raise RepositoryError(f"{path} 已经是一个更新仓库 (already a repository)")
    moment = _now(now)
    online_key = online.public_key
    root = Root(expires=expiry("root", moment), consistent_snapshot=True)
    for signer in root_signers:
        root.add_key(signer.public_key, "root")
    root.roles["root"].threshold = root_threshold
    root.add_key(targets_signer.public_key, "targets")
    root.add_key(online_key, "snapshot")
    root.add_key(online_key, "timestamp")
    root_md = Metadata(root)
    for signer in root_signers:
        root_md.sign(signer, append=True)
    targets = Targets(expires=expiry("targets", moment))
    targets.delegations = delegations(publisher_keys, online_key)
    targets_md = Metadata(targets)
    targets_md.sign(targets_signer)
    channels_md = Metadata(Targets(expires=expiry(CHANNELS_ROLE, moment)))
    channels_md.sign(online)
    repo.write_metadata(root_md, role="root")
    repo.write_metadata(targets_md, role="targets")
    repo.write_metadata(channels_md, role=CHANNELS_ROLE)
    mkdir_durable(repo.targets_dir)
    mkdir_durable(repo.blobs_dir)
    repo.refresh(online, now=moment, force=True)
    return repo


def delegations(publisher_keys: Sequence[Key], online_key: Key, *, threshold: int = 1) -> Delegations:
    keys = {k.keyid: k for k in [*publisher_keys, online_key]}
    roles = {
        PACKS_ROLE: DelegatedRole(
            PACKS_ROLE, [k.keyid for k in publisher_keys], threshold, True, PACKS_PATHS
        ),
        CHANNELS_ROLE: DelegatedRole(CHANNELS_ROLE, [online_key.keyid], 1, True, CHANNELS_PATHS),
    }
    return Delegations(keys=keys, roles=roles)


def copy_tree(source: Path, target: Path) -> None:
    """Copy a repository (e.g. onto a USB drive for a kiosk that is never online)."""
    shutil.copytree(source, target, dirs_exist_ok=True)
