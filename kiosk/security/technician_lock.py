"""The technician PIN gate: verification, and a lockout after repeated failures that survives restarts."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import sqlite_utils

from kiosk.security.pin_hash import hash_pin, is_acceptable_pin, verify_pin
from kiosk.storage.transactions import write_transaction


class PinResult(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"


@dataclass(frozen=True)
class PinAttempt:
    result: PinResult
    tries_left: int
    locked_seconds: int


class TechnicianLock:
    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        max_failures: int = 5,
        lockout_s: float = 15 * 60,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = db
        self._max_failures = max_failures
        self._lockout_s = lockout_s
        self._clock = clock
        with write_transaction(db):
            db.execute("insert or ignore into technician_lock (id, failures) values (1, 0)")

    def _row(self) -> tuple[str | None, int, float | None]:
        row = self._db.execute(
            "select pin_hash, failures, locked_until from technician_lock where id = 1"
        ).fetchone()
        return row[0], int(row[1]), row[2]

    @property
    def is_set(self) -> bool:
        return self._row()[0] is not None

    def locked_seconds(self) -> int:
        _, _, locked_until = self._row()
        if locked_until is None:
            return 0
        return max(0, int(locked_until - self._clock() + 0.999))

    def set_pin(self, pin: str) -> None:
        if not is_acceptable_pin(pin):
            raise ValueError("PIN must be 6–12 digits and not trivial (e.g. 111111, 123456)")
        with write_transaction(self._db):
            self._db.execute(
                "update technician_lock set pin_hash = ?, failures = 0, locked_until = null "
                "where id = 1",
                [hash_pin(pin)],
            )

    def install_hash(self, pin_hash: str) -> None:
        """Mass roll-out: a PIN given as its hash (`lawpost set-pin --print-hash`), never in clear."""
        if not pin_hash.startswith("scrypt$") or pin_hash.count("$") != 5:
            raise ValueError("technician.pin_hash is not a hash made by `lawpost set-pin --print-hash`")
        with write_transaction(self._db):
            self._db.execute(
                "update technician_lock set pin_hash = ?, failures = 0, locked_until = null "
                "where id = 1",
                [pin_hash],
            )

    def try_pin(self, pin: str) -> PinAttempt:
        stored, failures, _ = self._row()
        if stored is None:
            return PinAttempt(PinResult.NOT_SET, 0, 0)
        remaining = self.locked_seconds()
        if remaining > 0:
            return PinAttempt(PinResult.LOCKED, 0, remaining)
        if verify_pin(pin, stored):
            with write_transaction(self._db):
                self._db.execute(
                    "update technician_lock set failures = 0, locked_until = null where id = 1"
                )
            return PinAttempt(PinResult.ACCEPTED, self._max_failures, 0)
        failures += 1
        # The failure is committed (synchronous=FULL) before answering, so pulling the plug
        # after a wrong try does not reset the count.
        with write_transaction(self._db):
            if failures >= self._max_failures:
                self._db.execute(
                    "update technician_lock set failures = 0, locked_until = ? where id = 1",
                    [self._clock() + self._lockout_s],
                )
            else:
                self._db.execute(
                    "update technician_lock set failures = ?, locked_until = null where id = 1",
                    [failures],
                )
        if failures >= self._max_failures:
            return PinAttempt(PinResult.LOCKED, 0, int(self._lockout_s))
        return PinAttempt(PinResult.WRONG, self._max_failures - failures, 0)
