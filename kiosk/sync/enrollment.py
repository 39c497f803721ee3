"""The kiosk's enrollment with one central server: device id, secret token, server public key."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from kiosk.security.token_vault import (
    TokenUnreadableError,
    TokenVault,
    default_vault,
    is_sealed,
    open_token,
    seal_token,
)
from kiosk.storage.transactions import write_transaction
from kiosk.sync.wire import EnrollResponse


class Secret:
    """A string that never shows itself in repr/str, so it cannot leak into logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    device_id: str
    device_token: Secret
    server_public_key: bytes  # 32-byte X25519 public key
    kiosk_name: str
    enrolled_at: str
    heartbeat_interval_s: int
    last_sync_at: str | None = None
    clock_offset_s: float | None = None


class EnrollmentError(Exception):
    """The server's enrollment answer cannot be used; the message is a sentence for a technician."""


def decode_public_key(text: str) -> bytes:
    """Decode the server's base64 X25519 public key, which must be exactly 32 bytes."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EnrollmentError("服务器公钥格式错误 (server public key is not base64)") from exc
    if len(raw) != 32:
        raise EnrollmentError("服务器公钥长度错误 (server public key must be 32 bytes)")
    return raw


def load_enrollment(db: sqlite_utils.Database, vault: TokenVault | None = None) -> Enrollment | None:
    """The stored enrollment with its token opened; None before enrollment.

    Raises TokenUnreadableError when the token was sealed with a key this machine lacks (a data
    folder copied from another kiosk): the kiosk must be re-enrolled. A token stored in clear by
    an older version is sealed on the way (see seal_stored_token).
    """
    row = db.execute(
        "select server_url, device_id, device_token, server_public_key, kiosk_name, enrolled_at, "
        "heartbeat_interval_s, last_sync_at, clock_offset_s from sync_enrollment where id = 1"
    ).fetchone()
    if row is None:
        return None
    stored = str(row[2])
    if is_sealed(stored):
        token = open_token(stored, vault)
    else:
        token = stored
        seal_stored_token(db, vault or default_vault())
    if not token.startswith(str(row[1]) + "."):
        raise TokenUnreadableError
    return Enrollment(
        server_url=row[0],
        device_id=row[1],
        device_token=Secret(token),
        server_public_key=base64.b64decode(row[3]),
        kiosk_name=row[4],
        enrolled_at=row[5],
        heartbeat_interval_s=int(row[6]),
        last_sync_at=row[7],
        clock_offset_s=row[8],
    )


def seal_stored_token(db: sqlite_utils.Database, vault: TokenVault) -> bool:
    """Seal a token an older version stored in clear; True if there was one to seal.

    secure_delete and a truncated WAL make sure the clear text leaves the file, not only the row.
    """
    row = db.execute("select device_token from sync_enrollment where id = 1").fetchone()
    if row is None or is_sealed(str(row[0])):
        return False
    sealed = seal_token(str(row[0]), vault)
    db.execute("pragma secure_delete = on")
    with write_transaction(db):
        db.execute("update sync_enrollment set device_token = ? where id = 1", [sealed])
    db.execute("pragma wal_checkpoint(truncate)")
    return True


def server_public_key(db: sqlite_utils.Database) -> bytes | None:
    """The key personal payloads are sealed to, or None before enrollment."""
    row = db.execute("select server_public_key from sync_enrollment where id = 1").fetchone()
    return None if row is None else base64.b64decode(row[0])


def save_enrollment(
    db: sqlite_utils.Database,
    *,
    server_url: str,
    kiosk_name: str,
    answer: EnrollResponse,
    vault: TokenVault | None = None,
) -> Enrollment:
    """Store the server's enrollment answer (replacing any earlier enrollment) and return it.

    The token is sealed with `vault` (default: the TPM2 where present, else the host key), so
    the database file alone never holds a usable token.
    """
    vault = vault or default_vault()
    key = decode_public_key(answer["server_public_key"])
    device_id = answer["device_id"]
    token = answer["device_token"]
    if not device_id or not token.startswith(device_id + "."):
        raise EnrollmentError(
            "服务器返回的设备令牌格式错误 (device token must be '<device_id>.<secret>')"
        )
    enrolled_at = datetime.now(UTC).isoformat(timespec="seconds")
    sealed = seal_token(token, vault)
    db.execute("pragma secure_delete = on")  # the replaced token's bytes are zeroed, not freed
    with write_transaction(db):
        db.execute("delete from sync_enrollment")
        db.execute(
            "insert into sync_enrollment (id, server_url, device_id, device_token, "
            "server_public_key, kiosk_name, enrolled_at, heartbeat_interval_s) "
            "values (1, ?, ?, ?, ?, ?, ?, ?)",
            [
                server_url,
                device_id,
                sealed,
                base64.b64encode(key).decode("ascii"),
                kiosk_name,
                enrolled_at,
                int(answer["heartbeat_interval_s"]),
            ],
        )
    _restrict_permissions(db)
    enrollment = load_enrollment(db, vault)
    assert enrollment is not None
    return enrollment


def _restrict_permissions(db: sqlite_utils.Database) -> None:
    # The file now holds the device token: readable by the kiosk's own user only. SQLite gives
    # the -wal and -shm files the main file's mode when it creates them.
    row = db.execute("pragma database_list").fetchone()
    if row is None or not row[2]:
        return  # in-memory database
    for suffix in ("", "-wal", "-shm"):
        path = Path(row[2] + suffix)
        if path.exists():
            path.chmod(0o600)


def update_server_key(db: sqlite_utils.Database, text: str) -> bool:
    """Adopt the server's new public key (after it rotated its key); True if it changed.

    The key arrives in the answer to an authenticated heartbeat over the same connection the
    enrollment trusted. Items already in the outbox stay sealed to the old key, which the server
    keeps as a retired key. A malformed key is refused (EnrollmentError) and the old one kept.
    """
    key = decode_public_key(text)
    encoded = base64.b64encode(key).decode("ascii")
    with write_transaction(db):
        cursor = db.execute(
            "update sync_enrollment set server_public_key = ? where id = 1 and server_public_key != ?",
            [encoded, encoded],
        )
    return cursor.rowcount > 0


def record_sync(
    db: sqlite_utils.Database,
    *,
    last_sync_at: str | None = None,
    clock_offset_s: float | None = None,
    heartbeat_interval_s: int | None = None,
) -> None:
    """Remember when the server last answered, and what it said about clocks and heartbeats."""
    with write_transaction(db):
        if last_sync_at is not None:
            db.execute("update sync_enrollment set last_sync_at = ? where id = 1", [last_sync_at])
        if clock_offset_s is not None:
            db.execute(
                "update sync_enrollment set clock_offset_s = ? where id = 1", [clock_offset_s]
            )
        if heartbeat_interval_s is not None:
            db.execute(
                "update sync_enrollment set heartbeat_interval_s = ? where id = 1",
                [heartbeat_interval_s],
            )
