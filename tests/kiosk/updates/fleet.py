"""Test helpers: pack versions made from the fixture pack, a repository with its keys, and a
plain HTTP server (with byte ranges, as nginx and the central server's static files have)."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from securesystemslib.signer import CryptoSigner

from kiosk.updates.repository import ChannelPointer, Repository, init_repository
from kiosk.updates.signing import sign_pack


def write_pack_json(path: Path, data: Any) -> None:
    """As kiosk.content.pack writes them (compact, one line), so an edit changes few bytes."""
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def rewrite_manifest(pack: Path, version: int) -> None:
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = version
    for item in manifest["files"]:
        data = (pack / item["path"]).read_bytes()
        item["sha256"] = hashlib.sha256(data).hexdigest()
        item["bytes"] = len(data)
    (pack / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def make_version(
    source: Path, out: Path, version: int, *, edit: Callable[[dict[str, Any]], None] | None = None
) -> Path:
    """A copy of `source` as `version`, with `edit` applied to its content.json."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source, out)
    if edit is not None:
        content = json.loads((out / "content.json").read_text(encoding="utf-8"))
        edit(content)
        write_pack_json(out / "content.json", content)
    rewrite_manifest(out, version)
    return out


def change_one_guide(content: dict[str, Any]) -> None:
    content["guides"][0]["summary"] += "（已更新）"


def break_home(content: dict[str, Any]) -> None:
    """Valid JSON and checksums, but a home screen with nothing on it: fails the health check."""
    content["topics"] = []


@dataclass
class Fleet:
    """A repository with its four keys."""

    repo: Repository
    root: CryptoSigner
    targets: CryptoSigner
    publisher: CryptoSigner
    online: CryptoSigner
    work: Path

    def publish(
        self, pack: Path, *, channel: str = "stable", signer: CryptoSigner | None = None,
        now: datetime | None = None,
    ) -> None:  # fmt: skip
        bundle = self.work / f"bundle-{pack.name}"
        shutil.rmtree(bundle, ignore_errors=True)
        made = sign_pack(pack, signer=signer or self.publisher, out_dir=bundle,
                         current_packs=self.repo.packs_json(), now=now)  # fmt: skip
        self.repo.add_packs(bundle, self.online, now=now)
        self.point(channel, made.transfer.pack_id, made.transfer.version, now=now)

    def point(self, channel: str, pack_id: str, version: int, *, now: datetime | None = None) -> None:
        self.repo.set_channel(channel, ChannelPointer(pack_id, version), self.online, now=now)


def new_fleet(work: Path, *, now: datetime | None = None) -> Fleet:
    root, targets, publisher, online = (CryptoSigner.generate_ed25519() for _ in range(4))
    repo = init_repository(
        work / "repo", root_signers=[root], targets_signer=targets,
        publisher_keys=[publisher.public_key], online=online, now=now,
    )  # fmt: skip
    return Fleet(repo, root, targets, publisher, online, work)


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus `Range: bytes=N-` (answered 206), quiet."""

    def send_head(self):  # type: ignore[no-untyped-def]
        spec = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not spec.startswith("bytes=") or not path.is_file():
            return super().send_head()
        start = int(spec[len("bytes=") :].split("-")[0])
        size = path.stat().st_size
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.send_header("Content-Length", str(size - start))
        self.end_headers()
        return handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on loopback; yields the base URL."""

    def handler(*args: Any, **kwargs: Any) -> RangeHandler:
        return RangeHandler(*args, directory=str(folder), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def transfer_of(fleet: Fleet, pack_id: str, version: int) -> Any:
    from kiosk.updates.chunks import parse_transfer_manifest, target_path

    target = target_path(pack_id, version)
    info = fleet.repo.load("packs").signed.targets[target]
    path = (
        fleet.repo.targets_dir / "packs" / pack_id / str(version) / f"{info.hashes['sha256']}.manifest.json"
    )
    return parse_transfer_manifest(path.read_bytes())


def new_blobs(fleet: Fleet, pack_id: str, old: int, new: int) -> list[Path]:
    """Blob files the `new` version has and the `old` one lacks (what a kiosk on `old` fetches)."""
    from kiosk.updates.chunks import blob_path

    have = set(transfer_of(fleet, pack_id, old).chunk_set())
    return [
        fleet.repo.path / blob_path(s) for s in transfer_of(fleet, pack_id, new).chunk_set() if s not in have
    ]


def force_bundle(fleet: Fleet, bundle: Path) -> None:
    """What an attacker holding the server (online key) but not the publisher key can do: put a
    bundle's packs.json into the repository without the publisher check, re-sign the rest."""
    from kiosk.updates.chunks import blob_path, parse_transfer_manifest

    manifest = (bundle / "manifest.json").read_bytes()
    transfer = parse_transfer_manifest(manifest)
    for sha in transfer.chunk_set():
        target = fleet.repo.path / blob_path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle / blob_path(sha), target)
    fleet.repo.write_target(transfer.target_path, manifest)
    packs = (bundle / "packs.json").read_bytes()
    version = json.loads(packs)["signed"]["version"]
    (fleet.repo.metadata_dir / f"{version}.packs.json").write_bytes(packs)
    fleet.repo.refresh(fleet.online, force=True)
