"""The server's X25519 keypair: kiosks seal personal data to its public key, only it opens them."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox


class KeyFileError(Exception):
    """The private key file cannot be used; the message says what to fix."""


def load_or_create_private_key(path: Path) -> PrivateKey:
    """Read the 32-byte key at `path`, or create it once (mode 0600) if the file is absent."""
    if path.exists():
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
    path.parent.mkdir(parents=True, exist_ok=True)
    key = PrivateKey.generate()
    # O_EXCL + 0600 at creation: the key is never readable by others, not even for a moment.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(bytes(key))
    return key


def public_key_b64(key: PrivateKey) -> str:
    return base64.b64encode(bytes(key.public_key)).decode("ascii")


class SealedOpener:
    """Opens SealedBox ciphertexts addressed to this server."""

    def __init__(self, key: PrivateKey) -> None:
        self._box = SealedBox(key)
        self.public_key_b64 = public_key_b64(key)

    def open(self, ciphertext: bytes) -> bytes | None:
        """The plaintext, or None when the bytes were not sealed to this server's key."""
        try:
            return bytes(self._box.decrypt(ciphertext))
        except CryptoError:
            return None
