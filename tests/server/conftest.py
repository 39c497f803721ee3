"""Fixtures for the server tests: a fake clock, storage on SQLite and PostgreSQL, an app."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from fastapi.testclient import TestClient
from postgres_server import running_postgresql, why_unavailable
from pytest_postgresql.executors import PostgreSQLExecutor
from server_helpers import CHEAP_ARGON2, FakeClock

from server.app import build_context, create_app
from server.context import ServerContext
from server.settings import ServerSettings


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgreSQLExecutor]:
    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    with running_postgresql() as executor:
        yield executor


def _admin_connection(server: PostgreSQLExecutor) -> psycopg2.extensions.connection:
    connection = psycopg2.connect(host=server.host, port=server.port, user=server.user, dbname="postgres")
    connection.autocommit = True
    return connection


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh database on the throwaway PostgreSQL."""
    if request.param == "sqlite":
        yield ""
        return
    server: PostgreSQLExecutor = request.getfixturevalue("postgresql_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    connection = _admin_connection(server)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg2://{server.user}@{server.host}:{server.port}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> ServerSettings:
    return ServerSettings(data_dir=tmp_path / "server", database_url=database_url, **CHEAP_ARGON2)


@pytest.fixture
def context(settings: ServerSettings, clock: FakeClock) -> Iterator[ServerContext]:
    built = build_context(settings, clock=clock)
    yield built
    built.engine.dispose()


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> ServerSettings:
    return ServerSettings(data_dir=tmp_path / "server", **CHEAP_ARGON2)


@pytest.fixture
def client(sqlite_settings: ServerSettings, clock: FakeClock) -> Iterator[TestClient]:
    """The whole app in process, on SQLite (the API and console tests)."""
    app = create_app(sqlite_settings, clock=clock)
    with TestClient(app) as test_client:
        yield test_client
