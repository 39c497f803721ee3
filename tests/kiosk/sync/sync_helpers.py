"""Helpers of the sync tests: enrolling a kiosk database locally or with the live server."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import sqlite_utils
from nacl.public import PrivateKey

from kiosk.config import SyncSettings
from kiosk.sync.client import enroll
from kiosk.sync.enrollment import save_enrollment
from kiosk.sync.wire import EnrollResponse

# The live-server helper is shared with tests/reliability (test folders are not packages here).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "reliability"))

from sync_server import LiveServer

# Worker settings for tests: small batches and a backoff measured in tenths of a second.
FAST = SyncSettings(
    batch_size=25, backoff_base_s=0.05, backoff_cap_s=0.2, connect_timeout_s=2, read_timeout_s=5
)


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


def enroll_with(db: sqlite_utils.Database, server: LiveServer, *, url: str | None = None) -> str:
    """Enroll the kiosk database with the live server through the real client; returns device id."""
    answer = enroll(
        server_url=server.url, code=server.new_code(), kiosk_name="测试点", app_version="0.1.0"
    )
    save_enrollment(db, server_url=url or server.url, kiosk_name="测试点", answer=answer)
    return answer["device_id"]
