"""Call-back requests: the visitor's phone number, sealed to the server like a rating comment.

Nothing of it stays on the kiosk in clear: the number goes into the outbox sealed to the
server's key in one transaction, and the only local trace is the outbox row the kiosk cannot read.
"""

from __future__ import annotations

import re

import sqlite_utils

from kiosk.storage.transactions import write_transaction

CALLBACK_KIND = "video_callback"
# Mainland mobile numbers (11 digits from 1) and landlines with area code (10–12 digits from 0).
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11})$")


class CallbackError(ValueError):
    """The number cannot be a Chinese phone number."""


def valid_phone(digits: str) -> bool:
    return bool(_PHONE.match(digits))


def spoken_groups(digits: str) -> str:
    """The number in the groups people read it back in: 138 1234 5678, 010 1234 5678."""
    if digits.startswith("1"):  # also while it is being typed
        return " ".join(part for part in (digits[:3], digits[3:7], digits[7:]) if part)
    head = 3 if digits[:2] in ("01", "02") else 4
    return f"{digits[:head]} {digits[head:]}"


def request_callback(db: sqlite_utils.Database, *, phone: str, topic: str, reason: str, language: str) -> str:
    """Queue the sealed request; returns the outbox id. Raises NotEnrolledError before enrollment."""
    if not valid_phone(phone):
        raise CallbackError("not a phone number")
    from kiosk.sync import outbox

    with write_transaction(db):
        return outbox.enqueue(
            db,
            kind=CALLBACK_KIND,
            payload={"phone": phone, "topic": topic, "reason": reason, "language": language},
            personal=True,
        )
