"""The kiosk's pinned root and verification of signed metadata without the network (a USB copy,
a publishing bundle, `lawpost pack verify`): root chain → targets → packs → transfer manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tuf.api.exceptions import LengthOrHashMismatchError, UnsignedMetadataError
from tuf.api.metadata import Metadata, Root, TargetFile, Targets

from kiosk.content.pack import MANIFEST, PackError, verify_pack
from kiosk.storage.durable import mkdir_durable, write_bytes_durably
from kiosk.updates.chunks import TransferManifest, parse_transfer_manifest, target_path
from kiosk.updates.repository import PACKS_ROLE, Repository

TRUST_DIR = "trust"


class UpdateRefused(Exception):
    """Signed metadata or downloaded data failed verification; the message is a sentence saying
    why, in Chinese and English, for the technician. The active pack is never touched."""


def trust_dir(data_dir: Path) -> Path:
    return data_dir / TRUST_DIR


def trusted_root(data_dir: Path) -> bytes | None:
    """The root this kiosk trusts (pinned at the factory or at enrollment, then rotated)."""
    path = trust_dir(data_dir) / "root.json"
    return path.read_bytes() if path.is_file() else None


def pin_root(data_dir: Path, data: bytes, *, replace: bool = False) -> Metadata[Root]:
    """Pin a root.json (self-signed, unexpired). An existing pin is replaced only on request: a
    kiosk must not be re-pinned by whoever can reach it, only by a technician at the kiosk."""
    root = _parse_root(data)
    try:
        root.verify_delegate("root", root)
    except UnsignedMetadataError as exc:
        raise UpdateRefused("root.json 没有按其阈值自签名 (root.json is not signed by its own keys)") from exc
    folder = trust_dir(data_dir)
    if (folder / "root.json").is_file() and not replace:
        raise UpdateRefused("本机已经有受信任的根密钥 (a root is already pinned; pass replace)")
    mkdir_durable(folder)
    write_bytes_durably(folder / "root.json", data)
    return root


def _parse_root(data: bytes) -> Metadata[Root]:
    try:
        md = Metadata[Root].from_bytes(data)
    except Exception as exc:
        raise UpdateRefused(f"root.json 无法读取 (not a TUF root): {exc}") from exc
    if md.signed.type != "root":
        raise UpdateRefused("这不是 root.json (not a root metadata file)")
    return md


@dataclass(frozen=True)
class SignedSource:
    """Signed files on disk: a repository copy (metadata/, targets/, blobs/) or a bundle made by
    `lawpost pack sign` (packs.json, manifest.json, blobs/, metadata/ with root and targets)."""

    path: Path
    is_repository: bool

    @property
    def metadata_dir(self) -> Path:
        return self.path / "metadata"

    @property
    def blobs_dir(self) -> Path:
        return self.path

    def packs_bytes(self) -> bytes:
        if self.is_repository:
            data = Repository(self.path).packs_json()
            if data is None:
                raise UpdateRefused(f"{self.path} 中没有已发布的内容包 (no packs published there)")
            return data
        return (self.path / "packs.json").read_bytes()

    def manifest_bytes(self, target: str, info: TargetFile) -> bytes | None:
        if self.is_repository:
            folder, _, name = target.rpartition("/")
            path = self.path / "targets" / folder / f"{info.hashes['sha256']}.{name}"
        else:
            path = self.path / "manifest.json"
        return path.read_bytes() if path.is_file() else None


def open_source(path: Path) -> SignedSource:
    if (path / "metadata" / "root.json").is_file() or (path / "metadata" / "1.root.json").is_file():
        return SignedSource(path, is_repository=not (path / "packs.json").is_file())
    if (path / "packs.json").is_file():
        return SignedSource(path, is_repository=False)
    raise UpdateRefused(f"{path} 不是更新仓库或签名包 (neither a repository copy nor a signed bundle)")


@dataclass(frozen=True)
class VerifiedPacks:
    root: Metadata[Root]
    new_roots: tuple[bytes, ...]  # root versions newer than the pinned one, in order
    packs: Metadata[Targets]

    def targets(self) -> dict[str, TargetFile]:
        return dict(self.packs.signed.targets)

    def newest(self, pack_id: str) -> int | None:
        versions = [int(p.split("/")[2]) for p in self.packs.signed.targets if p.split("/")[1] == pack_id]
        return max(versions) if versions else None


def verify_chain(
    pinned_root: bytes, source: SignedSource, *, now: datetime | None = None, min_packs_version: int = 0
) -> VerifiedPacks:
    """Walk the root chain from the pinned root, then targets.json and packs.json, each signed
    by the keys its parent names and unexpired. Timestamp and snapshot are not required (see
    docs/updates.md, "USB rule"): rollback is stopped by pack versions and `min_packs_version`."""
    moment = now or datetime.now(UTC)
    root = _parse_root(pinned_root)
    new_roots: list[bytes] = []
    while True:
        path = source.metadata_dir / f"{root.signed.version + 1}.root.json"
        if not path.is_file():
            break
        data = path.read_bytes()
        candidate = _parse_root(data)
        try:
            root.verify_delegate("root", candidate)  # the old keys vouch for the new root...
            candidate.verify_delegate("root", candidate)  # ...and the new keys accept it
        except UnsignedMetadataError as exc:
            raise UpdateRefused(
                f"根密钥轮换文件 {path.name} 的签名无效 (root rotation not signed by old and new keys)"
            ) from exc
        if candidate.signed.version != root.signed.version + 1:
            raise UpdateRefused(f"{path.name} 的版本号不对 (root version mismatch)")
        root, new_roots = candidate, [*new_roots, data]
    if root.signed.is_expired(moment):
        raise UpdateRefused("根元数据已过期，请技术员更新受信任的根 (root metadata expired)")
    targets = _load_newest(source.metadata_dir, "targets")
    _delegate(root, "targets", targets, "targets.json 不是由受信任的根所授权的密钥签署的")
    if targets.signed.is_expired(moment):
        raise UpdateRefused("targets.json 已过期 (targets metadata expired)")
    packs = _parse_targets(source.packs_bytes(), "packs.json")
    _delegate(
        targets, PACKS_ROLE, packs,
        "packs.json 不是由受信任的发布者密钥签署的（密钥错误或已被吊销）",
    )  # fmt: skip
    if packs.signed.is_expired(moment):
        raise UpdateRefused("packs.json 已过期 (packs metadata expired)")
    if packs.signed.version < min_packs_version:
        raise UpdateRefused(
            f"packs.json 版本 {packs.signed.version} 比本机已见过的 {min_packs_version} 旧，拒绝回退 "
            "(older than the packs metadata this kiosk has already seen: rollback refused)"
        )
    return VerifiedPacks(root, tuple(new_roots), packs)


def _delegate(parent: Metadata[Any], role: str, child: Metadata[Any], sentence: str) -> None:
    try:
        parent.verify_delegate(role, child)
    except (UnsignedMetadataError, ValueError) as exc:
        raise UpdateRefused(f"{sentence} ({role} metadata is not signed by the keys trusted for it)") from exc


def _load_newest(metadata_dir: Path, role: str) -> Metadata[Targets]:
    version = Repository(metadata_dir.parent).latest_version(role)
    if not version:
        raise UpdateRefused(f"缺少 {role}.json (the copy has no {role} metadata)")
    return _parse_targets((metadata_dir / f"{version}.{role}.json").read_bytes(), f"{role}.json")


def _parse_targets(data: bytes, name: str) -> Metadata[Targets]:
    try:
        md = Metadata[Targets].from_bytes(data)
    except Exception as exc:
        raise UpdateRefused(f"{name} 无法读取: {exc} (unreadable metadata)") from exc
    if md.signed.type != "targets":
        raise UpdateRefused(f"{name} 类型不对 (wrong metadata type)")
    return md


def signed_manifest(
    verified: VerifiedPacks, source: SignedSource, pack_id: str, version: int
) -> TransferManifest:
    """The transfer manifest of a pack version, checked against the hash packs.json signs."""
    target = target_path(pack_id, version)
    info = verified.packs.signed.targets.get(target)
    if info is None:
        raise UpdateRefused(
            f"发布者没有签署内容包 {pack_id} v{version} (the publisher never signed this pack version)"
        )
    data = source.manifest_bytes(target, info)
    if data is None:
        raise UpdateRefused(f"缺少 {pack_id} v{version} 的传输清单 (transfer manifest missing)")
    try:
        info.verify_length_and_hashes(data)
    except LengthOrHashMismatchError as exc:
        raise UpdateRefused(
            f"内容包 {pack_id} v{version} 的清单与发布者签署的不一致：文件和校验值在签署后被改动过 "
            "(the manifest is not the one the publisher signed: files and checksums were changed after "
            "signing)"
        ) from exc
    try:
        return parse_transfer_manifest(data)
    except PackError as exc:
        raise UpdateRefused(str(exc)) from exc


def verify_pack_signed(pack_dir: Path, pinned_root: bytes, source: SignedSource) -> TransferManifest:
    """`lawpost pack verify`: the pack's files match its manifest AND that manifest is the one a
    trusted publisher signed. A pack whose files and checksums were both rewritten passes the
    first check and fails the second."""
    try:
        manifest = verify_pack(pack_dir)
    except PackError as exc:
        raise UpdateRefused(str(exc)) from exc
    verified = verify_chain(pinned_root, source)
    transfer = signed_manifest(verified, source, manifest.pack_id, manifest.version)
    local = json.loads((pack_dir / MANIFEST).read_text(encoding="utf-8"))
    if _comparable(local) != _comparable(transfer.pack_manifest):
        raise UpdateRefused(
            f"内容包 {manifest.pack_id} v{manifest.version} 的清单与发布者签署的不一致：文件和校验值在签署后"
            "被一并改动过，本机不会安装它 (this pack's manifest differs from the one the publisher "
            "signed: its files and checksums were changed together after signing; kiosks refuse it)"
        )
    return transfer


def _comparable(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True)


def persist_roots(data_dir: Path, verified: VerifiedPacks) -> None:
    """Adopt a rotated root found on a USB copy, as ngclient does online."""
    folder = trust_dir(data_dir)
    for data in verified.new_roots:
        write_bytes_durably(folder / "root.json", data)


def verify_source(pinned_root: bytes, source: SignedSource) -> list[TransferManifest]:
    """Everything a repository copy or bundle offers: the chain, every listed manifest (a bundle:
    its own one) and every blob those manifests name, by length and sha256."""
    import hashlib

    from kiosk.updates.chunks import blob_path

    verified = verify_chain(pinned_root, source)
    targets = verified.packs.signed.targets
    if source.is_repository:
        wanted = sorted(targets)
    else:
        data = (source.path / "manifest.json").read_bytes()
        wanted = [t for t, info in targets.items() if _matches(info, data)]
        if not wanted:
            raise UpdateRefused(
                "包中的 manifest.json 与 packs.json 签署的任何清单都不一致：签署后被改动过 "
                "(the bundle's manifest is not one the publisher signed: changed after signing)"
            )
    checked = []
    for target in wanted:
        parts = target.split("/")
        transfer = signed_manifest(verified, source, parts[1], int(parts[2]))
        for sha, length in transfer.chunk_set().items():
            path = source.blobs_dir / blob_path(sha)
            blob = path.read_bytes() if path.is_file() else b""
            if len(blob) != length or hashlib.sha256(blob).hexdigest() != sha:
                raise UpdateRefused(
                    f"{transfer.pack_id} v{transfer.version} 的分块 {sha[:12]} 缺失或被篡改 "
                    "(a blob is missing or does not match the signed manifest)"
                )
        checked.append(transfer)
    return checked


def _matches(info: TargetFile, data: bytes) -> bool:
    try:
        info.verify_length_and_hashes(data)
    except LengthOrHashMismatchError:
        return False
    return True
