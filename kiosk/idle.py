"""The visitor's idle clock: active → asking "continue?" → wipe, driven by an injected time."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class IdlePhase(Enum):
    ACTIVE = "active"
    COUNTDOWN = "countdown"
    EXPIRED = "expired"


@dataclass
class IdleClock:
    """Decides when to ask an idle visitor whether they are still there, and when to wipe.

    Time comes in through `touch(now)` and `phase(now)` so tests and the UI's timer drive it
    without sleeping.
    """

    idle_timeout_s: float
    countdown_s: float
    last_touch: float = 0.0

    def touch(self, now: float) -> None:
        self.last_touch = now

    def phase(self, now: float) -> IdlePhase:
        idle = now - self.last_touch
        if idle < self.idle_timeout_s:
            return IdlePhase.ACTIVE
        if idle < self.idle_timeout_s + self.countdown_s:
            return IdlePhase.COUNTDOWN
        return IdlePhase.EXPIRED

    def seconds_left(self, now: float) -> int:
        """Whole seconds left in the countdown (what the overlay shows)."""
        import math

        left = self.idle_timeout_s + self.countdown_s - (now - self.last_touch)
        return max(0, min(int(self.countdown_s), math.ceil(left)))
