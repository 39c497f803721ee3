"""Shared by the server benchmarks: a real `lawpost server` process, provisioning, PostgreSQL."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from importlib import metadata
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("fastapi", "uvicorn", "sqlalchemy", "psycopg2-binary")
    )
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {versions}; "
        "client and server share the cores"
    )


@contextmanager
def server_process(
    *,
    data_dir: Path,
    database_url: str,
    port: int,
    workers: int = 1,
    config: Path | None = None,
    log: Path | None = None,
) -> Iterator[str]:
    """`lawpost server` in its own process (`workers` uvicorn workers), until the block ends."""
    command = [sys.executable, "-m", "lawpost"]
    if config is not None:
        command += ["--config", str(config)]
    command += ["server", "--data", str(data_dir), "--port", str(port), "--workers", str(workers)]
    if database_url:
        command += ["--db", database_url]
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or a worker still starting
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("lawpost server did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if log is not None and hasattr(output, "close"):
            output.close()


def provision(*, data_dir: Path, database_url: str, count: int) -> list[str]:
    """Enroll `count` kiosks straight through the service layer; returns their tokens."""
    from server.app import build_context
    from server.services import enrollment
    from server.settings import ServerSettings

    context = build_context(ServerSettings(data_dir=data_dir, database_url=database_url))
    tokens: list[str] = []
    try:
        with context.session_factory() as session:
            now = context.clock()
            for number in range(count):
                code, _ = enrollment.create_code(session, created_by="bench", now=now, ttl=timedelta(hours=1))
                enrolled = enrollment.enroll(
                    session, code=code, kiosk_name=f"bench-{number:04d}", app_version="bench", now=now
                )
                tokens.append(enrolled.device_token)
            session.commit()
    finally:
        context.engine.dispose()
    return tokens


@contextmanager
def throwaway_postgresql() -> Iterator[str]:
    """A database URL on a temporary PostgreSQL (the same helper the tests use)."""
    sys.path.insert(0, str(ROOT / "tests" / "server"))
    import psycopg2
    from postgres_server import running_postgresql, why_unavailable

    reason = why_unavailable()
    if reason:
        raise RuntimeError(reason)
    # Real durability settings: the test helper turns fsync off, a benchmark must not.
    with running_postgresql(durable=True) as server:
        connection = psycopg2.connect(host=server.host, port=server.port, user=server.user, dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute('CREATE DATABASE "bench"')
        connection.close()
        yield f"postgresql+psycopg2://{server.user}@{server.host}:{server.port}/bench"
