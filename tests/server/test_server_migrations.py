"""The shipped Alembic migrations build exactly the schema the ORM models describe."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from server.context import ServerContext
from server.db import build_engine
from server.migrate import alembic_config, current_revision, head_revision, upgrade_to_head
from server.models import Base
from server.settings import ServerSettings


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


def test_a_database_of_the_first_release_upgrades_keeping_its_rows(
    settings: ServerSettings,
) -> None:
    engine = build_engine(settings)
    config = alembic_config()
    try:
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(
                text(
                    "INSERT INTO devices (id, name, secret_hash, enrolled_at, enrolled_app_version) "
                    "VALUES ('d1', '老机器', 'x', '2026-01-01 00:00:00', '0.1')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO ingest_items (device_id, item_id, kind, created_at, received_at, hash)"
                    " VALUES ('d1', 'i1', 'test', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'h')"
                )
            )
            connection.commit()
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            row = connection.execute(text("SELECT item_id, purged_at FROM ingest_items")).one()
        assert tuple(row) == ("i1", None)
    finally:
        engine.dispose()


def _users_at_0002(settings: ServerSettings, names: list[str]) -> Engine:
    engine = build_engine(settings)
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        for name in names:
            connection.execute(
                text(
                    "INSERT INTO users (username, password_hash, role, created_at, failed_logins) "
                    "VALUES (:name, 'x', 'staff', '2026-01-01 00:00:00', 0)"
                ),
                {"name": name},
            )
        connection.commit()
    return engine


def test_user_names_become_unique_whatever_their_case(settings: ServerSettings) -> None:
    engine = _users_at_0002(settings, ["admin", "Clerk.Wang"])
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT username, username_folded FROM users ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [("admin", "admin"), ("Clerk.Wang", "clerk.wang")]
    finally:
        engine.dispose()


def test_names_that_clash_by_case_stop_the_upgrade_with_a_sentence(settings: ServerSettings) -> None:
    engine = _users_at_0002(settings, ["admin", "Admin"])
    try:
        with pytest.raises(RuntimeError, match="differ only in case"):
            upgrade_to_head(engine)
    finally:
        engine.dispose()
