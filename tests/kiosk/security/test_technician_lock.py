"""The technician PIN: slow salted hash, lockout after 5 failures that survives a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.security.pin_hash import hash_pin, is_acceptable_pin, verify_pin
from kiosk.security.technician_lock import PinResult, TechnicianLock
from kiosk.storage.database import open_database


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_pin("246813"), hash_pin("246813")
    assert first != second and first.startswith("scrypt$32768$8$1$")
    assert "246813" not in first
    assert verify_pin("246813", first) and not verify_pin("246814", first)
    assert not verify_pin("246813", "garbage")


@pytest.mark.parametrize("pin", ["12345", "111111", "123456", "654321", "12ab56", "１２３４５６"])
def test_trivial_or_malformed_pins_are_refused(pin: str) -> None:
    assert not is_acceptable_pin(pin)


def test_lockout_after_five_failures_survives_restart(tmp_path: Path) -> None:
    clock = Clock()
    lock = TechnicianLock(open_database(tmp_path), clock=clock)
    lock.set_pin("246813")
    results = [lock.try_pin("000000").result for _ in range(5)]
    assert results == [PinResult.WRONG] * 4 + [PinResult.LOCKED]
    # Power cut: a new process opens the same file.
    reopened = TechnicianLock(open_database(tmp_path), clock=clock)
    assert reopened.try_pin("246813").result is PinResult.LOCKED
    clock.now += 15 * 60 + 1
    assert reopened.try_pin("246813").result is PinResult.ACCEPTED


def test_tries_left_counts_down_and_success_resets(tmp_path: Path) -> None:
    lock = TechnicianLock(open_database(tmp_path), clock=Clock())
    lock.set_pin("246813")
    assert lock.try_pin("1").tries_left == 4
    assert lock.try_pin("1").tries_left == 3
    assert lock.try_pin("246813").result is PinResult.ACCEPTED
    assert lock.try_pin("1").tries_left == 4


def test_no_pin_set(tmp_path: Path) -> None:
    assert TechnicianLock(open_database(tmp_path)).try_pin("246813").result is PinResult.NOT_SET


def test_pin_hash_is_all_the_database_holds(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    TechnicianLock(db).set_pin("975318")
    db.conn.close()  # reading the files while a connection is open would drop its locks
    for path in tmp_path.iterdir():
        assert b"975318" not in path.read_bytes()
