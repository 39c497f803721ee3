"""Registered schema migrations, applied in order and recorded in a `_migrations` table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from kiosk.storage.transactions import write_transaction

MigrationFn = Callable[[sqlite_utils.Database], None]


@dataclass
class Migrations:
    """An ordered list of named migrations for one database.

    Each migration runs once, inside a transaction together with the row that records it, so a
    power cut mid-migration leaves the database as it was before.
    """

    name: str
    steps: list[tuple[str, MigrationFn]] = field(default_factory=list)

    def __call__(self, fn: MigrationFn) -> MigrationFn:
        if any(existing == fn.__name__ for existing, _ in self.steps):
            raise ValueError(f"migration {fn.__name__} registered twice in {self.name}")
        self.steps.append((fn.__name__, fn))
        return fn

    def applied(self, db: sqlite_utils.Database) -> list[str]:
        if not db["_migrations"].exists():
            return []
        rows = db.execute(
            "select migration from _migrations where migration_set = ? order by id", [self.name]
        ).fetchall()
        return [r[0] for r in rows]

    def apply(self, db: sqlite_utils.Database) -> list[str]:
        """Apply every pending migration; returns the names applied now."""
        db.execute(
            "create table if not exists _migrations (id integer primary key, "
            "migration_set text not null, migration text not null, applied_at text not null, "
            "unique (migration_set, migration))"
        )
        done = set(self.applied(db))
        ran: list[str] = []
        for name, fn in self.steps:
            if name in done:
                continue
            with write_transaction(db):
                fn(db)
                db.execute(
                    "insert into _migrations (migration_set, migration, applied_at) values (?, ?, ?)",
                    [self.name, name, datetime.now(UTC).isoformat()],
                )
            ran.append(name)
        return ran
