"""Fixtures: a real kiosk database file and the default queue services at a fixed open hour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from kiosk.config import Settings
from kiosk.queue.desk import rules_from_settings
from kiosk.queue.services import QueueRules
from kiosk.storage.database import open_database

# Monday 30 November 2026, 10:00 in Shanghai: every default service is open.
OPEN_MONDAY = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path)
    yield database
    database.conn.close()


@pytest.fixture
def rules() -> QueueRules:
    return rules_from_settings(Settings())
