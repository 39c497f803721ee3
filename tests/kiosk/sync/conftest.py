"""Fixtures for the sync tests: a real kiosk database file and a locally made server keypair."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from nacl.public import PrivateKey

from kiosk.storage.database import open_database
from kiosk.sync.enrollment import save_enrollment
from kiosk.sync.wire import EnrollResponse


@pytest.fixture
def kiosk_db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(tmp_path / "kiosk")
    yield db
    db.close()


@pytest.fixture
def server_key() -> PrivateKey:
    return PrivateKey.generate()


def enroll_locally(
    db: sqlite_utils.Database, key: PrivateKey, *, url: str = "http://127.0.0.1:9"
) -> None:
    """Store an enrollment as if a server had answered (for tests that need no server)."""
    save_enrollment(
        db,
        server_url=url,
        kiosk_name="测试点",
        answer=EnrollResponse(
            device_id="dev1",
            device_token="dev1.secret-token-value",
            server_public_key=base64.b64encode(bytes(key.public_key)).decode(),
            heartbeat_interval_s=30,
        ),
    )
