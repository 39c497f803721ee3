"""Every attack of the issue's Proof list against the kiosk's updater, over a real HTTP server:
each is refused with a sentence, and the active pack stays the one it was, intact."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from securesystemslib.signer import CryptoSigner

from kiosk.search.segment import Segmenter
from kiosk.updates.repository import RepositoryError
from kiosk.updates.signing import delegate_packs, rotate_root, sign_pack
from kiosk.updates.status import read_status
from kiosk.updates.trust import trusted_root
from tests.kiosk.updates.fleet import (
    Fleet,
    force_bundle,
    make_version,
    new_blobs,
    new_fleet,
    serve,
    transfer_of,
)
from tests.kiosk.updates.kiosk import active_ok, new_kiosk, updater


@pytest.fixture
def fleet(tmp_path: Path, versions: dict[int, Path]) -> Fleet:
    made = new_fleet(tmp_path / "server")
    made.publish(versions[1])
    return made


@pytest.fixture
def data_dir(tmp_path: Path, fleet: Fleet, versions: dict[int, Path], segmenter: Segmenter) -> Path:
    return new_kiosk(tmp_path / "kiosk", fleet, installed=versions[1], segmenter=segmenter)


def _check(data_dir: Path, fleet: Fleet, segmenter: Segmenter, versions: dict[int, Path]) -> str:
    with serve(fleet.repo.path) as url:
        status = updater(data_dir, url, segmenter, factory=versions[1]).check()
    return f"{status.last_result}: {status.last_error}"


def _refused(data_dir: Path, outcome: str, *, active: int = 1) -> None:
    assert outcome.startswith("refused"), outcome
    pack = active_ok(data_dir)
    assert pack.version == active
    assert read_status(data_dir).last_result == "refused"


def test_adopts_a_signed_new_version_moving_only_changed_chunks(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet.publish(versions[2])
    with serve(fleet.repo.path) as url:
        up = updater(data_dir, url, segmenter, factory=versions[1])
        status = up.check()
    assert status.last_result == "installed", status.last_error
    assert active_ok(data_dir).version == 2
    assert up.last_fetch is not None
    total = transfer_of(fleet, "default", 2).total_bytes()
    assert 0 < up.last_fetch.bytes_fetched < 0.05 * total  # one guide changed: a few chunks
    assert status.active_version == 2 and status.failures == 0 and status.alert is None
    with serve(fleet.repo.path) as url:  # nothing new: nothing fetched, still v2
        assert updater(data_dir, url, segmenter, factory=versions[1]).check().last_result == "up_to_date"


def test_tampered_blob_is_refused(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet.publish(versions[2])
    for blob in new_blobs(fleet, "default", 1, 2):
        data = bytearray(blob.read_bytes())
        data[len(data) // 2] ^= 0x01
        blob.write_bytes(bytes(data))
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome)
    assert "篡改" in outcome


def test_consistent_tamper_of_files_and_manifest_without_the_key_is_refused(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter, tmp_path: Path
) -> None:
    """The attacker rewrites a guide, recomputes every checksum and the transfer manifest, and
    swaps them in under the published name; he cannot re-sign packs.json."""
    fleet.publish(versions[2])
    evil = make_version(versions[2], tmp_path / "evil", 2,
                        edit=lambda c: c["guides"][0].update(summary="先交押金五千元"))  # fmt: skip
    bundle = sign_pack(evil, signer=CryptoSigner.generate_ed25519(), out_dir=tmp_path / "evil-bundle")
    shutil.copytree(bundle.path / "blobs", fleet.repo.blobs_dir, dirs_exist_ok=True)
    [published] = list((fleet.repo.targets_dir / "packs" / "default" / "2").iterdir())
    published.write_bytes((bundle.path / "manifest.json").read_bytes())
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome)
    assert "不符" in outcome


def test_packs_signed_with_a_wrong_key_are_refused(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter, tmp_path: Path
) -> None:
    intruder = CryptoSigner.generate_ed25519()
    bundle = sign_pack(
        versions[2], signer=intruder, out_dir=tmp_path / "b", current_packs=fleet.repo.packs_json()
    )
    with pytest.raises(RepositoryError, match="publisher"):  # the server refuses it...
        fleet.repo.add_packs(bundle.path, fleet.online)
    force_bundle(fleet, bundle.path)  # ...and a kiosk refuses it from a compromised server
    fleet.point("stable", "default", 2)
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome)
    assert "签名无效" in outcome


def test_rollback_to_an_older_version_is_refused(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet.publish(versions[2])
    assert _check(data_dir, fleet, segmenter, versions).startswith("installed")
    old_timestamp = (fleet.repo.metadata_dir / "timestamp.json").read_bytes()
    fleet.point("stable", "default", 1)  # the online key can point back; the kiosk does not go
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome, active=2)
    assert "回退" in outcome
    # Replaying older metadata (a timestamp the kiosk has already seen superseded) is refused too.
    fleet.point("stable", "default", 2)
    (fleet.repo.metadata_dir / "timestamp.json").write_bytes(old_timestamp)
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome, active=2)


def test_frozen_metadata_past_expiry_is_refused(
    tmp_path: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    """A server (or a man in the middle) that keeps serving yesterday's signed metadata."""
    then = datetime.now(UTC) - timedelta(days=2)
    fleet = new_fleet(tmp_path / "server", now=then)
    fleet.publish(versions[1], now=then)
    fleet.publish(versions[2], now=then)
    data_dir = new_kiosk(tmp_path / "kiosk", fleet, installed=versions[1], segmenter=segmenter)
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome)
    assert "过期" in outcome


