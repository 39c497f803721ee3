"""Migrations: every one applies on a fresh database, once, atomically; durability pragmas hold."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from kiosk.storage.database import connect, open_database
from kiosk.storage.migrations import Migrations
from kiosk.storage.schema import MIGRATIONS


def test_fresh_database_gets_every_migration(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    assert MIGRATIONS.applied(db) == [name for name, _ in MIGRATIONS.steps]
    for table in ("technician_lock", "audit_log", "kv", "ratings"):
        assert db[table].exists()


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    open_database(tmp_path).conn.close()
    db = connect(tmp_path / "kiosk.db")
    assert MIGRATIONS.apply(db) == []


def test_wal_and_full_sync(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma synchronous").fetchone()[0] == 2  # FULL


def test_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    migrations = Migrations("trial")

    @migrations
    def m1_good(db: sqlite_utils.Database) -> None:
        db.execute("create table a (x integer)")

    @migrations
    def m2_bad(db: sqlite_utils.Database) -> None:
        db.execute("create table b (x integer)")
        raise RuntimeError("disk full")

    db = connect(tmp_path / "t.db")
    with pytest.raises(RuntimeError):
        migrations.apply(db)
    assert migrations.applied(db) == ["m1_good"]
    assert not db["b"].exists()


def test_duplicate_names_are_refused() -> None:
    migrations = Migrations("dup")

    def m1(db: sqlite_utils.Database) -> None:
        pass

    migrations(m1)
    with pytest.raises(ValueError, match="twice"):
        migrations(m1)
