"""Everything the running server shares: settings, engine, sessions, the key, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.services.keys import SealedOpener
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
    login_throttle: LoginThrottle
    # Injected so tests can move time (idle timeouts, lockouts, offline kiosks) without sleeping.
    clock: Clock
