"""The daily backup on PostgreSQL: pg_dump of a live, migrated server database restores into an
empty database with every row and the same schema version, and a wrong address fails with a
sentence instead of a traceback."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from pytest_postgresql.executors import PostgreSQLExecutor
from server_helpers import CHEAP_ARGON2, create_user, enroll_device

from lawpost.backup import main
from server.app import build_context
from server.settings import ServerSettings

pytestmark = pytest.mark.postgres

_TABLES = ("devices", "users", "alembic_version")


def _admin(server: PostgreSQLExecutor) -> psycopg2.extensions.connection:
    connection = psycopg2.connect(host=server.host, port=server.port, user=server.user, dbname="postgres")
    connection.autocommit = True
    return connection


@pytest.fixture
def two_databases(postgresql_server: PostgreSQLExecutor) -> Iterator[tuple[str, str]]:
    """The live server's database and an empty one to restore into."""
    names = [f"b_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    admin = _admin(postgresql_server)
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    base = f"postgresql://{postgresql_server.user}@{postgresql_server.host}:{postgresql_server.port}"
    try:
        yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _contents(url: str) -> dict[str, list[tuple[object, ...]]]:
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            found = {}
            for table in _TABLES:
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # fixed table names, not input
                found[table] = cursor.fetchall()
            return found
    finally:
        connection.close()


def _config(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "server.toml"
    config.write_text(
        f'[server]\ndatabase_url = "{url.replace("postgresql://", "postgresql+psycopg2://")}"\n'
    )
    return config


def test_pg_dump_backup_restores_every_row(tmp_path: Path, two_databases: tuple[str, str]) -> None:
    live, empty = two_databases
    data = tmp_path / "server"
    settings = ServerSettings(
        data_dir=data, database_url=live.replace("postgresql://", "postgresql+psycopg2://"), **CHEAP_ARGON2
    )
    context = build_context(settings)
    create_user(context, username="clerk", role="staff")
    enroll_device(context, name="示例镇 2 号机")
    context.engine.dispose()
    before = _contents(live)
    assert before["devices"] and before["users"]

    backups = tmp_path / "backups"
    assert main(["--to", str(backups), "--config", str(_config(tmp_path, live)), "--data", str(data)]) == 0
    [made] = list(backups.iterdir())
    dump = made / "server.sql"
    assert b"CREATE TABLE" in dump.read_bytes()
    assert (made / "server_private.key").read_bytes() == (data / "server_private.key").read_bytes()

    subprocess.run(["psql", "--quiet", "--set", "ON_ERROR_STOP=1", "-d", empty, "-f", str(dump)],
                   check=True, capture_output=True)  # fmt: skip
    assert _contents(empty) == before  # the names, hashes and schema version, all of them


def test_unreachable_database_fails_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgresql_server: PostgreSQLExecutor
) -> None:
    url = (
        f"postgresql://{postgresql_server.user}@{postgresql_server.host}:{postgresql_server.port}/no_such_db"
    )
    backups = tmp_path / "backups"
    config = _config(tmp_path, url)
    code = main(["--to", str(backups), "--config", str(config), "--data", str(tmp_path / "s")])
    assert code == 1
    assert "备份失败 (backup failed)" in capsys.readouterr().err
    assert not any(backups.iterdir())  # no half-made backup left looking like a whole one
