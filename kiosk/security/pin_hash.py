"""Slow salted PIN hashes (scrypt) so a copied database does not reveal the technician PIN."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import secrets

# n=2**15, r=8 costs ~32 MiB and ~0.1 s per try on the kiosk: cheap for a technician, ruinous for
# brute force over a stolen database (a 6-digit PIN has only 10^6 values).
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _derive(pin, salt, _N, _R, _P)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        actual = _derive(pin, salt, int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def is_acceptable_pin(pin: str) -> bool:
    """6–12 digits, not all the same digit, not a run like 123456."""
    if not (pin.isdigit() and pin.isascii() and 6 <= len(pin) <= 12):
        return False
    if len(set(pin)) == 1:
        return False
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    return not (len(steps) == 1 and steps <= {1, -1})
