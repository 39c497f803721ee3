"""The technician's commands: keys, repository, signing, verify (signature chain + hashes),
pinning the root, USB import (with the documented rule for stale timestamps)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import CONFIG_ENV, DATA_ENV
from kiosk.content.installer import active_pack
from kiosk.updates.keys import load_signer
from kiosk.updates.repository import ChannelPointer, Repository
from lawpost.cli import main
from tests.kiosk.updates.fleet import make_version, write_pack_json


@pytest.fixture
def kiosk_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "kiosk"))
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    monkeypatch.delenv("LAWPOST_KEY_PASSPHRASE", raising=False)
    return tmp_path / "kiosk"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_keygen_writes_a_private_key_only_its_owner_can_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kiosk_dir: Path
) -> None:
    assert _run(capsys, "pack", "keygen", "--out", str(tmp_path / "plain.key"))[0] == 0
    assert (tmp_path / "plain.key").stat().st_mode & 0o777 == 0o600
    assert json.loads((tmp_path / "plain.key.pub").read_text())["keytype"] == "ed25519"
    code, text = _run(capsys, "pack", "keygen", "--out", str(tmp_path / "plain.key"))
    assert code == 2 and "不会覆盖" in text
    monkeypatch.setenv("LAWPOST_KEY_PASSPHRASE", "correct horse")
    assert _run(capsys, "pack", "keygen", "--out", str(tmp_path / "locked.key"), "--encrypt")[0] == 0
    assert b"ENCRYPTED" in (tmp_path / "locked.key").read_bytes()
    assert load_signer(tmp_path / "locked.key").public_key.keytype == "ed25519"
    monkeypatch.setenv("LAWPOST_KEY_PASSPHRASE", "wrong")
    code, text = _run(capsys, "pack", "sign", str(tmp_path), "--key", str(tmp_path / "locked.key"),
                      "--out", str(tmp_path / "b"))  # fmt: skip
    assert code == 2 and "口令错误" in text


def test_sign_verify_trust_and_usb_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kiosk_dir: Path, versions: dict[int, Path]
) -> None:
    keys, repo_dir = tmp_path / "keys", tmp_path / "repo"
    then = datetime.now(UTC) - timedelta(days=3)
    code, text = _run(capsys, "pack", "repo-init", "--repo", str(repo_dir), "--keys", str(keys))
    assert code == 0, text
    assert "offline" in text and (keys / "online.key").stat().st_mode & 0o777 == 0o600
    repo = Repository(repo_dir)
    online = load_signer(keys / "online.key")
    for version in (1, 2):  # the publisher signs offline; the server accepts and points stable
        bundle = tmp_path / f"bundle{version}"
        publisher = str(keys / "publisher.key")
        code, text = _run(capsys, "pack", "sign", str(versions[version]), "--key", publisher,
                          "--current", str(repo_dir), "--out", str(bundle))  # fmt: skip
        assert code == 0, text
        repo.add_packs(bundle, online, now=then)
        repo.set_channel("stable", ChannelPointer("default", version), online, now=then)
    root = str(repo_dir / "metadata" / "1.root.json")

    # verify: a bundle and a repository from the pinned root; without a pin, only hashes.
    assert _run(capsys, "pack", "verify", str(tmp_path / "bundle2"), "--root", root)[0] == 0
    code, text = _run(capsys, "pack", "verify", str(repo_dir), "--root", root)
    assert code == 0 and "default v2" in text
    code, text = _run(capsys, "pack", "verify", str(versions[2]))
    assert code == 0 and "signature not checked" in text
    assert _run(capsys, "pack", "trust", root)[0] == 0
    code, text = _run(capsys, "pack", "verify", str(versions[2]), "--signed", str(repo_dir))
    assert code == 0 and "signed by a trusted publisher" in text

    # Files AND checksums changed together: the hashes agree, the signature does not.
    forged = make_version(versions[2], tmp_path / "forged", 2)
    content = json.loads((forged / "content.json").read_text(encoding="utf-8"))
    content["guides"][0]["summary"] = "无需任何材料，直接打电话即可"
    write_pack_json(forged / "content.json", content)
    make_version(forged, tmp_path / "forged2", 2)
    code, text = _run(capsys, "pack", "verify", str(tmp_path / "forged2"), "--signed", str(repo_dir))
    assert code == 2
    assert "与发布者签署的不一致" in text and "changed together after signing" in text

    # USB: the copy's timestamp expired two days ago (the copy is three days old); the offline
    # signatures (root, targets, packs) still hold, so a never-online kiosk takes it.
    drive = tmp_path / "usb"
    shutil.copytree(repo_dir, drive)
    code, text = _run(capsys, "pack", "import-usb", str(drive))
    assert code == 0, text
    active = active_pack(kiosk_dir)
    assert active is not None and active.version == 2
    # A bundle signed with a key the root never delegated to is refused; v2 stays.
    intruder = tmp_path / "intruder.key"
    assert _run(capsys, "pack", "keygen", "--out", str(intruder))[0] == 0
    bad = make_version(versions[2], tmp_path / "v9", 9)
    assert _run(capsys, "pack", "sign", str(bad), "--key", str(intruder), "--current", str(repo_dir),
                "--out", str(tmp_path / "evil"))[0] == 0  # fmt: skip
    code, text = _run(capsys, "pack", "import-usb", str(tmp_path / "evil"))
    assert code == 2 and "签署" in text
    assert active_pack(kiosk_dir).version == 2  # type: ignore[union-attr]
    # An older copy of the repository (packs.json v1) after this one: refused as a rollback.
    old = tmp_path / "old-usb"
    shutil.copytree(drive, old)
    (old / "metadata" / "2.packs.json").unlink()
    code, text = _run(capsys, "pack", "import-usb", str(old))
    assert code == 2 and "回退" in text
    status = json.loads(_run(capsys, "pack", "update-status")[1])
    assert status["active_version"] == 2 and status["last_result"] == "refused"
    assert os.environ[DATA_ENV] == str(kiosk_dir)


def test_rotate_root_and_revoke_a_publisher_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kiosk_dir: Path, versions: dict[int, Path]
) -> None:
    keys, repo_dir = tmp_path / "keys", tmp_path / "repo"
    assert _run(capsys, "pack", "repo-init", "--repo", str(repo_dir), "--keys", str(keys))[0] == 0
    first_root = str(repo_dir / "metadata" / "1.root.json")
    for name in ("root2", "publisher2"):
        assert _run(capsys, "pack", "keygen", "--out", str(keys / f"{name}.key"))[0] == 0
    code, text = _run(capsys, "pack", "rotate-root", "--repo", str(repo_dir),
                      "--old-key", str(keys / "root.key"), "--new-key", str(keys / "root2.key"))  # fmt: skip
    assert code == 0 and "root v2" in text
    code, text = _run(capsys, "pack", "delegate", "--repo", str(repo_dir),
                      "--targets-key", str(keys / "targets.key"),
                      "--publisher", str(keys / "publisher2.key.pub"),
                      "--online-key", str(keys / "online.key"))  # fmt: skip
    assert code == 0, text
    # The old publisher's bundle no longer verifies from the first root (chain followed to v2)...
    old = tmp_path / "old-bundle"
    assert _run(capsys, "pack", "sign", str(versions[1]), "--key", str(keys / "publisher.key"),
                "--current", str(repo_dir), "--out", str(old))[0] == 0  # fmt: skip
    code, text = _run(capsys, "pack", "verify", str(old), "--root", first_root)
    assert code == 2 and "吊销" in text
    # ...the new one's does, and a fresh kiosk pinned to root v1 installs it from the bundle alone.
    new = tmp_path / "new-bundle"
    assert _run(capsys, "pack", "sign", str(versions[1]), "--key", str(keys / "publisher2.key"),
                "--current", str(repo_dir), "--out", str(new))[0] == 0  # fmt: skip
    assert _run(capsys, "pack", "verify", str(new), "--root", first_root)[0] == 0
    assert _run(capsys, "pack", "trust", first_root)[0] == 0
    code, text = _run(capsys, "pack", "import-usb", str(new))
    assert code == 0, text
    assert b'"version": 2' in (kiosk_dir / "trust" / "root.json").read_bytes()  # adopted the rotation


def test_export_a_server_onto_a_drive_and_import_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kiosk_dir: Path, versions: dict[int, Path]
) -> None:
    from tests.kiosk.updates.fleet import new_fleet, serve, transfer_of

    fleet = new_fleet(tmp_path / "server")
    fleet.publish(versions[1])
    fleet.publish(versions[2])
    drive = tmp_path / "drive"
    with serve(fleet.repo.path) as url:
        code, text = _run(capsys, "pack", "export-usb", url, "--out", str(drive))
    assert code == 0 and "default v2" in text, text
    copied = {b.name for b in (drive / "blobs").rglob("*") if b.is_file()}
    assert copied == set(transfer_of(fleet, "default", 2).chunk_set())  # the newest version's blobs only
    assert _run(capsys, "pack", "trust", str(fleet.repo.metadata_dir / "1.root.json"))[0] == 0
    code, text = _run(capsys, "pack", "import-usb", str(drive))
    assert code == 0, text
    assert active_pack(kiosk_dir).version == 2  # type: ignore[union-attr]
