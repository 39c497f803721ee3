"""Settings of the central server (a frozen dataclass built by the CLI or by tests)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

DATABASE_FILE = "server.db"
PRIVATE_KEY_FILE = "server_private.key"
UPDATES_DIR = "updates"
ONLINE_KEY_FILE = "updates_online.key"


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
    # Send the console cookie only over HTTPS. It is on anyway when public_origin is https://.
    cookie_secure: bool = False
    # The address people and kiosks use, e.g. "https://lawpost.sfj.example.gov.cn"; its host is
    # accepted in the Host header and an https:// origin makes the session cookie Secure.
    public_origin: str = ""
    # Host names (no port) accepted in the Host header besides public_origin's. Others get 400,
    # so a forged Host cannot steer links or redirects. The defaults serve loopback (the demo,
    # `lawpost server` on 127.0.0.1) and "testserver" (the in-process test client).
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1", "testserver")
    # Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For is believed. Empty:
    # no one's, the peer address is the client (a forged header cannot dodge the login limit).
    trusted_proxies: tuple[str, ...] = ()
    # argon2 password checks running at once (each uses 64 MiB and a core for ~50-100 ms);
    # further logins wait without holding a database connection or a worker thread, up to 32
    # per running check; beyond that a login is answered 429 + Retry-After at once.
    max_parallel_password_checks: int = 1
    # Seconds of password checking per second each worker process may spend on average (the
    # CPU a login flood may take from the kiosks; server/services/password_gate.py). A check
    # is ~0.12 s on an idle 2-core machine (4 lanes, ~0.25 s CPU): 0.1 ≈ 0.8 checks/s/worker. Logins
    # beyond it are answered 429 "busy" at once. 0 = no budget (only the queue bound).
    password_check_share: float = 0.1
    # How far below the kiosks' requests password checks run (nice value added to the checks'
    # own threads, Linux; capped at 19): the cores go to heartbeats first, a login flood gets
    # what is left. 19 rather than 10: under a flood on a busy 2-core server, 10 let about twice
    # as many heartbeats go over 100 ms (docs/benchmarks.md, the fleet under load).
    password_check_niceness: int = 19
    # Cores the checks may use (the last ones; 0: any): argon2 runs four lanes, which on a 2-core
    # server took both cores at once; kept to one, the other is always there for the kiosks.
    password_check_cores: int = 1
    # Wrong enrollment codes from one address within 15 minutes before it must wait.
    max_enroll_failures_per_address: int = 10
    # New items for the staff inbox (anything but usage events) one kiosk may send per hour;
    # beyond it the batch is answered 429 + Retry-After and the kiosk keeps it for later.
    max_inbox_items_per_device_hour: int = 200
    # Seconds the fleet page's figures may be old: each worker reads the whole fleet at most
    # this often, however many technicians look (the page shows when it read them).
    fleet_page_max_age_s: float = 5.0
    # Time zone whose calendar days the statistics count in.
    stats_time_zone: str = "Asia/Shanghai"
    # Largest accepted ingest batch (the contract says 500; more → 413).
    max_batch_items: int = 500
    # Largest request body; bigger ones get 413 before they are read (a kiosk then splits its
    # batch). Sealed items are at most 1 MB each.
    max_request_mb: int = 32
    # Video consultation (docs/video.md). TURN/STUN URLs handed to both ends, e.g.
    # ("turn:turn.example.cn:3478?transport=udp",); empty = host candidates only (LAN, tests).
    turn_urls: tuple[str, ...] = ()
    # coturn's static-auth-secret; credentials derived from it expire after turn_ttl_s.
    turn_secret: str = ""
    turn_ttl_s: int = 3600
    # "relay" forces every call through TURN (tests, or networks that must not reveal addresses).
    ice_transport_policy: str = "all"
    # A waiting visitor whose kiosk stopped asking for this long leaves the queue.
    video_poll_timeout_s: int = 20
    # A lawyer whose console page stopped refreshing for this long no longer counts as on duty.
    lawyer_seen_timeout_s: int = 60
    # Content-pack publishing (docs/publishing.md). The online key signs channels, snapshot and
    # timestamp; empty = data_dir/updates_online.key. The repository root must have been set up
    # to trust it (`lawpost pack repo-init`).
    updates_online_key_path: str = ""
    # The static repository folder; empty = data_dir/updates. data_dir is private (0700, it holds
    # keys), so when nginx (www-data) serves the repository directly, put it outside, e.g.
    # /var/lib/lawpost/updates, readable by nginx and writable only by the server.
    updates_repo_dir: str = ""
    # Largest signed bundle `lawpost pack publish` may upload (only the blobs the server lacks).
    max_bundle_mb: int = 1024
    # How often the server's job applies due scheduled publishes and re-signs timestamp/snapshot
    # before they expire (timestamp lives 1 day).
    updates_job_interval_s: int = 60

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
    def updates_dir(self) -> Path:
        """The static TUF repository served at /updates/ (nginx may serve it directly)."""
        if self.updates_repo_dir:
            return Path(self.updates_repo_dir).expanduser()
        return self.data_dir / UPDATES_DIR

    @property
    def resolved_online_key_path(self) -> Path:
        if self.updates_online_key_path:
            return Path(self.updates_online_key_path).expanduser()
        return self.data_dir / ONLINE_KEY_FILE

    @property
    def secure_cookies(self) -> bool:
        return self.cookie_secure or self.public_origin.lower().startswith("https://")

    @property
    def offline_after_s(self) -> int:
        return self.heartbeat_interval_s * self.offline_after_missed_beats

    def with_overrides(self, **changes: Any) -> ServerSettings:
        """A copy with some fields changed (used by tests and tools)."""
        return replace(self, **changes)

    def with_limits(self, limits: dict[str, Any], *, own_keys: Collection[str] = ()) -> ServerSettings:
        """A copy with the `[server.limits]` table of the settings file applied: any number or
        switch of these settings by its field name (the alert thresholds, lockout, argon2 cost,
        password-check priority, inbox and batch limits …). Paths, addresses, names and the
        database have their own `[server]` keys and are not limits. ValueError names the first
        entry that cannot be used."""
        scalars = {f.name: type(getattr(self, f.name)) for f in fields(self)}
        changes: dict[str, Any] = {}
        for name, value in limits.items():
            kind = scalars.get(name)
            if name in own_keys:
                raise ValueError(f"server.limits.{name} 请写在 [server] 里 (set it in [server] itself)")
            if kind not in (int, float, bool):
                raise ValueError(f"未知的限额设置 server.limits.{name} (not a server limit)")
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise ValueError(
                    f"server.limits.{name} 应为 {kind.__name__} 类型 (must be {kind.__name__}, got {value!r})"
                )
            if kind in (int, float) and value < 0:
                raise ValueError(f"server.limits.{name} 不能为负数 (must not be negative, got {value!r})")
            changes[name] = value
        return replace(self, **changes)

