"""The content updater's state as the heartbeat reports it, and the channel/group the server assigns.

The updater (kiosk/updates/) keeps a status record in the kiosk's data folder; this module only
reads it, tolerating a missing or half-written file (then nothing is reported). What the server
answers about the channel and group to follow is written next to it, atomically, for the updater.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kiosk.sync.wire import UpdateStatus

STATUS_FILE = Path("updates") / "status.json"
FOLLOWING_FILE = Path("updates") / "following.json"


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _text_or_none(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def read_update_status(data_dir: Path) -> UpdateStatus | None:
    """The updater's last status, or None when there is none (yet) or it cannot be read."""
    try:
        raw = json.loads((data_dir / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    failures = _int_or_none(raw.get("failures"))
    return UpdateStatus(
        pack_id=_text_or_none(raw.get("pack_id"), 64),
        active_version=_int_or_none(raw.get("active_version")),
        last_check_at=_text_or_none(raw.get("last_check_at"), 40),
        failures=failures or 0,
        last_error=_text_or_none(raw.get("last_error"), 200),
        rolled_back_from=_int_or_none(raw.get("rolled_back_from")),
        rolled_back_at=_text_or_none(raw.get("rolled_back_at"), 40),
    )


def write_following(data_dir: Path, *, channel: str, group: str) -> None:
    """Record the channel and group the server assigned (atomic: the updater may read any time)."""
    target = data_dir / FOLLOWING_FILE
    wanted = {"channel": channel, "group": group}
    try:
        if json.loads(target.read_text(encoding="utf-8")) == wanted:
            return  # unchanged: no write every 30 s on the kiosk's flash
    except (OSError, ValueError):
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".following.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(wanted, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_following(data_dir: Path) -> tuple[str, str]:
    """(channel, group) last assigned by the server; ("stable", "") before the first answer."""
    try:
        raw = json.loads((data_dir / FOLLOWING_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stable", ""
    if not isinstance(raw, dict):
        return "stable", ""
    channel, group = raw.get("channel"), raw.get("group")
    return (
        channel if channel in ("staging", "stable") else "stable",
        group if isinstance(group, str) else "",
    )
