"""The content updater's state as the heartbeat reports it, and the channel/group the server assigns.

The updater (kiosk/updates/status.py) keeps its result record in the kiosk's data folder; this
module turns it into the heartbeat's `updates` object. What the server answers about the channel
and group to follow (set in the fleet console) is written next to it, atomically, and the updater
follows it over `[updates] channel/groups` (see `assigned`).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from kiosk.sync.wire import HeartbeatRequest, HeartbeatResponse, UpdateReport
from kiosk.updates.status import UpdateStatus, read_status

log = logging.getLogger("lawpost.sync")
FOLLOWING_FILE = Path("updates") / "following.json"


def report_from(status: UpdateStatus) -> UpdateReport | None:
    """The heartbeat's `updates` object for the updater's status record (None: it never ran)."""
    if status.last_check_at is None and status.active_version is None:
        return None
    rolled_back_from: int | None = None
    rolled_back_at: str | None = None
    # The updater keeps its alert until the next successful install; the failed version is the
    # last one it will never install again.
    if status.alert and status.failed_versions:
        version = status.failed_versions[-1].rpartition("/")[2]
        rolled_back_from = int(version) if version.isdigit() else None
        rolled_back_at = next(
            (str(e.get("at")) for e in reversed(status.history) if e.get("event") == "rolled back"), None
        )
    return UpdateReport(
        pack_id=status.active_pack_id,
        active_version=status.active_version,
        last_check_at=status.last_check_at,
        last_result=status.last_result,
        failures=status.failures,
        last_error=status.last_error[:200] if status.last_error else None,
        rolled_back_from=rolled_back_from,
        rolled_back_at=rolled_back_at,
        alert=status.alert[:300] if status.alert else None,
    )


def read_update_report(data_dir: Path) -> UpdateReport | None:
    return report_from(read_status(data_dir))


def add_update_report(body: HeartbeatRequest, data_dir: Path) -> None:
    """Put the updater's state into a heartbeat (nothing before the updater first ran)."""
    report = read_update_report(data_dir)
    if report is not None:
        body["updates"] = report


def record_assignment(data_dir: Path, answer: HeartbeatResponse) -> None:
    """Keep the channel and group the server's heartbeat answer assigns, for the updater."""
    try:
        write_following(
            data_dir, channel=answer.get("update_channel", "stable"), group=answer.get("update_group", "")
        )
    except OSError as exc:
        log.warning("could not record the update channel: %s", exc)


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


def assigned(data_dir: Path, *, channel: str, groups: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The channel and groups the updater looks up: the server's assignment once there is one
    (the fleet console is where groups are managed), else the local `[updates]` settings."""
    if not (data_dir / FOLLOWING_FILE).is_file():
        return channel, groups
    server_channel, server_group = read_following(data_dir)
    return server_channel, ((server_group,) if server_group else ()) + tuple(
        g for g in groups if g != server_group
    )
