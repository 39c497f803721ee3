"""Ed25519 signing keys for content packs: generate, save (0600, optionally encrypted) and load."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from securesystemslib.signer import CryptoSigner, SSlibKey

# A key file's public half is written beside it as <name>.pub (JSON, the TUF key object plus its
# key id) so a technician can hand it out without ever copying the private file.
PUBLIC_SUFFIX = ".pub"
PASSPHRASE_ENV = "LAWPOST_KEY_PASSPHRASE"


class KeyError_(Exception):
    """A key cannot be created, read or used; the message says what to do."""


def generate_key(path: Path, *, passphrase: str | None = None, overwrite: bool = False) -> SSlibKey:
    """Create an Ed25519 key at `path` (PEM PKCS#8, mode 0600) and its public half at path.pub."""
    if path.exists() and not overwrite:
        raise KeyError_(f"密钥文件已存在 {path}，不会覆盖 (key file exists; refusing to overwrite)")
    private = Ed25519PrivateKey.generate()
    encryption = BestAvailableEncryption(passphrase.encode("utf-8")) if passphrase else NoEncryption()
    pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, encryption)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created 0600 from the start: a key must never exist, even for a moment, readable by others.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    public = SSlibKey.from_crypto(private.public_key())
    save_public_key(public, public_path(path))
    return public


def public_path(private_path: Path) -> Path:
    return private_path.with_name(private_path.name + PUBLIC_SUFFIX)


def save_public_key(key: SSlibKey, path: Path) -> None:
    data = {"keyid": key.keyid, **key.to_dict()}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_public_key(path: Path) -> SSlibKey:
    """A public key from a .pub file, or the public half of a private key file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyError_(f"无法读取密钥 {path}: {exc} (cannot read key)") from exc
    if "PRIVATE KEY" in text:
        return load_signer(path).public_key
    try:
        data = json.loads(text)
        keyid = str(data.pop("keyid"))
        return SSlibKey.from_dict(keyid, data)
    except (ValueError, KeyError, TypeError) as exc:
        raise KeyError_(f"{path} 不是公钥文件 (not a public key file): {exc}") from exc


def load_signer(path: Path, *, passphrase: str | None = None) -> CryptoSigner:
    """A signer for the private key at `path`; the passphrase defaults to $LAWPOST_KEY_PASSPHRASE."""
    if passphrase is None:
        passphrase = os.environ.get(PASSPHRASE_ENV) or None
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise KeyError_(f"无法读取私钥 {path}: {exc} (cannot read private key)") from exc
    if path.stat().st_mode & 0o077:
        raise KeyError_(f"私钥 {path} 可被其他用户读取；请执行 chmod 600 (private key is readable by others)")
    try:
        private = load_pem_private_key(pem, passphrase.encode("utf-8") if passphrase else None)
    except TypeError as exc:
        raise KeyError_(
            f"私钥 {path} 已加密，需要口令 (key is encrypted: set {PASSPHRASE_ENV} or enter it)"
        ) from exc
    except ValueError as exc:
        raise KeyError_(f"私钥 {path} 无法打开：口令错误或文件损坏 (wrong passphrase or bad key)") from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyError_(f"私钥 {path} 不是 Ed25519 密钥 (only Ed25519 keys are used)")
    return CryptoSigner(private)


def is_encrypted(path: Path) -> bool:
    return b"ENCRYPTED" in path.read_bytes()[:64]
