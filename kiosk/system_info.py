"""Facts about the kiosk itself for the technician screen: version, disk, data folder."""

from __future__ import annotations

import platform
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk import __version__

# The technician screen and the server (through the heartbeat's disk_total_mb) warn from here on.
DISK_ALERT_PERCENT = 80


@dataclass(frozen=True)
class SystemInfo:
    app_version: str
    python_version: str
    data_dir: str
    disk_free_mb: int
    disk_total_mb: int

    @property
    def disk_used_percent(self) -> int | None:
        if self.disk_total_mb <= 0:
            return None
        return round(100 * (self.disk_total_mb - self.disk_free_mb) / self.disk_total_mb)

    @property
    def disk_alarming(self) -> bool:
        used = self.disk_used_percent
        return used is not None and used >= DISK_ALERT_PERCENT


def read_system_info(data_dir: Path) -> SystemInfo:
    probe = data_dir if data_dir.exists() else data_dir.parent
    try:
        usage = shutil.disk_usage(probe)
        free, total = usage.free // 2**20, usage.total // 2**20
    except OSError:
        free = total = 0
    return SystemInfo(
        app_version=__version__,
        python_version=platform.python_version(),
        data_dir=str(data_dir),
        disk_free_mb=int(free),
        disk_total_mb=int(total),
    )
