"""The shipped Alembic migrations build exactly the schema the ORM models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from server.context import ServerContext
from server.migrate import current_revision, head_revision, upgrade_to_head
from server.models import Base


def test_start_migrates_an_empty_database_to_head(context: ServerContext) -> None:
    assert current_revision(context.engine) == head_revision()
    tables = set(inspect(context.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_models_and_migrations_agree(context: ServerContext) -> None:
    with context.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_migrating_twice_changes_nothing(context: ServerContext) -> None:
    upgrade_to_head(context.engine)
    assert current_revision(context.engine) == head_revision()
