"""Opens the kiosk's SQLite database with the durability settings every table relies on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from kiosk.storage.schema import MIGRATIONS

DATABASE_FILE = "kiosk.db"


def connect(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) a database file in WAL mode with synchronous=FULL.

    FULL rather than NORMAL: a kiosk loses power without warning, and submissions and the
    technician lockout must survive that.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Transactions are explicit: kiosk.storage.transactions.write_transaction (BEGIN IMMEDIATE).
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10.0)
    db = sqlite_utils.Database(conn)
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = full")
    db.execute("pragma foreign_keys = on")
    db.execute("pragma busy_timeout = 10000")
    return db


def open_database(data_dir: Path) -> sqlite_utils.Database:
    """Open the kiosk database in `data_dir` and bring its schema up to date."""
    db = connect(data_dir / DATABASE_FILE)
    MIGRATIONS.apply(db)
    return db
