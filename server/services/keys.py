"""The server's X25519 keys: kiosks seal personal data to the active public key, only it opens them.

Rotation (`lawpost server rotate-key`) renames the active key file to
`<name>.retired-<UTC time>` and creates a new one. Retired keys still open what was sealed to them
(items queued on kiosks before they learned the new key, submissions stored in the database), so
they are kept until the retention period has passed; kiosks learn the new public key from their
next heartbeat answer.
"""

from __future__ import annotations

import base64
import os
from datetime import datetime
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox


class KeyFileError(Exception):
    """The private key file cannot be used; the message says what to fix."""


RETIRED_SUFFIX = ".retired-"


def _read_key(path: Path) -> PrivateKey:
    data = path.read_bytes()
    if len(data) != 32:
        raise KeyFileError(
            f"服务器私钥文件 {path} 已损坏 (server private key file must hold 32 bytes, "
            f"found {len(data)}); restore it from backup"
        )
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise KeyFileError(
            f"服务器私钥文件 {path} 权限过宽 (private key file mode is {mode:o}; run: chmod 600 {path})"
        )
    return PrivateKey(data)


def _create_key(path: Path) -> PrivateKey:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = PrivateKey.generate()
    # O_EXCL + 0600 at creation: the key is never readable by others, not even for a moment.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(bytes(key))
        handle.flush()
        os.fsync(handle.fileno())
    return key


def load_or_create_private_key(path: Path) -> PrivateKey:
    """Read the 32-byte key at `path`, or create it once (mode 0600) if the file is absent."""
    return _read_key(path) if path.exists() else _create_key(path)


def retired_key_paths(path: Path) -> list[Path]:
    """Retired key files beside the active one, newest first (their names sort by time)."""
    return sorted(path.parent.glob(path.name + RETIRED_SUFFIX + "*"), reverse=True)


def load_keyring(path: Path) -> list[PrivateKey]:
    """The active key (created if absent), then every retired key, newest first."""
    return [load_or_create_private_key(path), *(_read_key(p) for p in retired_key_paths(path))]


def rotate_key(path: Path, *, now: datetime) -> tuple[Path, PrivateKey]:
    """Retire the active key (rename, so its bytes never leave the disk) and create a new one.

    A crash between the two steps leaves no active key: the next start creates one, which is
    what this would have done anyway.
    """
    _read_key(path)  # refuse to retire a missing, damaged or world-readable key
    retired = path.with_name(path.name + RETIRED_SUFFIX + now.strftime("%Y%m%dT%H%M%SZ"))
    if retired.exists():
        raise KeyFileError(f"{retired} 已存在 (a key was already retired this second; try again)")
    os.rename(path, retired)
    return retired, _create_key(path)


def public_key_b64(key: PrivateKey) -> str:
    return base64.b64encode(bytes(key.public_key)).decode("ascii")


class SealedOpener:
    """Opens SealedBox ciphertexts addressed to this server's active key or a retired one."""

    def __init__(self, key: PrivateKey, *retired: PrivateKey) -> None:
        self._boxes = [SealedBox(k) for k in (key, *retired)]
        self.public_key_b64 = public_key_b64(key)

    @property
    def key_count(self) -> int:
        return len(self._boxes)

    def open(self, ciphertext: bytes) -> bytes | None:
        """The plaintext, or None when the bytes were sealed to none of this server's keys."""
        for box in self._boxes:  # the active key first: nearly everything is sealed to it
            try:
                return bytes(box.decrypt(ciphertext))
            except CryptoError:
                continue
        return None
