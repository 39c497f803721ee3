"""The updater's result record (<data_dir>/updates/status.json), reported in the heartbeat."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.storage.durable import mkdir_durable, write_bytes_durably

UPDATES_DIR = "updates"
STATUS_FILE = "status.json"
# last_result values
OK, UP_TO_DATE, FAILED, REFUSED, ROLLED_BACK, NOT_CONFIGURED = (
    "installed", "up_to_date", "failed", "refused", "rolled_back", "not_configured",
)  # fmt: skip


@dataclass(frozen=True)
class UpdateStatus:
    active_pack_id: str | None = None
    active_version: int | None = None
    last_check_at: str | None = None
    last_success_at: str | None = None
    last_result: str | None = None
    # A sentence for the technician (never a traceback); None after a success.
    last_error: str | None = None
    # Consecutive failed checks (reset by a success); the server alerts on a rollback or on many.
    failures: int = 0
    # "<pack_id>/<version>" that failed their health check: never installed again automatically.
    failed_versions: tuple[str, ...] = ()
    # Set durably before a switch and cleared after the health check: a crash in between is
    # finished (checked, and rolled back if need be) at the next start.
    pending: dict[str, Any] | None = None
    # The newest packs.json version verified from a USB copy (a USB copy may not go backwards).
    usb_packs_version: int = 0
    # An alert for the fleet console (e.g. a rollback); cleared by the next successful install.
    alert: str | None = None
    history: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed_versions"] = list(self.failed_versions)
        data["history"] = list(self.history)
        return data

    def heartbeat_fields(self) -> dict[str, Any]:
        """What the heartbeat carries (packfleet reports it as the kiosk's adoption)."""
        keys = ("active_pack_id", "active_version", "last_check_at", "last_result", "last_error", "failures")
        return {k: getattr(self, k) for k in keys} | {"alert": self.alert}


def status_path(data_dir: Path) -> Path:
    return data_dir / UPDATES_DIR / STATUS_FILE


def read_status(data_dir: Path) -> UpdateStatus:
    """The last recorded result; an empty record if the updater never ran or the file is damaged."""
    try:
        raw = json.loads(status_path(data_dir).read_text(encoding="utf-8"))
        raw["failed_versions"] = tuple(raw.get("failed_versions", ()))
        raw["history"] = tuple(raw.get("history", ()))
        known = set(UpdateStatus.__dataclass_fields__)
        return UpdateStatus(**{k: v for k, v in raw.items() if k in known})
    except (OSError, ValueError, TypeError):
        return UpdateStatus()


def write_status(data_dir: Path, status: UpdateStatus) -> None:
    path = status_path(data_dir)
    mkdir_durable(path.parent)
    write_bytes_durably(path, json.dumps(status.as_json(), ensure_ascii=False, indent=1).encode("utf-8"))


def now_text(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def record(data_dir: Path, status: UpdateStatus, event: str, **changes: Any) -> UpdateStatus:
    """Write `status` with `changes`, appending `event` to a short history (last 20)."""
    entry = {"at": now_text(), "event": event}
    if changes.get("last_error"):
        entry["error"] = str(changes["last_error"])
    updated = replace(status, **changes, history=(*status.history, entry)[-20:])
    write_status(data_dir, updated)
    return updated
