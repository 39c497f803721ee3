"""Write transactions that really are ones on a sqlite-utils 4 Database (BEGIN IMMEDIATE)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlite_utils


class NoTransactionError(RuntimeError):
    """An outbox write was attempted outside a transaction, so it could not be atomic."""


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, or join the caller's open transaction.

    Why not `with db.conn:`: sqlite-utils 4's `db.execute` commits every write at once unless a
    transaction is already open, and `with conn:` opens none, so it gives no atomicity at all.
    IMMEDIATE takes the write lock at BEGIN: the kiosk UI and the sync worker write through two
    connections, and a deferred transaction that reads first could fail with SQLITE_BUSY instead
    of waiting out busy_timeout.
    """
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def require_transaction(db: sqlite_utils.Database, what: str) -> None:
    if not db.conn.in_transaction:
        raise NoTransactionError(
            f"{what} must run inside the caller's transaction, together with the record it "
            "belongs to: `with kiosk.storage.transactions.write_transaction(db):` (or `with db.atomic():`)"
        )
