"""The kiosk database schema as registered migrations (append new ones; never edit old ones)."""

from __future__ import annotations

import sqlite_utils

from kiosk.storage.migrations import Migrations

MIGRATIONS = Migrations("kiosk")


@MIGRATIONS
def m001_technician_lock(db: sqlite_utils.Database) -> None:
    # One row: the technician PIN's scrypt hash and the failed-attempt state, so a lockout
    # survives a restart.
    db.execute(
        "create table technician_lock (id integer primary key check (id = 1), "
        "pin_hash text, failures integer not null default 0, locked_until real)"
    )


@MIGRATIONS
def m002_audit_log(db: sqlite_utils.Database) -> None:
    # Technician actions; each row carries the hash of the previous one (tamper-evident chain).
    db.execute(
        "create table audit_log (id integer primary key, at text not null, actor text not null, "
        "action text not null, detail text not null, prev_hash text not null, hash text not null)"
    )


@MIGRATIONS
def m003_kv(db: sqlite_utils.Database) -> None:
    # Small facts the kiosk keeps between starts (installed pack version, kiosk id, ...).
    db.execute("create table kv (key text primary key, value text not null)")
