"""The screen's sleep: never during opening hours, after N idle minutes outside them (when
`[screen] sleep_outside_hours`), woken by a touch — and the small interface that switches the
panel off and on, with its real implementations and a fake.

Which tool switches the panel (docs/deploy.md): Debian 12's cage 0.1.4 offers neither
wlr-output-power-management nor wlr-output-management (its binary creates only the xdg-output,
idle and idle-inhibit globals), so `wlopm` and `wlr-randr` both find nothing to talk to there.
`auto` therefore tries `wlr-randr --output NAME --off/--on` (works under a compositor that offers
wlr-output-management, e.g. cage ≥ 0.2 in Debian 13) and falls back to the panel's backlight
(`/sys/class/backlight/*/bl_power`, writable by the lawpost group through a udev rule). Whatever
the panel does, the kiosk also shows black while asleep, so a screen that cannot be switched off
is at least dark and burns no image in.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

BACKLIGHT_DIR = Path("/sys/class/backlight")
_FB_BLANK_UNBLANK, _FB_BLANK_POWERDOWN = "0", "4"


class ScreenPower(Protocol):
    name: str

    def set_on(self, on: bool) -> bool:
        """Switch the panel; False when it could not be done (the black screen still shows)."""
        ...


class NoScreenPower:
    """Nothing to switch: the kiosk only shows black."""

    name = "none"

    def set_on(self, on: bool) -> bool:
        return False


@dataclass
class FakeScreenPower:
    """For tests: remembers every switch."""

    name: str = "fake"
    switches: list[bool] = field(default_factory=list)

    @property
    def on(self) -> bool:
        return not self.switches or self.switches[-1]

    def set_on(self, on: bool) -> bool:
        self.switches.append(on)
        return True


class WlrRandrPower:
    """`wlr-randr --output NAME --off|--on` for every output the compositor lists."""

    name = "wlr-randr"

    def __init__(self, run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> None:
        self._run = run

    def outputs(self) -> list[str]:
        try:
            listing = self._run(["wlr-randr"], capture_output=True, text=True, timeout=5, check=True)
        except (OSError, subprocess.SubprocessError):
            return []
        # Output lines start in column 0 ("HDMI-A-1 "Make Model""); their properties are indented.
        return [line.split()[0] for line in listing.stdout.splitlines() if line and not line[0].isspace()]

    def set_on(self, on: bool) -> bool:
        done = False
        for output in self.outputs():
            try:
                self._run(["wlr-randr", "--output", output, "--on" if on else "--off"],
                          capture_output=True, text=True, timeout=5, check=True)  # fmt: skip
                done = True
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("wlr-randr could not switch %s: %s", output, type(exc).__name__)
        return done


class BacklightPower:
    """The panel's backlight power (fbdev blank levels in bl_power)."""

    name = "backlight"

    def __init__(self, root: Path = BACKLIGHT_DIR) -> None:
        self._root = root

    def devices(self) -> list[Path]:
        return sorted(path for path in self._root.glob("*/bl_power") if path.is_file())

    def set_on(self, on: bool) -> bool:
        done = False
        for path in self.devices():
            try:
                path.write_text(_FB_BLANK_UNBLANK if on else _FB_BLANK_POWERDOWN)
                done = True
            except OSError as exc:
                log.warning("backlight %s not writable: %s", path.parent.name, type(exc).__name__)
        return done


def choose_screen_power(setting: str) -> ScreenPower:
    """The implementation `[screen] power_control` names; "auto" picks what this machine has."""
    if setting == "wlr-randr":
        return WlrRandrPower()
    if setting == "backlight":
        return BacklightPower()
    if setting == "auto":
        randr = WlrRandrPower()
        if shutil.which("wlr-randr") and randr.outputs():
            return randr
        backlight = BacklightPower()
        if backlight.devices():
            return backlight
    return NoScreenPower()


class SleepSchedule:
    """Decides, from the time and the idle time, whether the screen should be dark. Qt-free."""

    def __init__(self, *, enabled: bool, sleep_after_s: float,
                 is_open: Callable[[datetime], bool]) -> None:
        self._enabled = enabled
        self._sleep_after_s = sleep_after_s
        self._is_open = is_open

    def should_sleep(self, now: datetime, idle_s: float) -> bool:
        return self._enabled and not self._is_open(now) and idle_s >= self._sleep_after_s


class ScreenSleep:
    """The screen's state: `tick` on a timer, `touched` on every press. While dark, the press that
    wakes the screen is swallowed (`touched` returns True), so it does not press a button."""

    def __init__(self, schedule: SleepSchedule, power: ScreenPower, *,
                 now: Callable[[], datetime], monotonic: Callable[[], float]) -> None:
        self._schedule = schedule
        self._power = power
        self._now = now
        self._monotonic = monotonic
        self._last_touch = monotonic()
        self.asleep = False

    def tick(self) -> bool:
        """Apply the schedule; True when the state changed."""
        sleep = self._schedule.should_sleep(self._now(), self._monotonic() - self._last_touch)
        if sleep == self.asleep:
            return False
        self._switch(not sleep)
        return True

    def touched(self) -> bool:
        self._last_touch = self._monotonic()
        if not self.asleep:
            return False
        self._switch(True)
        return True

    def keep_on(self) -> None:
        """During opening hours (and at start) the panel is switched on whatever left it off."""
        self._switch(True)

    def _switch(self, on: bool) -> None:
        self.asleep = not on
        if not self._power.set_on(on):
            log.info("screen %s shown by the kiosk only (%s)", "on" if on else "dark", self._power.name)
