"""The sync worker's place in the kiosk: started after the first frame, fed with heartbeat facts,
reporting to the technician panel; enrollment runs off the GUI thread on its own connection.

The HTTP and encryption stack (requests, PyNaCl) costs ~0.2 s to import, so nothing of kiosk.sync
is imported until the worker starts or a technician enrolls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import Settings

if TYPE_CHECKING:
    from kiosk.sync.enroll_kiosk import EnrollOutcome
    from kiosk.sync.worker import SyncWorker

# (content version, device statuses) for each heartbeat.
HeartbeatFacts = Callable[[], tuple[str | None, dict[str, str]]]


class KioskSync:
    def __init__(
        self,
        *,
        settings: Settings,
        database_path: Path,
        heartbeat_facts: HeartbeatFacts,
        on_status: Callable[[Any], None],
    ) -> None:
        self._settings = settings
        self._path = database_path
        self._facts = heartbeat_facts
        self._on_status = on_status
        self._worker: SyncWorker | None = None

    @property
    def worker(self) -> SyncWorker | None:
        return self._worker

    def start(self) -> None:
        from kiosk.sync.wire import Devices
        from kiosk.sync.worker import HeartbeatInfo, SyncWorker

        def heartbeat_info() -> HeartbeatInfo:
            content_version, status = self._facts()
            devices = Devices(
                printer=status.get("printer", "not_configured"),
                camera=status.get("camera", "not_configured"),
                microphone=status.get("microphone", "not_configured"),
                speaker=status.get("speaker", "not_configured"),
            )
            return HeartbeatInfo(content_version=content_version, devices=devices)

        if self._worker is None:
            from kiosk.updates.runner import UpdateRunner
            from ui.update_checks import render_home_check

            # Content-pack updates ride on the heartbeat ([updates] enabled; docs/updates.md).
            self._worker = SyncWorker(
                database_path=self._path,
                settings=self._settings.sync,
                heartbeat_info=heartbeat_info,
                on_status=self._on_status,
                on_heartbeat=UpdateRunner(
                    self._settings, checks=[render_home_check(self._settings.data_dir)]
                ).on_heartbeat,
            )
            self._worker.start()

    def notify(self) -> None:
        """New items are queued: send them now if the network allows."""
        if self._worker is not None:
            self._worker.notify()

    def sync_now(self) -> None:
        if self._worker is not None:
            self._worker.sync_now()

    def enroll(self, server_url: str, code: str, force: bool) -> EnrollOutcome:
        from kiosk.storage.database import connect
        from kiosk.sync.enroll_kiosk import enroll_kiosk

        own = connect(self._path)  # runs off the GUI thread: its own connection
        try:
            return enroll_kiosk(
                own, server_url=server_url, code=code, sync=self._settings.sync, force=force,
                kiosk_name=self._settings.kiosk.service_point_name,
            )  # fmt: skip
        finally:
            own.conn.close()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
