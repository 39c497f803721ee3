"""Builds the SQLAlchemy engine and session factory for SQLite or PostgreSQL from one URL."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from server.settings import ServerSettings

# Execution option of a transaction whose loss in a power cut costs nothing: a heartbeat is a
# state snapshot the kiosk sends again 30 s later. Such transactions do not wait for the disk
# (SQLite: synchronous=NORMAL, which in WAL mode keeps the database consistent and may lose only
# the newest commits; PostgreSQL: synchronous_commit=off, the same promise). Every other
# transaction — an acknowledged ingest batch above all — keeps the full fsync at commit.
RELAXED_DURABILITY = "lawpost_relaxed_durability"


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Transactions are issued by the "begin" hook below, not by the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("pragma journal_mode = wal")
        # FULL: an acknowledged ingest batch must survive a power cut (the kiosk deletes it).
        cursor.execute("pragma synchronous = full")
        cursor.execute("pragma foreign_keys = on")
        cursor.execute("pragma busy_timeout = 15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Set per transaction (the one pooled connection serves both kinds), outside it.
        relaxed = connection.get_execution_options().get(RELAXED_DURABILITY, False)
        connection.exec_driver_sql(f"pragma synchronous = {'normal' if relaxed else 'full'}")
        # IMMEDIATE takes the write lock at BEGIN: two writers then queue on busy_timeout
        # instead of failing with "database is locked" when a read transaction upgrades.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _prepare_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(RELAXED_DURABILITY, False):
            # LOCAL: for this transaction only; the pooled connection goes back unchanged.
            connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def build_engine(settings: ServerSettings) -> Engine:
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        # One connection: SQLite has one writer anyway, and requests queued on the pool are
        # woken the moment it is free, whereas writers queued on SQLite's busy handler sleep in
        # growing steps (up to 100 ms), which made the heartbeat p99 ten times worse.
        # Sessions give the connection back at commit, so a request holds it only briefly.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15.0},
            pool_size=1,
            max_overflow=0,
            pool_timeout=30,
        )
        _prepare_sqlite(engine)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    _prepare_postgresql(engine)
    return engine


def build_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
