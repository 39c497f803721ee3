"""Background sync worker: drains the outbox in batches, sends heartbeats, backs off on failure."""

from __future__ import annotations

import logging
import random
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from kiosk import __version__
from kiosk.config import SyncSettings
from kiosk.security.token_vault import TokenUnreadableError
from kiosk.storage.database import connect
from kiosk.sync import outbox
from kiosk.sync.client import (
    RequestRejectedError,
    SyncClient,
    Timeouts,
    TransientError,
    UnauthorizedError,
)
from kiosk.sync.enrollment import (
    Enrollment,
    EnrollmentError,
    Secret,
    load_enrollment,
    record_sync,
    update_server_key,
)
from kiosk.sync.update_report import add_update_report, record_assignment
from kiosk.sync.wire import MAX_BATCH, Devices, HeartbeatRequest, Item

log = logging.getLogger("lawpost.sync")
# How often an idle worker deletes old tombstones (see outbox.prune_tombstones).
PRUNE_INTERVAL_S = 24 * 3600

# How often an un-enrolled kiosk looks again whether it has been enrolled meanwhile.
_NOT_ENROLLED_POLL_S = 60.0


@dataclass(frozen=True)
class SyncStatus:
    """What the technician screen shows about sync; a snapshot, safe to read from any thread."""

    enrolled: bool = False
    server_url: str | None = None
    device_id: str | None = None
    outbox_depth: int = 0
    oldest_pending_age_s: int | None = None
    last_success_at: str | None = None
    last_error: str | None = None
    rejected_count: int = 0
    sent_count: int = 0
    # True after a 401: syncing stopped until a technician re-enrolls or presses "sync now".
    halted: bool = False
    # Set while waiting out a failure (backoff or Retry-After).
    retry_in_s: float | None = None
    duplicates_seen: int = 0
    # Server clock minus kiosk clock at the last heartbeat; a large value means a wrong clock.
    clock_offset_s: float | None = None
    # Transient failures since the last answer from the server (what the backoff grows with).
    failures_in_a_row: int = 0


@dataclass(frozen=True)
class HeartbeatInfo:
    """The parts of a heartbeat only the rest of the kiosk knows (devices, content version)."""

    content_version: str | None = None
    devices: Devices = field(
        default_factory=lambda: Devices(
            printer="not_configured",
            camera="not_configured",
            microphone="not_configured",
            speaker="not_configured",
        )
    )


class Backoff:
    """Full-jitter exponential backoff: a uniform draw from [0, min(cap, base·2^n)]."""

    def __init__(self, *, base_s: float, cap_s: float, rng: random.Random) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self.failures = 0
        self._rng = rng

    def next_delay(self) -> float:
        ceiling = min(self.cap_s, self.base_s * 2 ** min(self.failures, 40))
        self.failures += 1
        return self._rng.uniform(0.0, ceiling)

    def reset(self) -> None:
        self.failures = 0


