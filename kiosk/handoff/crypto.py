"""The hand-off's secrets: AES-256-GCM sealing, phone links with the key in the fragment, and the
13-digit resume codes a visitor types on a keypad (12 random digits + a Verhoeff check digit).

A phone link is `<base>/h/<id>#<key>`: a browser never sends the fragment, so the server stores
and serves bytes it cannot read; the phone's page decrypts them with WebCrypto (same format).
A resume code is all the visitor carries: scrypt turns it into a look-up value for the server
and the key, so neither the server nor a copy of its database can open a draft without the code,
and a wrong guess costs each try ~0.1 s and 32 MB here and one of a few look-ups an hour there.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

from stdnum import verhoeff

# cryptography (its Rust core is ~8 MB resident) is imported by the first seal or open, not
# when the kiosk starts: most visitors never hand anything off.

VERSION = 1
CODE_DIGITS = 12  # random digits; a 13th is the check digit
# scrypt cost of one code → (look-up, key): 2^15 × 8 × 128 bytes = 32 MB, about 0.1 s.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 48}


class SealError(ValueError):
    """The bytes are not a hand-off sealed with this key (wrong key, damaged, or tampered)."""


class CodeError(ValueError):
    """A typed resume code is not one: wrong length, not digits, or a mistyped digit."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(plaintext: bytes, *, key: bytes, context: str) -> bytes:
    """version ‖ 12-byte nonce ‖ ciphertext+tag; `context` is bound as associated data so a
    server cannot answer one link with another link's bytes."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return bytes([VERSION]) + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode("ascii"))


def open_sealed(blob: bytes, *, key: bytes, context: str) -> bytes:
    if len(blob) < 29 or blob[0] != VERSION:
        raise SealError("not a sealed hand-off")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(blob[1:13], blob[13:], context.encode("ascii"))
    except InvalidTag:
        raise SealError("wrong key or damaged hand-off") from None


@dataclass(frozen=True)
class PhoneLink:
    ident: str  # 128 random bits, base64url: the path the server knows
    key: bytes  # 256 bits: only in the fragment of the QR code's URL

    @classmethod
    def new(cls) -> PhoneLink:
        return cls(ident=b64url(secrets.token_bytes(16)), key=secrets.token_bytes(32))

    @property
    def context(self) -> str:
        return f"lawpost-phone-v1:{self.ident}"

    def url(self, base: str) -> str:
        return f"{base.rstrip('/')}/h/{self.ident}#{b64url(self.key)}"


@dataclass(frozen=True)
class ResumeCode:
    digits: str  # 13 digits, the last one the check digit

    @classmethod
    def new(cls) -> ResumeCode:
        body = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        return cls(body + verhoeff.calc_check_digit(body))

    @classmethod
    def parse(cls, typed: str) -> ResumeCode:
        """From what was typed or scanned: spaces and dashes ignored."""
        digits = "".join(ch for ch in typed if ch not in " -")
        if len(digits) != CODE_DIGITS + 1 or not digits.isdigit():
            raise CodeError("a resume code has 13 digits")
        if not verhoeff.is_valid(digits):
            raise CodeError("a digit of the code is mistyped")
        return cls(digits)

    @property
    def grouped(self) -> str:
        """As printed and shown: 4 4 4 1, easy to read out and type."""
        d = self.digits
        return f"{d[0:4]} {d[4:8]} {d[8:12]} {d[12:]}"

    def derive(self) -> tuple[str, bytes]:
        """(look-up value the server files the draft under, 32-byte key), both from the code."""
        out = hashlib.scrypt(self.digits.encode("ascii"), salt=b"lawpost-resume-v1", **_SCRYPT)
        return out[:16].hex(), out[16:]

    def context(self, lookup: str) -> str:
        return f"lawpost-draft-v1:{lookup}"
