"""Fixtures for the sync tests: a real kiosk database file, a server keypair, the live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from nacl.public import PrivateKey
from sync_helpers import LiveServer
from sync_server import start_server

from kiosk.storage.database import open_database


@pytest.fixture
def kiosk_db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(tmp_path / "kiosk")
    yield db
    db.close()


@pytest.fixture
def server_key() -> PrivateKey:
    return PrivateKey.generate()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real central server app, over loopback, shared by one test module."""
    server = start_server(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()
