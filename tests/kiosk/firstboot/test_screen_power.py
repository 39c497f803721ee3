"""The screen's sleep schedule with a clock: awake in opening hours, dark after idle minutes
outside them, woken by a touch that presses nothing; and the real switches' commands."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.firstboot.screen_power import (
    BacklightPower,
    FakeScreenPower,
    ScreenSleep,
    SleepSchedule,
    WlrRandrPower,
)
from kiosk.queue.desk import rules_from_settings

RULES = rules_from_settings(Settings())  # 08:30–12:00, 14:00–17:30 Mon–Fri, Asia/Shanghai
MONDAY_10 = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
MONDAY_21 = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)  # 21:00
SATURDAY_10 = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
LUNCH = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)  # 12:30, between the two spans


def is_open(moment: datetime) -> bool:
    local = RULES.local(moment)
    return any(service.is_open(local) for service in RULES.services)


class Clocks:
    def __init__(self, wall: datetime) -> None:
        self.wall = wall
        self.mono = 0.0

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


def _sleep(wall: datetime, *, enabled: bool = True) -> tuple[ScreenSleep, FakeScreenPower, Clocks]:
    clocks = Clocks(wall)
    power = FakeScreenPower()
    schedule = SleepSchedule(enabled=enabled, sleep_after_s=600, is_open=is_open)
    return ScreenSleep(schedule, power, now=lambda: clocks.wall, monotonic=lambda: clocks.mono), power, clocks


def test_never_dark_in_opening_hours_however_long_idle() -> None:
    sleep, power, clocks = _sleep(MONDAY_10)
    for _ in range(8):
        clocks.advance(15 * 60)  # until 12:00
        sleep.tick()
        if not is_open(clocks.wall):
            break
        assert not sleep.asleep and power.switches == []


def test_outside_hours_dark_after_the_idle_minutes_and_a_touch_wakes_without_pressing() -> None:
    sleep, power, clocks = _sleep(MONDAY_21)
    clocks.advance(599)
    assert not sleep.tick() and not sleep.asleep
    clocks.advance(1)
    assert sleep.tick() and sleep.asleep and power.switches == [False]
    assert sleep.touched() is True  # the waking touch is swallowed
    assert not sleep.asleep and power.switches == [False, True]
    assert sleep.touched() is False  # the next one presses as usual
    clocks.advance(300)
    assert not sleep.tick() and not sleep.asleep  # idle counts from the last touch


def test_weekends_and_the_lunch_break_are_outside_hours() -> None:
    for moment in (SATURDAY_10, LUNCH):
        sleep, _power, clocks = _sleep(moment)
        clocks.advance(600)
        sleep.tick()
        assert sleep.asleep, moment


def test_opening_time_wakes_a_dark_screen() -> None:
    sleep, power, clocks = _sleep(datetime(2026, 11, 30, 0, 20, tzinfo=UTC))  # 08:20
    clocks.advance(600)  # 08:30: the hall opens as the idle minutes run out
    sleep.tick()
    assert not sleep.asleep
    sleep, power, clocks = _sleep(datetime(2026, 11, 30, 0, 10, tzinfo=UTC))  # 08:10
    clocks.advance(600)
    sleep.tick()
    assert sleep.asleep
    clocks.advance(600)  # 08:30
    assert sleep.tick() and not sleep.asleep and power.switches == [False, True]


def test_switched_off_by_default_setting() -> None:
    sleep, power, clocks = _sleep(MONDAY_21, enabled=False)
    clocks.advance(24 * 3600)
    sleep.tick()
    assert not sleep.asleep and power.switches == []


def test_wlr_randr_switches_every_output_it_lists() -> None:
    calls: list[list[str]] = []

    def run(args: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        listing = 'HDMI-A-1 "Iiyama 32"\n  Enabled: yes\n  Modes:\n    1920x1080 px\neDP-1 "Panel"\n'
        return subprocess.CompletedProcess(args, 0, stdout=listing if args == ["wlr-randr"] else "")

    assert WlrRandrPower(run=run).set_on(False)
    assert calls[1:] == [["wlr-randr", "--output", "HDMI-A-1", "--off"],
                         ["wlr-randr", "--output", "eDP-1", "--off"]]


def test_backlight_writes_the_blank_levels(tmp_path: Path) -> None:
    panel = tmp_path / "intel_backlight"
    panel.mkdir()
    (panel / "bl_power").write_text("0")
    power = BacklightPower(tmp_path)
    assert power.set_on(False) and (panel / "bl_power").read_text() == "4"
    assert power.set_on(True) and (panel / "bl_power").read_text() == "0"
    assert not BacklightPower(tmp_path / "none").set_on(False)  # no panel: the kiosk shows black
