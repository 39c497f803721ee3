"""When the first-boot wizard is shown, which of its steps are asked, and where its answers go.

The wizard is shown when the kiosk has no configuration, precisely: it has not completed the
wizard before, and at least one of these is missing —
  * a service point name: `[kiosk] service_point_name` given by the configuration file or by the
    wizard's own file (the built-in sample name does not count);
  * an enrollment: the kiosk is not enrolled with a server, no enrollment code in the
    configuration file will enrol it, and the wizard's "enrol later" was not chosen;
  * a technician PIN: none stored, and no `[technician] pin_hash` in the configuration file.
A kiosk that was configured before the wizard existed (name in /etc, enrolled, PIN set) never
sees it. Once shown, each step is asked unless the configuration file already decides it.
Answers go to <data folder>/kiosk-local.toml (kiosk.config.LOCAL_SETTINGS_FILE), never to /etc.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import LOCAL_KEYS, LOCAL_SETTINGS_FILE, Settings, read_local_settings

STEPS = ("place", "orientation", "server", "printer", "pin")

# The configuration keys that, given by the file, make a step unnecessary.
_DECIDED_BY = {
    "place": ("kiosk.service_point_name",),
    "orientation": ("screen.orientation", "screen.width", "screen.height"),
    "server": ("sync.enrollment_code",),
    "printer": ("forms.a4_queue", "ticket_printer.connection"),
    "pin": ("technician.pin_hash",),
}


@dataclass(frozen=True)
class KioskFacts:
    """What the kiosk's database says, read by the caller (this module does not open it)."""

    enrolled: bool
    pin_set: bool


def setup_record(data_dir: Path) -> dict[str, Any]:
    """The wizard's own bookkeeping: {"completed": bool, "enroll_later": bool}."""
    table = read_local_settings(data_dir).get("setup", {})
    return table if isinstance(table, dict) else {}


def _decided(settings: Settings, step: str) -> bool:
    keys = _DECIDED_BY[step]
    if step == "orientation":
        return any(key in settings.supplied for key in keys)
    return all(key in settings.supplied for key in keys) if step == "printer" else (
        keys[0] in settings.supplied)


def needs_setup(settings: Settings, facts: KioskFacts) -> bool:
    record = setup_record(settings.data_dir)
    if record.get("completed"):
        return False
    local = read_local_settings(settings.data_dir)
    named = "kiosk.service_point_name" in settings.supplied or bool(
        local.get("kiosk", {}).get("service_point_name"))
    will_enroll = facts.enrolled or bool(record.get("enroll_later")) or (
        bool(settings.sync.enrollment_code) and bool(settings.sync.server_url))
    has_pin = facts.pin_set or bool(settings.technician.pin_hash)
    return not (named and will_enroll and has_pin)


def steps_to_ask(settings: Settings) -> list[str]:
    """The wizard's steps in order, without those the configuration file decides."""
    return [step for step in STEPS if not _decided(settings, step)]


def save_answers(data_dir: Path, answers: dict[str, dict[str, Any]],
                 setup: dict[str, Any] | None = None) -> None:
    """Merge `answers` ({section: {key: value}}) into the wizard's file, written atomically so a
    power cut leaves the old file or the new one."""
    current = read_local_settings(data_dir)
    for section, values in answers.items():
        for key in values:
            if f"{section}.{key}" not in LOCAL_KEYS:
                raise ValueError(f"{section}.{key} is not a wizard setting")
        current.setdefault(section, {}).update(values)
    if setup:
        current.setdefault("setup", {}).update(setup)
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / LOCAL_SETTINGS_FILE
    temporary = target.with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(dumps_toml(current))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch >= " " else f"\\u{ord(ch):04x}" for ch in text) + '"'


def dumps_toml(tables: dict[str, dict[str, Any]]) -> str:
    """Tables of scalars as TOML (tomllib reads, it does not write)."""
    lines = ["# Written by the kiosk's first-boot set-up; /etc/lawpost/kiosk.toml overrides any key."]
    for name, table in tables.items():
        lines += ["", f"[{name}]"] + [f"{key} = {_value(value)}" for key, value in table.items()]
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # what we cannot read back we must not write
    return text


def oriented_size(width: int, height: int, orientation: str) -> tuple[int, int]:
    """The window size for an orientation: the panel's long side vertical for portrait."""
    long_side, short_side = max(width, height), min(width, height)
    return (short_side, long_side) if orientation == "portrait" else (long_side, short_side)