class SyncWorker:
    """Owns its own connection to the kiosk database and runs in one plain thread.

    `notify()` after queueing new work (starts at once unless waiting out a failure); `sync_now()`
    for the technician's button (starts at once, forgets backoff and a 401 halt); `status()`.
    """

    def __init__(
        self,
        *,
        database_path: Path,
        settings: SyncSettings,
        heartbeat_info: Callable[[], HeartbeatInfo] = HeartbeatInfo,
        on_status: Callable[[SyncStatus], None] | None = None,
        rng: random.Random | None = None,
        on_heartbeat: Callable[[str], None] | None = None,
    ) -> None:
        self._path = database_path
        self._settings = settings
        self._heartbeat_info = heartbeat_info
        self._on_status = on_status
        # Called with the server URL after each accepted heartbeat (the content-pack updater).
        self._on_heartbeat = on_heartbeat
        self._backoff = Backoff(
            base_s=settings.backoff_base_s, cap_s=settings.backoff_cap_s, rng=rng or random.Random()
        )
        self._batch_size = max(1, min(settings.batch_size, MAX_BATCH))
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._force = False
        self._lock = threading.Lock()
        self._status = SyncStatus()
        self._thread: threading.Thread | None = None
        self._client: SyncClient | None = None
        self._client_key: tuple[str, str] | None = None
        self._next_heartbeat = 0.0  # monotonic time
        self._next_prune = 0.0  # monotonic time: tombstones are pruned at most once a day
        self._heartbeat_interval_s = float(settings.heartbeat_interval_s)
        self._halted = False
        self._halted_token: Secret | None = None
        self._duplicates = 0
        self.usage_events_dropped = 0  # since start; see _bound_usage_events
        self._last_error: str | None = None
        self._retry_in_s: float | None = None

    # --- control, from any thread -------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("sync worker already started")
        self._thread = threading.Thread(target=self.run, name="lawpost-sync", daemon=True)
        self._thread.start()

    def stop(self, *, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def notify(self) -> None:
        """New items were queued: send soon (at once unless waiting out a failure)."""
        self._wake.set()

    def sync_now(self) -> None:
        """Try at once, forgetting backoff and a previous 401 (e.g. after re-enrollment)."""
        with self._lock:
            self._force = True
        self._wake.set()

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    # --- the loop, in the worker thread ---------------------------------------------------------

    def run(self) -> None:
        """Loop until stop(): one cycle, then wait for the delay it asks for (or a wake-up)."""
        db = connect(self._path)
        try:
            while not self._stop.is_set():
                try:
                    delay, failing = self.cycle(db)
                except Exception:  # a bug must not kill sync forever; log it and retry later
                    log.exception("sync cycle failed unexpectedly")
                    delay, failing = self._backoff.next_delay(), True
                    self._last_error = "同步出错，稍后重试 (unexpected sync error)"
                try:
                    self._wait(db, delay, failing=failing)
                except Exception:  # e.g. the status query met a locked database: pause, go on
                    log.exception("sync wait failed unexpectedly")
                    self._stop.wait(self._backoff.next_delay())
        finally:
            if self._client is not None:
                self._client.close()
            db.close()

    def _wait(self, db: sqlite_utils.Database, delay: float | None, *, failing: bool) -> None:
        deadline = None if delay is None else time.monotonic() + delay
        self._retry_in_s = delay if failing else None
        self._set_status(db)
        while not self._stop.is_set():
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return
            if not self._wake.wait(remaining):
                continue
            self._wake.clear()
            with self._lock:
                forced, self._force = self._force, False
            if forced:
                self._halted = False
                self._backoff.reset()
                return
            if not failing or self._halted:  # a halted worker only re-reads its enrollment
                return
            self._set_status(db)  # new items while waiting out a failure: refresh the counts

    def cycle(self, db: sqlite_utils.Database) -> tuple[float | None, bool]:
        """One round: heartbeat if due, drain the outbox. Returns (delay before next, failing).

        `run()` calls it in a loop; a benchmark or test may call it directly (no thread needed).
        """
        result = self._cycle(db)
        self._set_status(db)
        return result

    def _cycle(self, db: sqlite_utils.Database) -> tuple[float | None, bool]:
        self._bound_usage_events(db)
        try:
            enrollment = load_enrollment(db)
        except TokenUnreadableError as exc:
            # A data folder copied from another kiosk: nothing can be sent until re-enrollment.
            if self._last_error != str(exc):
                log.warning("sync stopped: the device token cannot be opened on this machine")
            self._last_error = str(exc)
            return _NOT_ENROLLED_POLL_S, True
        if enrollment is None:
            self._last_error = None
            return _NOT_ENROLLED_POLL_S, False
        if self._halted:
            if enrollment.device_token == self._halted_token:
                return _NOT_ENROLLED_POLL_S, True  # look again later for a new enrollment
            self._halted = False  # enrolled again meanwhile (e.g. `lawpost enroll --force`)
            self._backoff.reset()
        client = self._client_for(enrollment)
        batch: Sequence[Item] = ()
        try:
            self._heartbeat_if_due(db, client)
            while not self._stop.is_set():
                batch = outbox.pending_batch(db, limit=self._batch_size)
                if not batch:
                    break
                self._send(db, client, batch)
                self._succeeded(db)
                self._heartbeat_if_due(db, client)
            batch = ()
        except UnauthorizedError as exc:
            self._halted = True
            self._halted_token = enrollment.device_token
            log.warning("sync halted: %s", exc)
            self._last_error = str(exc)
            return None, True
        except TransientError as exc:
            if batch:
                outbox.count_attempt(db, ids=[item["id"] for item in batch])
            delay = exc.retry_after_s
            backoff_delay = self._backoff.next_delay()
            if delay is None:
                delay = backoff_delay
            log.info("sync failed, retrying in %.1f s: %s", delay, exc)
            self._last_error = str(exc)
            return delay, True
        self._succeeded(db)
        if time.monotonic() >= self._next_prune:
            self._next_prune = time.monotonic() + PRUNE_INTERVAL_S
            days = self._settings.tombstone_days
            pruned = outbox.prune_tombstones(db, older_than_days=days)
            if pruned:
                log.info("pruned %d outbox tombstones older than %d days", pruned, days)
        outbox.truncate_wal(db)  # queue empty: cut the WAL so old page images leave the disk
        self._last_error = None
        return max(0.0, self._next_heartbeat - time.monotonic()), False

    def _bound_usage_events(self, db: sqlite_utils.Database) -> None:
        """Offline for long (or never enrolled), drop the oldest anonymous usage events beyond the
        configured number; the warning reaches the technician's log view and the journal."""
        keep = self._settings.max_pending_usage_events
        dropped = outbox.drop_oldest_usage(db, keep=keep)
        if dropped:
            self.usage_events_dropped += dropped
            log.warning(
                "outbox full: dropped the %d oldest unsent usage events (keeping %d; %d dropped "
                "since start); sealed submissions, tickets and ratings are kept",
                dropped, keep, self.usage_events_dropped,
            )

    def _client_for(self, enrollment: Enrollment) -> SyncClient:
        key = (enrollment.server_url, enrollment.device_token.reveal())
        if self._client is None or self._client_key != key:
            if self._client is not None:
                self._client.close()
            self._client = SyncClient(
                server_url=enrollment.server_url,
                token=enrollment.device_token,
                timeouts=Timeouts(
                    connect_s=self._settings.connect_timeout_s,
                    read_s=self._settings.read_timeout_s,
                ),
                ca_bundle=self._settings.ca_bundle,
            )
            self._client_key = key
        return self._client

    def _send(self, db: sqlite_utils.Database, client: SyncClient, batch: Sequence[Item]) -> None:
        """Send one batch; a request refused as a whole is split until the culprit is alone."""
        try:
            results = client.ingest(batch)
        except RequestRejectedError as exc:
            if len(batch) == 1:
                log.warning("item %s set aside: %s", batch[0]["id"], exc)
                outbox.reject_locally(db, item_id=batch[0]["id"], code=exc.status, reason=str(exc))
                return
            half = len(batch) // 2
            self._send(db, client, batch[:half])
            self._send(db, client, batch[half:])
            return
        try:
            acked, rejected = outbox.apply_results(db, items=batch, results=results)
        except outbox.ResultMismatchError as exc:
            raise TransientError("服务器的答复与所发数据不符 (answer does not match)") from exc
        duplicates = sum(1 for r in results if r["status"] == "duplicate")
        self._duplicates += duplicates
        # Counts only: ids and payloads never go to the log.
        log.info("sent %d items (%d already on the server), %d rejected", acked, duplicates, rejected)

    def _heartbeat_if_due(self, db: sqlite_utils.Database, client: SyncClient) -> None:
        if time.monotonic() < self._next_heartbeat:
            return
        try:
            self._heartbeat(db, client)
        except RequestRejectedError as exc:
            # A heartbeat the server refuses must not hold up the outbox; try again next interval.
            log.warning("heartbeat refused: %s", exc)
            self._next_heartbeat = time.monotonic() + self._heartbeat_interval_s

    def _heartbeat(self, db: sqlite_utils.Database, client: SyncClient) -> None:
        info = self._heartbeat_info()
        counts = outbox.stats(db)
        enrollment = _enrollment_or_none(db)
        now = datetime.now(UTC)
        disk = shutil.disk_usage(self._path.parent)
        body = HeartbeatRequest(
            sent_at=outbox.utc_now_text(now),
            app_version=__version__,
            content_version=info.content_version,
            devices=info.devices,
            disk_free_mb=disk.free // (1024 * 1024),
            disk_total_mb=disk.total // (1024 * 1024),
            outbox_depth=counts.depth,
            oldest_pending_age_s=counts.oldest_pending_age_s(now),
            last_sync_at=None if enrollment is None else enrollment.last_sync_at,
        )
        add_update_report(body, self._path.parent)
        answer = client.heartbeat(body)
        record_assignment(self._path.parent, answer)
        if answer["server_public_key"]:
            try:
                if update_server_key(db, answer["server_public_key"]):
                    log.info("the server rotated its key: personal data is now sealed to the new one")
            except EnrollmentError as exc:
                log.warning("ignored the server's new public key: %s", exc)
        if answer["heartbeat_interval_s"] > 0:
            self._heartbeat_interval_s = float(answer["heartbeat_interval_s"])
        self._next_heartbeat = time.monotonic() + self._heartbeat_interval_s
        record_sync(
            db,
            last_sync_at=outbox.utc_now_text(),
            clock_offset_s=answer["clock_offset_s"],
            heartbeat_interval_s=answer["heartbeat_interval_s"],
        )
        self._backoff.reset()
        if self._on_heartbeat is not None and enrollment is not None:
            self._on_heartbeat(enrollment.server_url)

    def _succeeded(self, db: sqlite_utils.Database) -> None:
        # Any answer from the server means the network is back: forget the backoff.
        self._backoff.reset()
        record_sync(db, last_sync_at=outbox.utc_now_text())

    def _set_status(self, db: sqlite_utils.Database, *, enrollment: Enrollment | None = None) -> None:
        enrollment = enrollment or _enrollment_or_none(db)
        counts = outbox.stats(db)
        with self._lock:
            self._status = status = SyncStatus(
                enrolled=enrollment is not None,
                server_url=None if enrollment is None else enrollment.server_url,
                device_id=None if enrollment is None else enrollment.device_id,
                outbox_depth=counts.depth,
                oldest_pending_age_s=counts.oldest_pending_age_s(datetime.now(UTC)),
                last_success_at=None if enrollment is None else enrollment.last_sync_at,
                last_error=self._last_error,
                rejected_count=counts.rejected,
                sent_count=counts.sent,
                halted=self._halted,
                retry_in_s=self._retry_in_s,
                duplicates_seen=self._duplicates,
                clock_offset_s=None if enrollment is None else enrollment.clock_offset_s,
                failures_in_a_row=self._backoff.failures,
            )
        if self._on_status is not None:
            self._on_status(status)


def _enrollment_or_none(db: sqlite_utils.Database) -> Enrollment | None:
    """For status and heartbeat figures only: an unreadable token counts as not enrolled (the
    cycle reports why in last_error)."""
    try:
        return load_enrollment(db)
    except TokenUnreadableError:
        return None
