"""Offline-key operations: sign a pack into a publishing BUNDLE with a publisher key, rotate the
root keys, and re-delegate (revoke) publisher keys. None of these needs the server's online key
except to re-sign snapshot/timestamp afterwards, which the server does by itself."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from securesystemslib.signer import Key, Signer
from tuf.api.metadata import Metadata, Root, TargetFile, Targets

from kiosk.storage.durable import write_bytes_durably
from kiosk.updates.chunks import TransferManifest, chunk_pack
from kiosk.updates.repository import (
    CHANNELS_ROLE,
    PACKS_ROLE,
    Repository,
    RepositoryError,
    delegations,
    expiry,
    metadata_bytes,
)

# packs.json keeps this many newest versions per pack; older ones may be dropped from it (a kiosk
# never goes back to them anyway, and the list would grow with every publish).
KEEP_VERSIONS = 10
BUNDLE_PACKS, BUNDLE_MANIFEST = "packs.json", "manifest.json"


@dataclass(frozen=True)
class Bundle:
    path: Path
    transfer: TransferManifest
    packs_version: int


def sign_pack(
    pack_dir: Path,
    *,
    signer: Signer,
    out_dir: Path,
    current_packs: bytes | None = None,
    now: datetime | None = None,
) -> Bundle:
    """Chunk the pack, write its blobs and transfer manifest into `out_dir`, and a packs.json one
    version newer than `current_packs` listing the earlier manifests plus this one, signed with
    the publisher key. Refuses a pack version not higher than one already listed."""
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    previous: dict[str, TargetFile] = {}
    version = 1
    if current_packs is not None:
        try:
            current = Metadata[Targets].from_bytes(current_packs)
        except Exception as exc:
            raise RepositoryError(f"--current 不是有效的 packs.json: {exc} (bad current packs.json)") from exc
        previous = dict(current.signed.targets)
        version = current.signed.version + 1
    out_dir.mkdir(parents=True, exist_ok=True)
    transfer = chunk_pack(pack_dir, out_dir, now=moment)
    listed = [int(p.split("/")[2]) for p in previous if p.split("/")[1] == transfer.pack_id]
    if listed and transfer.version <= max(listed):
        raise RepositoryError(
            f"内容包 {transfer.pack_id} 的版本 {transfer.version} 不高于已发布的 {max(listed)}；"
            "请用更高的 --version 重新生成 (version must be higher than the published one)"
        )
    data = transfer.to_bytes()
    write_bytes_durably(out_dir / BUNDLE_MANIFEST, data)
    targets = dict(previous)
    targets[transfer.target_path] = TargetFile.from_data(transfer.target_path, data, ["sha256"])
    targets = _keep_newest(targets, KEEP_VERSIONS)
    packs = Metadata(Targets(version=version, expires=expiry(PACKS_ROLE, moment), targets=targets))
    packs.sign(signer)
    write_bytes_durably(out_dir / BUNDLE_PACKS, metadata_bytes(packs))
    return Bundle(out_dir, transfer, version)


def _keep_newest(targets: dict[str, TargetFile], keep: int) -> dict[str, TargetFile]:
    by_pack: dict[str, list[tuple[int, str]]] = {}
    for path in targets:
        parts = path.split("/")
        by_pack.setdefault(parts[1], []).append((int(parts[2]), path))
    kept = {path for versions in by_pack.values() for _, path in sorted(versions)[-keep:]}
    return {p: t for p, t in targets.items() if p in kept}


def rotate_root(
    repo: Repository,
    *,
    old_signers: Sequence[Signer],
    new_signers: Sequence[Signer],
    threshold: int = 1,
    online_key: Key | None = None,
    targets_key: Key | None = None,
    now: datetime | None = None,
) -> Metadata[Root]:
    """A new root version whose root keys are `new_signers`' (and optionally new targets/online
    keys), signed by the old root keys and the new ones: a kiosk walks from the root it trusts to
    this one and then trusts only the new keys."""
    current: Metadata[Root] = repo.load("root")
    root = current.signed
    for keyid in list(root.roles["root"].keyids):
        root.revoke_key(keyid, "root")
    for signer in new_signers:
        root.add_key(signer.public_key, "root")
    root.roles["root"].threshold = threshold
    if targets_key is not None:
        _replace_role_keys(root, "targets", targets_key)
    if online_key is not None:
        _replace_role_keys(root, "snapshot", online_key)
        _replace_role_keys(root, "timestamp", online_key)
    root.version += 1
    root.expires = expiry("root", now)
    new_md = Metadata(root)
    for signer in [*old_signers, *new_signers]:
        new_md.sign(signer, append=True)
    repo.write_metadata(new_md, role="root")
    return new_md


def _replace_role_keys(root: Root, role: str, key: Key) -> None:
    for keyid in list(root.roles[role].keyids):
        root.revoke_key(keyid, role)
    root.add_key(key, role)


def delegate_packs(
    repo: Repository,
    *,
    targets_signer: Signer,
    publisher_keys: Sequence[Key],
    online_key: Key | None = None,
    now: datetime | None = None,
) -> Metadata[Targets]:
    """A new targets.json delegating `packs` to `publisher_keys` only (revoking any other). A
    packs.json signed only by a dropped key is refused from then on; the publisher re-signs the
    current packs.json with a remaining key (`lawpost pack sign --current`)."""
    current: Metadata[Targets] = repo.load("targets")
    if online_key is None:
        assert current.signed.delegations is not None and current.signed.delegations.roles is not None
        channels = current.signed.delegations.roles[CHANNELS_ROLE]
        online_key = current.signed.delegations.keys[channels.keyids[0]]
    targets = current.signed
    targets.delegations = delegations(publisher_keys, online_key)
    targets.version += 1
    targets.expires = expiry("targets", now)
    md = Metadata(targets)
    md.sign(targets_signer)
    repo.write_metadata(md, role="targets")
    return md


def copy_bundle(bundle: Path, target: Path) -> None:
    shutil.copytree(bundle, target, dirs_exist_ok=True)


def describe(md: Metadata[Any]) -> str:
    return f"{md.signed.type} v{md.signed.version}, expires {md.signed.expires:%Y-%m-%d}"


def include_chain(repo: Repository, bundle_dir: Path) -> None:
    """Copy the repository's root versions and newest targets.json into bundle/metadata, so the
    bundle alone can be checked against a kiosk's pinned root (`lawpost pack verify BUNDLE`)."""
    target = bundle_dir / "metadata"
    target.mkdir(parents=True, exist_ok=True)
    for path in repo.metadata_dir.glob("*.root.json"):
        shutil.copyfile(path, target / path.name)
    version = repo.latest_version("targets")
    if version:
        shutil.copyfile(repo.metadata_dir / f"{version}.targets.json", target / f"{version}.targets.json")
