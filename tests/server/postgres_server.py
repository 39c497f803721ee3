"""A throwaway PostgreSQL on loopback for the storage tests, run as an unprivileged user.

pytest-postgresql's `postgresql_proc` fixture puts the data directory under pytest's
temp folder, which is mode 0700 and owned by root; PostgreSQL refuses to run as root, and
as `nobody` it cannot reach that folder. So this module uses pytest-postgresql's executor
with a data folder of its own (owned by the unprivileged user) and, when the tests run as
root, a two-line pg_ctl wrapper that drops privileges with runuser.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from port_for import get_port
from pytest_postgresql.executors import PostgreSQLExecutor

UNPRIVILEGED_USER = "nobody"


def find_pg_ctl() -> str | None:
    """pg_ctl on PATH, else the newest Debian/Ubuntu cluster binary."""
    found = shutil.which("pg_ctl")
    if found:
        return found

    def version(path: str) -> float:
        try:
            return float(Path(path).parts[-3])
        except ValueError:
            return 0.0

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version, reverse=True)
    return candidates[0] if candidates else None


def why_unavailable() -> str | None:
    """None if a server can be started here, else the reason to skip."""
    if find_pg_ctl() is None:
        return "PostgreSQL server binaries (pg_ctl) are not installed; run packaging/setup-dev.sh"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and runuser (util-linux) is missing to run PostgreSQL unprivileged"
    return None


def _owned_dir(prefix: str, uid: int, gid: int) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    os.chown(path, uid, gid)
    return path


def _wait_until_accepting(executor: PostgreSQLExecutor, *, timeout_s: float = 60.0) -> None:
    """The TCP port opens before recovery ends ("the database system is starting up")."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            psycopg2.connect(
                host=executor.host,
                port=executor.port,
                user=executor.user,
                dbname="postgres",
                connect_timeout=5,
            ).close()
            return
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def running_postgresql(*, durable: bool = False) -> Iterator[PostgreSQLExecutor]:
    """Start a server on a free loopback port; `durable=False` turns fsync off (tests only)."""
    pg_ctl = find_pg_ctl()
    assert pg_ctl is not None
    wrapper_dir: Path | None = None
    if os.geteuid() == 0:
        account = pwd.getpwnam(UNPRIVILEGED_USER)
        base = _owned_dir("lawpost-pg-", account.pw_uid, account.pw_gid)
        base.chmod(0o700)
        wrapper_dir = Path(tempfile.mkdtemp(prefix="lawpost-pgctl-"))
        executable = wrapper_dir / "pg_ctl"
        # cd / first: runuser keeps the current folder, which nobody may not be able to read.
        executable.write_text(f'#!/bin/sh\ncd /\nexec runuser -u {UNPRIVILEGED_USER} -- "{pg_ctl}" "$@"\n')
        executable.chmod(stat.S_IRWXU)
        pg_ctl = str(executable)
    else:
        base = Path(tempfile.mkdtemp(prefix="lawpost-pg-"))
    executor = PostgreSQLExecutor(
        executable=pg_ctl,
        host="127.0.0.1",
        port=get_port(None),
        datadir=str(base / "data"),
        unixsocketdir=str(base),
        logfile=str(base / "postgresql.log"),
        startparams="-w",
        dbname="lawpost_test",
        user="postgres",
        password="",
        options="",
        postgres_options="" if durable else "-c fsync=off -c full_page_writes=off",
    )
    executor.start()
    try:
        _wait_until_accepting(executor)
        yield executor
    finally:
        executor.stop()
        shutil.rmtree(base, ignore_errors=True)
        if wrapper_dir is not None:
            shutil.rmtree(wrapper_dir, ignore_errors=True)
