"""One explicit transaction helper: Python's sqlite3 does not wrap DDL in its implicit ones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils


@contextmanager
def atomic(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (schema changes included)."""
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("begin immediate")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
