"""Settings of the central server (a frozen dataclass built by the CLI or by tests)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DATABASE_FILE = "server.db"
PRIVATE_KEY_FILE = "server_private.key"


@dataclass(frozen=True)
class ServerSettings:
    # Folder that holds the SQLite file and the keypair; created on start.
    data_dir: Path
    # SQLAlchemy URL; empty = one SQLite file in data_dir (zero set-up).
    database_url: str = ""
    # Private X25519 key that opens the kiosks' sealed payloads;
    # empty = data_dir/server_private.key (created on first start, mode 0600).
    private_key_path: str = ""
    # Beat interval handed to kiosks on enrollment and in every heartbeat answer.
    heartbeat_interval_s: int = 30
    # A kiosk that missed this many beats in a row shows as offline.
    offline_after_missed_beats: int = 3
    # Alert thresholds (see docs/server.md, "Alerts").
    disk_low_mb: int = 1024
    # A kiosk whose disk is this full (per cent of its size, from disk_total_mb) raises disk_low
    # too, while there is still room to act; small disks reach 80 % long before 1 GB is left.
    disk_alert_percent: int = 80
    outbox_stuck_s: int = 3600
    # Personal data of handled submissions is deleted this many days after handling
    # (`lawpost server purge`, run daily); unhandled ones are kept until someone acts on them.
    retention_days: int = 180
    # Enrollment codes are single use and expire after this many minutes.
    enrollment_code_ttl_minutes: int = 24 * 60
    # Console: idle timeout, lockout after this many failed logins, for this long.
    session_idle_minutes: int = 30
    max_login_failures: int = 5
    lockout_minutes: int = 15
    # Failed logins from one address within 15 minutes before it must wait (any accounts).
    max_login_failures_per_address: int = 20
    # argon2id cost of console passwords (RFC 9106 low-memory profile by default).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    # Send the console cookie only over HTTPS; turn on behind a TLS proxy.
    cookie_secure: bool = False
    # Time zone whose calendar days the statistics count in.
    stats_time_zone: str = "Asia/Shanghai"
    # Largest accepted ingest batch (the contract says 500; more → 413).
    max_batch_items: int = 500
    # Largest request body; bigger ones get 413 before they are read (a kiosk then splits its
    # batch). Sealed items are at most 1 MB each.
    max_request_mb: int = 32

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / DATABASE_FILE).resolve()}"

    @property
    def resolved_private_key_path(self) -> Path:
        if self.private_key_path:
            return Path(self.private_key_path).expanduser()
        return self.data_dir / PRIVATE_KEY_FILE

    @property
    def offline_after_s(self) -> int:
        return self.heartbeat_interval_s * self.offline_after_missed_beats

    def with_overrides(self, **changes: Any) -> ServerSettings:
        """A copy with some fields changed (used by tests and tools)."""
        return replace(self, **changes)
