"""Counter clerks' accounts for the counter page: a name, a password kept as a hash, counters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from kiosk.security.pin_hash import hash_pin, verify_pin
from kiosk.storage.transactions import write_transaction

MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}$")


class StaffError(ValueError):
    """The account cannot be created as given; the message says why."""


@dataclass(frozen=True)
class StaffAccount:
    name: str
    counters: tuple[str, ...]


def add_staff(db: sqlite_utils.Database, *, name: str, password: str, counters: list[str]) -> StaffAccount:
    """Create or replace a clerk's account."""
    if not _NAME.match(name):
        raise StaffError("name: 2-32 letters, digits, Chinese characters, _ . -")
    if len(password) < MIN_PASSWORD or password.isdigit():
        raise StaffError(f"password: at least {MIN_PASSWORD} characters, not only digits")
    clean = [c.strip() for c in counters if c.strip()]
    if not clean:
        raise StaffError("at least one counter")
    with write_transaction(db):
        db.execute(
            "insert or replace into queue_staff (name, password_hash, counters, created_at) "
            "values (?, ?, ?, ?)",
            [name, hash_pin(password), ",".join(clean), datetime.now(UTC).isoformat(timespec="seconds")],
        )
    return StaffAccount(name=name, counters=tuple(clean))


def check_login(db: sqlite_utils.Database, *, name: str, password: str) -> StaffAccount | None:
    row = db.execute(
        "select password_hash, counters from queue_staff where name = ?", [name]
    ).fetchone()
    if row is None:
        verify_pin(password, hash_pin("timing-equaliser"))  # an unknown name costs the same time
        return None
    if not verify_pin(password, row[0]):
        return None
    return StaffAccount(name=name, counters=tuple(row[1].split(",")))
