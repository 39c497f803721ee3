"""The idle clock decides when to ask and when to wipe."""

from kiosk.idle import IdleClock, IdlePhase


def test_phases_and_seconds_left() -> None:
    clock = IdleClock(idle_timeout_s=90, countdown_s=15)
    clock.touch(0)
    assert clock.phase(89.9) is IdlePhase.ACTIVE
    assert clock.phase(90) is IdlePhase.COUNTDOWN
    assert clock.seconds_left(90) == 15
    assert clock.seconds_left(100.5) == 5
    assert clock.phase(105) is IdlePhase.EXPIRED
    clock.touch(104)
    assert clock.phase(105) is IdlePhase.ACTIVE
