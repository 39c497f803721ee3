"""Which transactions wait for the disk at commit: all but the heartbeat's (server/db.py)."""

from __future__ import annotations

from sqlalchemy import text

from server.context import ServerContext
from server.db import RELAXED_DURABILITY, is_postgresql


def _setting(context: ServerContext, *, relaxed: bool) -> str:
    with context.session_factory() as session:
        options = {RELAXED_DURABILITY: True} if relaxed else {}
        session.connection(execution_options=options)
        query = "show synchronous_commit" if is_postgresql(context.engine) else "pragma synchronous"
        return str(session.execute(text(query)).scalar())


def test_only_a_relaxed_transaction_commits_without_waiting_for_the_disk(context: ServerContext) -> None:
    # SQLite: 2 = FULL, 1 = NORMAL; PostgreSQL: on / off.
    full, relaxed = ("on", "off") if is_postgresql(context.engine) else ("2", "1")
    assert _setting(context, relaxed=False) == full
    assert _setting(context, relaxed=True) == relaxed
    # The same pooled connection, next transaction: back to the full fsync (an ingest batch
    # acknowledged to a kiosk must survive a power cut; the kiosk deletes it).
    assert _setting(context, relaxed=False) == full
