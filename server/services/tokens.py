"""Random secrets and their stored digests (device secrets, enrollment codes, session cookies)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford-like alphabet without 0/O/1/I/L: a technician types the code on a touch screen.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def digest(secret: str) -> str:
    """sha256 hex of a high-entropy secret (a slow hash is for passwords, not for these)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_digest(secret: str, stored: str) -> bool:
    return hmac.compare_digest(digest(secret), stored)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    """12 characters (≈ 59 bits) in groups of four, e.g. `K7QF-M2XA-9PRD`."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def normalise_enrollment_code(text: str) -> str:
    """Accept lower case, spaces and missing dashes: only the 12 characters count."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) != 12:
        return raw
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"
