"""Copy what a never-online kiosk needs from an update server onto a drive: the root chain, the
current metadata, the newest transfer manifest of each pack and its blobs. Nothing is trusted
here; the kiosk verifies the copy at import (`lawpost pack import-usb`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.storage.durable import mkdir_durable, write_bytes_durably
from kiosk.updates.chunks import blob_path, parse_transfer_manifest
from kiosk.updates.transport import HttpFetcher

# A metadata file or manifest larger than this is not ours (the endless-data rule applies here too).
MAX_METADATA = 64 * 1024 * 1024


def export_repository(base_url: str, out: Path, *, fetcher: HttpFetcher | None = None) -> dict[str, int]:
    """Mirror the current state of `base_url` into `out`; returns pack id → version copied."""
    base = base_url.rstrip("/") + "/"
    fetch = fetcher or HttpFetcher()

    def get(path: str, limit: int = MAX_METADATA) -> bytes:
        data = fetch.download_bytes(base + path, limit)
        target = out / path
        mkdir_durable(target.parent)
        if not target.is_file() or target.read_bytes() != data:
            write_bytes_durably(target, data)
        return data

    root = _signed(get("metadata/root.json"))
    for version in range(1, int(root["version"]) + 1):
        get(f"metadata/{version}.root.json")
    timestamp = _signed(get("metadata/timestamp.json"))
    snapshot = _signed(get(f"metadata/{timestamp['meta']['snapshot.json']['version']}.snapshot.json"))
    for name, meta in snapshot["meta"].items():
        get(f"metadata/{meta['version']}.{name}")
    packs_meta = snapshot["meta"].get("packs.json")
    if packs_meta is None:
        return {}
    packs = _signed((out / "metadata" / f"{packs_meta['version']}.packs.json").read_bytes())
    newest: dict[str, tuple[int, str, Any]] = {}
    for target, info in packs["targets"].items():
        _, pack_id, version, _ = target.split("/")
        if pack_id not in newest or int(version) > newest[pack_id][0]:
            newest[pack_id] = (int(version), target, info)
    for _version, target, info in newest.values():
        folder, _, name = target.rpartition("/")
        manifest = get(f"targets/{folder}/{info['hashes']['sha256']}.{name}", int(info["length"]))
        for sha, length in parse_transfer_manifest(manifest).chunk_set().items():
            if not (out / blob_path(sha)).is_file():
                get(blob_path(sha), length)
    return {pack_id: item[0] for pack_id, item in newest.items()}


def _signed(data: bytes) -> dict[str, Any]:
    signed: dict[str, Any] = json.loads(data)["signed"]
    return signed
