"""Runs the pack updater on the sync worker's heartbeat, in a thread of its own (a download must
not hold up the outbox), at most once per `[updates] check_interval_s`, when `[updates] enabled`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.sync.update_report import assigned
from kiosk.updates.health import HealthCheck
from kiosk.updates.status import UpdateStatus

if TYPE_CHECKING:  # tuf, securesystemslib and cryptography load with the first update check
    from kiosk.updates.client import PackUpdater

log = logging.getLogger(__name__)
UPDATES_PATH = "/updates/"


def updates_url(settings: Settings, server_url: str | None) -> str | None:
    """The mirror if one is configured, else the enrolled server's /updates/ folder."""
    if settings.updates.mirror_url:
        return settings.updates.mirror_url
    return server_url.rstrip("/") + UPDATES_PATH if server_url else None


class UpdateRunner:
    def __init__(
        self,
        settings: Settings,
        *,
        checks: Sequence[HealthCheck] = (),
        on_result: Callable[[UpdateStatus], None] | None = None,
    ) -> None:
        self._settings = settings
        self.checks = list(checks)  # the UI adds a home-screen render check here
        self._on_result = on_result
        self._thread: threading.Thread | None = None
        self._next = 0.0  # monotonic
        self._lock = threading.Lock()

    def updater(self, server_url: str | None) -> PackUpdater:
        from kiosk.updates.client import PackUpdater
        from kiosk.updates.transport import HttpFetcher

        sync = self._settings.sync
        # The fleet console's group/channel (from the heartbeat answer) over [updates] settings.
        channel, groups = assigned(
            Path(self._settings.data_dir),
            channel=self._settings.updates.channel,
            groups=tuple(self._settings.updates.groups),
        )
        return PackUpdater(
            Path(self._settings.data_dir),
            base_url=updates_url(self._settings, server_url),
            channel=channel,
            groups=groups,
            fetcher=HttpFetcher(
                verify=sync.ca_bundle or True,
                connect_timeout_s=sync.connect_timeout_s,
                read_timeout_s=sync.read_timeout_s,
            ),
            checks=self.checks,
        )

    def on_heartbeat(self, server_url: str) -> None:
        """Called by the sync worker after each heartbeat; returns at once."""
        if not self._settings.updates.enabled:
            return
        with self._lock:
            if time.monotonic() < self._next or (self._thread is not None and self._thread.is_alive()):
                return
            self._next = time.monotonic() + self._settings.updates.check_interval_s
            self._thread = threading.Thread(
                target=self._run, args=(server_url,), name="pack-updates", daemon=True
            )
            self._thread.start()

    def _run(self, server_url: str) -> None:
        try:
            status = self.updater(server_url).check()
        except Exception:  # a bug in a check must not kill the kiosk; it is logged and retried
            log.exception("content update check crashed")
            return
        if self._on_result is not None:
            self._on_result(status)

    def join(self, timeout_s: float = 60.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)
