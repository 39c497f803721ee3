"""Builders for the publishing tests: keys, a repository the server trusts, packs and bundles."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from securesystemslib.signer import Signer

from kiosk.content.pack import DEFAULT_PACK_DIR, MANIFEST, sha256_of
from kiosk.updates.keys import generate_key, load_signer
from kiosk.updates.repository import init_repository
from kiosk.updates.signing import sign_pack
from server.settings import ServerSettings


@dataclass(frozen=True)
class Keys:
    folder: Path
    root: Signer
    targets: Signer
    publisher: Signer

    @property
    def publisher_path(self) -> Path:
        return self.folder / "publisher.key"


def make_keys(folder: Path) -> Keys:
    """Offline keys of a county (root, targets, one publisher), as `lawpost pack keygen` makes them."""
    signers = {}
    for name in ("root", "targets", "publisher"):
        generate_key(folder / f"{name}.key")
        signers[name] = load_signer(folder / f"{name}.key")
    return Keys(folder, signers["root"], signers["targets"], signers["publisher"])


def set_up_repository(settings: ServerSettings, keys: Keys) -> None:
    """The server's online key in its default place and a repository that trusts it."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    generate_key(settings.resolved_online_key_path)
    online = load_signer(settings.resolved_online_key_path)
    shutil.rmtree(settings.updates_dir, ignore_errors=True)
    init_repository(
        settings.updates_dir,
        root_signers=[keys.root],
        targets_signer=keys.targets,
        publisher_keys=[keys.publisher.public_key],
        online=online,
    )


def make_pack(out: Path, *, version: int, guide_note: str = "", source: Path = DEFAULT_PACK_DIR) -> Path:
    """The default pack renumbered; `guide_note` changes one guide's text (a one-guide update)."""
    shutil.copytree(source, out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["version"] = version
    if guide_note:
        # Edit the text in place: the rest of the file keeps its bytes, as an editor's change would.
        content = out / "content.json"
        text = content.read_text(encoding="utf-8")
        at = text.index('"summary"', text.index('"guides"'))
        at = text.index('"', text.index(":", at)) + 1
        content.write_text(text[:at] + guide_note + text[at:], encoding="utf-8")
    for entry in manifest["files"]:
        path = out / entry["path"]
        entry["sha256"], entry["bytes"] = sha256_of(path), path.stat().st_size
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return out


def make_bundle(
    pack: Path, out: Path, *, keys: Keys, current: bytes | None, signer: Signer | None = None
) -> Path:
    sign_pack(pack, signer=signer or keys.publisher, out_dir=out, current_packs=current)
    return out
