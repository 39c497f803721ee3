"""Seals the device token at rest with a key that is not in the data folder (TPM2 or a host key).

What each backend defends against (docs/sync.md says the same to the people deploying it):

- `systemd-creds` bound to the TPM2 chip: the token opens only on this board. A copied data
  folder or a full disk image is useless elsewhere. A stolen kiosk (board and disk together)
  still carries a working token: revoke it on the server.
- host key file (`/etc/lawpost/host.key`, outside the data folder): a copied data folder, a
  backup of it, or a data disk moved to another machine does not carry a working token. A
  full image of the system disk carries the key too, so it does NOT defend against that:
  only the TPM2 does, or revocation.

A token that cannot be opened is never guessed around: the kiosk says it must be re-enrolled.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from kiosk.storage.durable import fsync_dir, fsync_file

PREFIX = "sealed-v1"
HOST_KEY_ENV = "LAWPOST_HOST_KEY_FILE"
SYSTEM_KEY_FILE = Path("/etc/lawpost/host.key")
CREDENTIAL_NAME = "lawpost-device-token"

UNREADABLE_MESSAGE = (
    "此设备的注册令牌无法在本机解开（数据目录可能是从另一台设备复制来的，或本机密钥已丢失）。"
    "请由技术人员重新注册此设备（lawpost enroll --code …）。"
    " (The device token cannot be opened on this machine — the data folder was copied from "
    "another device or this machine's key is gone. Re-enroll this kiosk.)"
)


class TokenUnreadableError(Exception):
    """The stored token was sealed with a key this machine does not have."""

    def __init__(self) -> None:
        super().__init__(UNREADABLE_MESSAGE)


class TokenVault(Protocol):
    backend: str

    def seal(self, plain: str) -> str: ...

    def open(self, sealed: str) -> str: ...


class HostKeyVault:
    """XSalsa20-Poly1305 (libsodium secretbox) under a 32-byte key in a file of its own."""

    backend = "hostkey"

    def __init__(self, key_file: Path) -> None:
        self.key_file = key_file

    def _key(self, *, create: bool) -> bytes:
        try:
            key = self.key_file.read_bytes()
        except FileNotFoundError:
            if not create:
                raise TokenUnreadableError from None
            return self._create()
        except OSError as exc:
            raise TokenUnreadableError from exc
        if len(key) != SecretBox.KEY_SIZE:
            raise TokenUnreadableError
        return key

    def _create(self) -> bytes:
        self.key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(SecretBox.KEY_SIZE)
        try:
            fd = os.open(self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return self._key(create=False)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        # A key lost to a power cut would make the token it sealed unreadable for good.
        fsync_file(self.key_file)
        fsync_dir(self.key_file.parent)
        return key

    def seal(self, plain: str) -> str:
        box = SecretBox(self._key(create=True))
        return base64.b64encode(bytes(box.encrypt(plain.encode("utf-8")))).decode("ascii")

    def open(self, sealed: str) -> str:
        box = SecretBox(self._key(create=False))
        try:
            return box.decrypt(base64.b64decode(sealed)).decode("utf-8")
        except (CryptoError, ValueError) as exc:
            raise TokenUnreadableError from exc


class SystemdCredsVault:
    """`systemd-creds encrypt/decrypt`; with_key="tpm2" binds the token to this board's TPM2.

    The kiosk's user needs access to /dev/tpmrm0 (group `tss` on Debian). Tests use
    with_key="host" with SYSTEMD_CREDENTIAL_SECRET pointing at a file: the same program and
    format, only the key's home differs (this machine has no TPM).
    """

    backend = "systemd-creds"

    def __init__(self, *, with_key: str = "tpm2", command: str = "systemd-creds") -> None:
        self.with_key = with_key
        self.command = command

    def _run(self, args: list[str], data: bytes) -> bytes:
        try:
            done = subprocess.run(
                [self.command, *args, f"--name={CREDENTIAL_NAME}", "-", "-"],
                input=data, capture_output=True, timeout=30, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TokenUnreadableError from exc
        if done.returncode != 0:
            raise TokenUnreadableError
        return done.stdout

    def seal(self, plain: str) -> str:
        out = self._run(["encrypt", f"--with-key={self.with_key}"], plain.encode("utf-8"))
        return out.decode("ascii").strip()

    def open(self, sealed: str) -> str:
        return self._run(["decrypt"], sealed.encode("ascii")).decode("utf-8")


def tpm2_available(command: str = "systemd-creds") -> bool:
    """True when systemd-creds reports full TPM2 support (firmware, driver, system)."""
    if shutil.which(command) is None:
        return False
    try:
        done = subprocess.run([command, "has-tpm2"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def host_key_file() -> Path:
    """The host key's place: $LAWPOST_HOST_KEY_FILE, else /etc/lawpost/host.key when that
    folder can be used, else ~/.config/lawpost (a development checkout, not root). Never
    $XDG_CONFIG_HOME: `lawpost run` points that into the data folder for Qt."""
    configured = os.environ.get(HOST_KEY_ENV)
    if configured:
        return Path(configured)
    folder = SYSTEM_KEY_FILE.parent
    if SYSTEM_KEY_FILE.exists() or (folder.is_dir() and os.access(folder, os.W_OK)):
        return SYSTEM_KEY_FILE
    if not folder.exists() and os.access(folder.parent, os.W_OK):
        return SYSTEM_KEY_FILE
    return Path.home() / ".config" / "lawpost" / "host.key"


def default_vault() -> TokenVault:
    """What new tokens are sealed with: the TPM2 where there is one, else the host key."""
    if tpm2_available():
        return SystemdCredsVault(with_key="tpm2")
    return HostKeyVault(host_key_file())


def seal_token(token: str, vault: TokenVault) -> str:
    return f"{PREFIX}:{vault.backend}:{vault.seal(token)}"


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX + ":")


def open_token(stored: str, vault: TokenVault | None = None) -> str:
    """The plain token from its stored form (the backend that sealed it is recorded in it)."""
    _prefix, backend, body = stored.split(":", 2)
    if vault is not None and backend == vault.backend:
        return vault.open(body)
    if backend == HostKeyVault.backend:
        return HostKeyVault(host_key_file()).open(body)
    if backend == SystemdCredsVault.backend:
        return SystemdCredsVault().open(body)
    raise TokenUnreadableError
