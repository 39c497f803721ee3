"""The device token at rest: sealed with a key outside the data folder, useless in a copy."""

from __future__ import annotations

import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils
from sync_helpers import FAST, enroll_with
from sync_server import LiveServer

from kiosk.security.token_vault import (
    HOST_KEY_ENV,
    HostKeyVault,
    SystemdCredsVault,
    TokenUnreadableError,
    is_sealed,
)
from kiosk.storage.database import DATABASE_FILE, open_database
from kiosk.storage.transactions import write_transaction
from kiosk.sync import outbox
from kiosk.sync.enrollment import load_enrollment
from kiosk.sync.worker import SyncWorker


def _file_bytes(data_dir: Path) -> bytes:
    """Everything SQLite keeps on disk for the kiosk database (main file, WAL, shared memory)."""
    return b"".join(
        p.read_bytes() for p in data_dir.iterdir() if p.name.startswith(DATABASE_FILE)
    )


def _stored_token(db: sqlite_utils.Database) -> str:
    return str(db.execute("select device_token from sync_enrollment").fetchone()[0])


def test_the_token_is_not_in_the_database_file_in_clear(
    kiosk_db: sqlite_utils.Database, live_server: LiveServer, tmp_path: Path
) -> None:
    enroll_with(kiosk_db, live_server)
    enrollment = load_enrollment(kiosk_db)
    assert enrollment is not None
    secret = enrollment.device_token.reveal().split(".", 1)[1].encode()
    assert is_sealed(_stored_token(kiosk_db))
    assert secret not in _file_bytes(tmp_path / "kiosk")


def test_a_copied_data_folder_cannot_use_the_token_and_says_re_enroll(
    kiosk_db: sqlite_utils.Database,
    live_server: LiveServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    device_id = enroll_with(kiosk_db, live_server)
    with write_transaction(kiosk_db):
        outbox.enqueue(kiosk_db, kind="test", payload={"n": 1}, personal=False)
    kiosk_db.execute("pragma wal_checkpoint(truncate)")
    copy = tmp_path / "copied"
    shutil.copytree(tmp_path / "kiosk", copy)

    # Another machine: its own host key, not the one that sealed the token.
    monkeypatch.setenv(HOST_KEY_ENV, str(tmp_path / "other-machine" / "host.key"))
    stolen = open_database(copy)
    try:
        with pytest.raises(TokenUnreadableError, match="重新注册"):
            load_enrollment(stolen)
        worker = SyncWorker(database_path=copy / DATABASE_FILE, settings=FAST, rng=random.Random(1))
        _delay, failing = worker.cycle(stolen)
        status = worker.status()
        assert failing
        assert status.last_error is not None and "重新注册" in status.last_error
        assert "Re-enroll this kiosk" in status.last_error
        assert outbox.stats(stolen).depth == 1  # nothing left the copy
    finally:
        stolen.close()
    with closing(sqlite3.connect(live_server.database_path)) as conn:
        received = conn.execute(
            "select count(*) from ingest_items where device_id = ?", [device_id]
        ).fetchone()[0]
    assert received == 0


def test_a_plain_token_of_an_older_version_is_sealed_on_first_load(
    kiosk_db: sqlite_utils.Database, live_server: LiveServer, tmp_path: Path
) -> None:
    enroll_with(kiosk_db, live_server)
    enrollment = load_enrollment(kiosk_db)
    assert enrollment is not None
    token = enrollment.device_token.reveal()
    with write_transaction(kiosk_db):  # as an older LawPost stored it
        kiosk_db.execute("update sync_enrollment set device_token = ?", [token])
    assert token.encode() in _file_bytes(tmp_path / "kiosk")

    migrated = load_enrollment(kiosk_db)

    assert migrated is not None and migrated.device_token.reveal() == token
    assert is_sealed(_stored_token(kiosk_db))
    assert token.split(".", 1)[1].encode() not in _file_bytes(tmp_path / "kiosk")
    worker = SyncWorker(
        database_path=tmp_path / "kiosk" / DATABASE_FILE, settings=FAST, rng=random.Random(2)
    )
    _delay, failing = worker.cycle(kiosk_db)
    assert not failing, worker.status().last_error


def test_host_key_vault_refuses_another_key_and_a_missing_one(tmp_path: Path) -> None:
    vault = HostKeyVault(tmp_path / "a" / "host.key")
    sealed = vault.seal("dev1.secret")
    assert vault.open(sealed) == "dev1.secret"
    assert (tmp_path / "a" / "host.key").stat().st_mode & 0o777 == 0o600
    with pytest.raises(TokenUnreadableError):
        HostKeyVault(tmp_path / "b" / "host.key").open(sealed)  # missing: not created on open
    assert not (tmp_path / "b" / "host.key").exists()
    HostKeyVault(tmp_path / "c" / "host.key").seal("x")
    with pytest.raises(TokenUnreadableError):
        HostKeyVault(tmp_path / "c" / "host.key").open(sealed)


@pytest.mark.skipif(shutil.which("systemd-creds") is None, reason="systemd-creds is not installed")
def test_systemd_creds_vault_seals_with_systemds_own_tool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TPM2 backend's code path, run with systemd's host key (this machine has no TPM2):
    the same program and credential format; only where the key lives differs."""
    monkeypatch.setenv("SYSTEMD_CREDENTIAL_SECRET", str(tmp_path / "credential.secret"))
    vault = SystemdCredsVault(with_key="host")
    sealed = vault.seal("dev1.secret")
    assert "secret" not in sealed
    assert vault.open(sealed) == "dev1.secret"
    (tmp_path / "credential.secret").unlink()
    monkeypatch.setenv("SYSTEMD_CREDENTIAL_SECRET", str(tmp_path / "other.secret"))
    vault.seal("another machine's key")  # creates other.secret
    with pytest.raises(TokenUnreadableError):
        vault.open(sealed)
