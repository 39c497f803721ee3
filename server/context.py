"""Everything the running server shares: settings, engine, sessions, the key, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.services.audit_brake import AuditBrake
from server.services.fleet_snapshot import FleetSnapshots
from server.services.keys import SealedOpener
from server.services.password_gate import PasswordGate
from server.services.throttle import LoginThrottle
from server.services.users import Passwords
from server.settings import ServerSettings

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ServerContext:
    settings: ServerSettings
    engine: Engine
    session_factory: sessionmaker[Session]
    opener: SealedOpener
    zone: ZoneInfo
    passwords: Passwords
    # argon2 checks off the event loop and the database, a bounded number at a time.
    password_gate: PasswordGate
    login_throttle: LoginThrottle
    enroll_throttle: LoginThrottle
    # Audit rows anyone can cause without a login are thinned out (see audit_brake).
    audit_brake: AuditBrake
    # Injected so tests can move time (idle timeouts, lockouts, offline kiosks) without sleeping.
    clock: Clock
    # The fleet page's kept figures (a few seconds old at most), one per worker process.
    fleet_snapshots: FleetSnapshots = field(
        default_factory=lambda: FleetSnapshots(max_age=timedelta(seconds=5))
    )
    # Unknown draft codes per kiosk (server.api.handoff): a few an hour, then 429.
    handoff_throttle: LoginThrottle = field(
        default_factory=lambda: LoginThrottle(max_failures=10, window=timedelta(hours=1))
    )