def test_mix_and_match_of_two_versions_metadata_is_refused(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet.publish(versions[2])
    # The packs.json of the first publish served under the second's name: the snapshot binds both.
    meta = fleet.repo.metadata_dir
    (meta / "2.packs.json").write_bytes((meta / "1.packs.json").read_bytes())
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome)
    assert "混用" in outcome or "不符" in outcome


def test_endless_data_is_cut_at_the_declared_length(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet.publish(versions[2])
    blob = new_blobs(fleet, "default", 1, 2)[0]
    declared = blob.stat().st_size
    blob.write_bytes(blob.read_bytes() + b"\0" * (32 * 1024 * 1024))
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome)
    assert "超过" in outcome
    kept = [p for p in (data_dir / "updates" / "chunks").rglob("*") if p.is_file()]
    assert all(p.stat().st_size <= declared or p.name.endswith(".json") for p in kept)
    assert not list((data_dir / "updates" / "chunks").rglob(f"{blob.name}*"))


def test_a_revoked_publisher_key_is_refused_and_the_new_one_accepted(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter, tmp_path: Path
) -> None:
    successor = CryptoSigner.generate_ed25519()
    delegate_packs(fleet.repo, targets_signer=fleet.targets, publisher_keys=[successor.public_key])
    fleet.repo.refresh(fleet.online, force=True)
    stolen = sign_pack(versions[2], signer=fleet.publisher, out_dir=tmp_path / "stolen",
                       current_packs=fleet.repo.packs_json())  # fmt: skip
    with pytest.raises(RepositoryError, match="revoked"):
        fleet.repo.add_packs(stolen.path, fleet.online)
    force_bundle(fleet, stolen.path)
    fleet.point("stable", "default", 2)
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome)
    assert "签名无效" in outcome
    # The publisher with the new key re-signs: the kiosk adopts. (The stolen packs.json is
    # replaced by version + 1, as after any revocation.)
    good = sign_pack(versions[2], signer=successor, out_dir=tmp_path / "good",
                     current_packs=(fleet.repo.metadata_dir / "1.packs.json").read_bytes())  # fmt: skip
    (fleet.repo.metadata_dir / "2.packs.json").unlink()
    fleet.repo.add_packs(good.path, fleet.online)
    outcome = _check(data_dir, fleet, segmenter, versions)
    assert outcome.startswith("installed"), outcome
    assert active_ok(data_dir).version == 2


def test_the_kiosk_follows_a_root_key_rotation(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    new_root, new_targets = CryptoSigner.generate_ed25519(), CryptoSigner.generate_ed25519()
    rotate_root(
        fleet.repo, old_signers=[fleet.root], new_signers=[new_root], targets_key=new_targets.public_key
    )
    delegate_packs(fleet.repo, targets_signer=new_targets, publisher_keys=[fleet.publisher.public_key])
    fleet.publish(versions[2])
    outcome = _check(data_dir, fleet, segmenter, versions)
    assert outcome.startswith("installed"), outcome
    pinned = trusted_root(data_dir)
    assert pinned is not None and b'"version": 2' in pinned
    # From now on a targets.json signed with the old targets key is refused.
    delegate_packs(fleet.repo, targets_signer=fleet.targets, publisher_keys=[fleet.publisher.public_key])
    fleet.repo.refresh(fleet.online, force=True)
    outcome = _check(data_dir, fleet, segmenter, versions)
    _refused(data_dir, outcome, active=2)


def test_a_damaged_active_pack_file_is_refetched_not_trusted(
    fleet: Fleet, data_dir: Path, versions: dict[int, Path], segmenter: Segmenter, tmp_path: Path
) -> None:
    fleet.publish(versions[2])
    assert _check(data_dir, fleet, segmenter, versions).startswith("installed")
    active = active_ok(data_dir)
    laws = active.path / "laws.json"
    data = bytearray(laws.read_bytes())
    data[1000] ^= 0x01  # a flipped bit in the active pack, which the next delta would reuse
    laws.write_bytes(bytes(data))
    v4 = make_version(versions[2], tmp_path / "v4", 4, edit=lambda c: c["guides"][1].update(summary="新"))
    fleet.publish(v4)
    dropped: list[int] = []
    with serve(fleet.repo.path) as url:
        up = updater(data_dir, url, segmenter, factory=versions[1])
        original = up.store.drop_damaged

        def counting(local: dict[str, tuple[Path, int, int]], transfer: Any) -> None:
            before = len(local)
            original(local, transfer)
            dropped.append(before - len(local))

        up.store.drop_damaged = counting  # type: ignore[method-assign]
        status = up.check()
    assert status.last_result == "installed", status.last_error
    assert active_ok(data_dir).version == 4
    assert len(dropped) == 1  # the damaged chunk was noticed and fetched again (once)
