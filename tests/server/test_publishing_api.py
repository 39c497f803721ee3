"""Publishing over the API: a signed bundle is accepted from a publisher, refused with a sentence
when anything is off, and the repository served at /updates/ changes accordingly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from publishing_helpers import Keys, make_bundle, make_keys, make_pack, set_up_repository
from server_helpers import app_context

from kiosk.updates.keys import generate_key, load_signer
from kiosk.updates.repository import Repository
from kiosk.updates.signing import delegate_packs
from lawpost.publish import tar_bytes
from server.models import PublishedPack
from server.services import publishers

PUBLISH = "/api/v1/updates/publish"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return make_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """v20 (the default pack renumbered) and v21 (one guide changed)."""
    folder = tmp_path_factory.mktemp("packs")
    return {
        20: make_pack(folder / "v20", version=20),
        21: make_pack(folder / "v21", version=21, guide_note="（已按 2026 年修订更新）"),
    }


@pytest.fixture
def publisher(client: TestClient, keys: Keys) -> dict[str, str]:
    context = app_context(client)
    set_up_repository(context.settings, keys)
    with context.session_factory() as session:
        token, _ = publishers.create_token(session, name="ci", by="test", now=context.clock())
        session.commit()
    return {"Authorization": f"Bearer {token}"}


def _upload(client: TestClient, body: bytes, headers: dict[str, str], channel: str = "staging") -> object:
    return client.post(
        PUBLISH,
        params={"channel": channel},
        content=body,
        headers={**headers, "Content-Type": "application/x-tar"},
    )


def _repo(client: TestClient) -> Repository:
    return Repository(app_context(client).settings.updates_dir)


def test_a_signed_bundle_is_published_to_staging_and_served_statically(
    client: TestClient, publisher: dict[str, str], keys: Keys, packs: dict[int, Path], tmp_path: Path
) -> None:
    bundle = make_bundle(packs[20], tmp_path / "b20", keys=keys, current=None)
    answer = _upload(client, tar_bytes(bundle), publisher)
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    assert answer.json()["pack_id"] == "default" and answer.json()["version"] == 20  # type: ignore[attr-defined]
    repo = _repo(client)
    assert repo.channels("staging")["default"] == {"pack_id": "default", "version": 20}
    assert repo.channels("stable")["default"] is None
    with app_context(client).session_factory() as session:
        row = session.query(PublishedPack).one()
        assert (row.version, row.channel, row.uploaded_by) == (20, "staging", "token:ci")
    # What a kiosk or nginx reads: metadata briefly cacheable, blobs forever.
    timestamp = client.get("/updates/metadata/timestamp.json")
    assert timestamp.status_code == 200 and timestamp.headers["cache-control"] == "public, max-age=60"
    assert json.loads(timestamp.content)["signed"]["_type"] == "timestamp"
    blob = next((repo.path / "blobs").glob("*/*"))
    served = client.get(f"/updates/blobs/{blob.parent.name}/{blob.name}")
    assert served.content == blob.read_bytes()
    assert "immutable" in served.headers["cache-control"]
    assert client.post(f"/updates/blobs/{blob.parent.name}/{blob.name}").status_code == 405
    assert client.get("/updates/metadata/../../server.db").status_code == 404
    (repo.metadata_dir / ".9.snapshot.json.123.tmp").write_bytes(b"half written")
    assert client.get("/updates/metadata/.9.snapshot.json.123.tmp").status_code == 404
    assert client.get("/updates/metadata/").status_code == 404  # no listings


def test_a_one_guide_change_uploads_only_the_chunks_the_server_lacks(
    client: TestClient, publisher: dict[str, str], keys: Keys, packs: dict[int, Path], tmp_path: Path
) -> None:
    first = make_bundle(packs[20], tmp_path / "b20", keys=keys, current=None)
    assert _upload(client, tar_bytes(first), publisher).status_code == 200  # type: ignore[attr-defined]
    second = make_bundle(packs[21], tmp_path / "b21", keys=keys, current=_repo(client).packs_json())
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    chunks = [{"sha256": c["sha256"], "bytes": c["bytes"]} for f in manifest["files"] for c in f["chunks"]]
    missing = client.post("/api/v1/updates/missing-blobs", json={"blobs": chunks}, headers=publisher).json()[
        "missing"
    ]
    assert 0 < len(missing) <= 3, missing
    total = sum(c["bytes"] for c in chunks)
    moved = sum(c["bytes"] for c in chunks if c["sha256"] in missing)
    assert moved <= total * 0.01
    answer = _upload(client, tar_bytes(second, blobs=set(missing)), publisher)
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    assert _repo(client).channels("staging")["default"] == {"pack_id": "default", "version": 21}


def test_bundles_that_must_not_be_published_are_refused_with_a_reason(
    client: TestClient, publisher: dict[str, str], keys: Keys, packs: dict[int, Path], tmp_path: Path
) -> None:
    stranger = tmp_path / "stranger.key"
    generate_key(stranger)
    forged = make_bundle(
        packs[20], tmp_path / "forged", keys=keys, current=None, signer=load_signer(stranger)
    )
    answer = _upload(client, tar_bytes(forged), publisher)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "publisher key" in answer.json()["detail"]  # type: ignore[attr-defined]
    good = make_bundle(packs[20], tmp_path / "good", keys=keys, current=None)
    assert _upload(client, tar_bytes(good), publisher).status_code == 200  # type: ignore[attr-defined]
    # Signed against an old packs.json (version not current + 1): a stale or replayed bundle.
    stale = make_bundle(packs[21], tmp_path / "stale", keys=keys, current=None)
    answer = _upload(client, tar_bytes(stale), publisher)
    assert answer.status_code == 422 and "current + 1" in answer.json()["detail"]  # type: ignore[attr-defined]
    again = _upload(client, tar_bytes(good), publisher)
    assert again.status_code == 409  # type: ignore[attr-defined]
    for junk in (b"", b"not a tar at all", b"\x1f\x8b" + b"\x00" * 100):
        answer = _upload(client, junk, publisher)
        assert answer.status_code == 422 and "bundle" in answer.json()["detail"]  # type: ignore[attr-defined]
    assert _upload(client, tar_bytes(good), {}).status_code == 401  # type: ignore[attr-defined]
    assert _upload(client, tar_bytes(good), {"Authorization": "Bearer lpp_wrong"}).status_code == 401  # type: ignore[attr-defined]
    assert _repo(client).channels("staging")["default"] == {"pack_id": "default", "version": 20}


def test_a_server_without_a_repository_says_how_to_set_one_up(
    client: TestClient, keys: Keys, packs: dict[int, Path], tmp_path: Path
) -> None:
    context = app_context(client)
    with context.session_factory() as session:
        token, _ = publishers.create_token(session, name="ci", by="test", now=context.clock())
        session.commit()
    bundle = make_bundle(packs[20], tmp_path / "b", keys=keys, current=None)
    answer = _upload(client, tar_bytes(bundle), {"Authorization": f"Bearer {token}"})
    assert answer.status_code == 503 and "repo-init" in answer.json()["detail"]  # type: ignore[attr-defined]


def test_after_a_publisher_key_is_revoked_its_bundles_are_refused(
    client: TestClient, publisher: dict[str, str], keys: Keys, packs: dict[int, Path], tmp_path: Path
) -> None:
    context = app_context(client)
    assert _upload(
        client, tar_bytes(make_bundle(packs[20], tmp_path / "b20", keys=keys, current=None)), publisher
    )
    # Offline: a new targets.json delegates `packs` to a new publisher key only; it is copied to
    # the server, which re-signs snapshot/timestamp with its online key.
    generate_key(tmp_path / "new-publisher.key")
    successor = load_signer(tmp_path / "new-publisher.key")
    repo = _repo(client)
    delegate_packs(repo, targets_signer=keys.targets, publisher_keys=[successor.public_key])
    repo.refresh(load_signer(context.settings.resolved_online_key_path), force=True)
    current = repo.packs_json()
    revoked = make_bundle(packs[21], tmp_path / "revoked", keys=keys, current=current)
    answer = _upload(client, tar_bytes(revoked), publisher)
    assert answer.status_code == 422 and "was the key revoked?" in answer.json()["detail"]  # type: ignore[attr-defined]
    accepted = make_bundle(packs[21], tmp_path / "successor", keys=keys, current=current, signer=successor)
    assert _upload(client, tar_bytes(accepted), publisher).status_code == 200  # type: ignore[attr-defined]
    assert repo.channels("staging")["default"] == {"pack_id": "default", "version": 21}
