"""The kiosk's pack updater: verified metadata (python-tuf ngclient, or a USB copy), only the
missing chunks, the installer's staging → index → atomic switch, a health check, and rollback.

Never installs a version lower than the active one; a version that failed its health check is not
tried again automatically. Each outcome is written to updates/status.json (kiosk.updates.status).
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuf.api import exceptions as tuf_errors
from tuf.ngclient import Updater

from kiosk.content.installer import (
    InstalledPack,
    activate,
    active_pack,
    install_pack,
    installed_pack,
    packs_root,
)
from kiosk.content.pack import DEFAULT_PACK_DIR, DEFAULT_PACK_ID, PackError
from kiosk.updates import status as st
from kiosk.updates.chunks import TransferManifest, parse_transfer_manifest, target_path
from kiosk.updates.chunkstore import BlobFetcher, ChunkStore, FetchReport, LocalChunkDamaged, crash_point
from kiosk.updates.health import HealthCheck, HealthError, check_library
from kiosk.updates.status import UpdateStatus, read_status, record
from kiosk.updates.transport import FolderFetcher, HttpFetcher, folder_url
from kiosk.updates.trust import (
    UpdateRefused,
    open_source,
    persist_roots,
    signed_manifest,
    trust_dir,
    trusted_root,
    verify_chain,
)

if TYPE_CHECKING:
    from kiosk.search.segment import Segmenter

log = logging.getLogger(__name__)


def refusal_sentence(exc: Exception) -> str:
    """What a python-tuf refusal means, for the technician."""
    if isinstance(exc, tuf_errors.ExpiredMetadataError):
        return (
            "更新元数据已过期：服务器没有按时重新签署，或有人在重放旧数据（冻结攻击）"
            f"(metadata expired: a frozen or stale server) — {exc}"
        )
    if isinstance(exc, tuf_errors.BadVersionNumberError):
        return f"更新元数据的版本比本机已见过的旧，拒绝回退 (metadata rollback refused) — {exc}"
    if isinstance(exc, tuf_errors.UnsignedMetadataError):
        return f"更新元数据的签名无效：密钥错误或已被吊销 (not signed by a trusted key) — {exc}"
    if isinstance(exc, tuf_errors.LengthOrHashMismatchError):
        return f"更新文件与签名元数据不符：被篡改或新旧版本混用 (does not match the signed metadata) — {exc}"
    return f"更新元数据无效 (invalid update metadata) — {exc}"


class PackUpdater:
    def __init__(
        self,
        data_dir: Path,
        *,
        base_url: str | None = None,
        channel: str = "stable",
        groups: Sequence[str] = (),
        fetcher: HttpFetcher | None = None,
        segmenter: Segmenter | None = None,
        checks: Sequence[HealthCheck] = (),
        factory_pack: Path = DEFAULT_PACK_DIR,
    ) -> None:
        self.data_dir = data_dir
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.channel = channel
        self.groups = tuple(groups)
        self._fetcher = fetcher
        self._segmenter = segmenter
        self.checks = list(checks)  # the UI layer appends its own (e.g. render the home screen)
        self.factory_pack = factory_pack
        self.updates_dir = data_dir / st.UPDATES_DIR
        self.store = ChunkStore(self.updates_dir)
        self.last_fetch: FetchReport | None = None
        self.timings: dict[str, float] = {}  # seconds per step of the last update (bench, logs)

    # --- online ------------------------------------------------------------------------------

    def check(self) -> UpdateStatus:
        """One online check: refresh metadata, follow the channel pointer, update if newer."""
        status = self.finish_pending()
        status = replace(status, last_check_at=st.now_text())
        if self.base_url is None or trusted_root(self.data_dir) is None:
            return record(self.data_dir, status, st.NOT_CONFIGURED, last_result=st.NOT_CONFIGURED,
                          last_error="没有更新地址或受信任的根 (no update URL or pinned root)")  # fmt: skip
        fetcher = self._fetcher or HttpFetcher()
        try:
            tuf = Updater(
                metadata_dir=str(trust_dir(self.data_dir)),
                metadata_base_url=self.base_url + "metadata/",
                target_dir=str(self.updates_dir / "targets"),
                target_base_url=self.base_url + "targets/",
                fetcher=fetcher,
                bootstrap=None,
            )
            tuf.refresh()
            pointer = self._pointer(tuf)
            if pointer is None:
                return self._done(status, st.UP_TO_DATE, "no pack on this channel")
            pack_id, version = pointer
            skip = self._skip(status, pack_id, version)
            if skip is not None:
                return skip
            info = tuf.get_targetinfo(target_path(pack_id, version))
            if info is None:
                raise UpdateRefused(f"发布者没有签署 {pack_id} v{version} (the publisher never signed it)")
            path = tuf.find_cached_target(info) or tuf.download_target(info)
            transfer = parse_transfer_manifest(Path(path).read_bytes())
            if (transfer.pack_id, transfer.version) != (pack_id, version):
                raise UpdateRefused("传输清单与其路径不符 (transfer manifest does not match its path)")
            return self._apply(status, transfer, base_url=self.base_url, fetcher=fetcher)
        except tuf_errors.RepositoryError as exc:
            return self._fail(status, st.REFUSED, refusal_sentence(exc))
        except UpdateRefused as exc:
            return self._fail(status, st.REFUSED, str(exc))
        except (tuf_errors.DownloadError, PackError, OSError, ValueError, KeyError, TypeError) as exc:
            return self._fail(status, st.FAILED, f"更新下载或安装失败，稍后重试 (will retry): {exc}")

    def _pointer(self, tuf: Updater) -> tuple[str, int] | None:
        info = tuf.get_targetinfo(f"channels/{self.channel}.json")
        if info is None:
            return None
        path = tuf.find_cached_target(info) or tuf.download_target(info)
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        entry = next((data["groups"][g] for g in self.groups if g in data.get("groups", {})), None)
        entry = entry or data.get("default")
        return (str(entry["pack_id"]), int(entry["version"])) if entry else None

    # --- USB (technician mode) ---------------------------------------------------------------

    def import_from(self, path: Path, *, pack_id: str | None = None) -> UpdateStatus:
        """Install the newest signed version of a pack from a repository copy or a bundle on a
        removable drive. Same checks as online except timestamp/snapshot freshness (docs/updates.md)."""
        status = self.finish_pending()
        pinned = trusted_root(self.data_dir)
        try:
            if pinned is None:
                raise UpdateRefused("本机没有受信任的根，无法验证 (no pinned root on this kiosk)")
            source = open_source(path)
            verified = verify_chain(pinned, source, min_packs_version=status.usb_packs_version)
            persist_roots(self.data_dir, verified)
            active = active_pack(self.data_dir)
            wanted = pack_id or (active.pack_id if active else DEFAULT_PACK_ID)
            version = verified.newest(wanted)
            if version is None:
                raise UpdateRefused(f"U盘中没有内容包 {wanted} (no signed {wanted} pack on the drive)")
            status = replace(status, usb_packs_version=verified.packs.signed.version)
            skip = self._skip(status, wanted, version)
            if skip is not None:
                return skip
            transfer = signed_manifest(verified, source, wanted, version)
            return self._apply(
                status, transfer, base_url=folder_url(source.blobs_dir), fetcher=FolderFetcher()
            )
        except UpdateRefused as exc:
            return self._fail(status, st.REFUSED, str(exc))
        except (tuf_errors.DownloadError, PackError, OSError, ValueError) as exc:
            return self._fail(status, st.FAILED, f"从U盘导入失败 (USB import failed): {exc}")

    # --- common ------------------------------------------------------------------------------

    def _skip(self, status: UpdateStatus, pack_id: str, version: int) -> UpdateStatus | None:
        active = active_pack(self.data_dir)
        if f"{pack_id}/{version}" in status.failed_versions:
            # Keep the rollback's result and alert for the console until a good version comes.
            return record(
                self.data_dir, status, f"skipped {pack_id} v{version}: failed its health check before"
            )
        if active is not None and active.pack_id == pack_id:
            if version == active.version:
                return self._done(status, st.UP_TO_DATE, None)
            if version < active.version:
                return self._fail(
                    status, st.REFUSED,
                    f"渠道指向的 {pack_id} v{version} 比正在使用的 v{active.version} 旧，拒绝回退 "
                    "(rollback to an older version refused; a technician can install it by hand)",
                )  # fmt: skip
        return None

    def _apply(
        self, status: UpdateStatus, transfer: TransferManifest, *, base_url: str, fetcher: BlobFetcher
    ) -> UpdateStatus:
        active = active_pack(self.data_dir)
        clock = time.monotonic()
        local = self.store.local_chunks(active)
        self.last_fetch = self.store.fetch_missing(transfer, base_url=base_url, fetcher=fetcher, local=local)
        self.timings["download"], clock = time.monotonic() - clock, time.monotonic()
        crash_point("verify")
        try:
            folder = self.store.assemble(transfer, local)
        except LocalChunkDamaged:  # the active pack's files changed: fetch what no longer matches
            self.store.drop_damaged(local, transfer)
            self.store.fetch_missing(transfer, base_url=base_url, fetcher=fetcher, local=local)
            folder = self.store.assemble(transfer, local)
        self.timings["verify"], clock = time.monotonic() - clock, time.monotonic()
        self._drop_stale_staging(transfer)
        installed = install_pack(
            folder, data_dir=self.data_dir, segmenter=self._segmenter, activate=False,
            on_step=lambda step: crash_point("install") if step == "copied" else None,
        )  # fmt: skip
        self.timings["install"] = time.monotonic() - clock
        self.store.remember(transfer)
        previous = {"pack_id": active.pack_id, "version": active.version} if active else None
        pending = {"pack_id": installed.pack_id, "version": installed.version, "previous": previous}
        status = record(self.data_dir, status, "switching", pending=pending)
        activate(self.data_dir, installed)
        crash_point("switch")
        return self.finish_pending(status)

    def finish_pending(self, status: UpdateStatus | None = None) -> UpdateStatus:
        """Health-check a pack switched to but not yet confirmed (also after a crash), and roll
        back if it fails. Returns the status as recorded."""
        status = status or read_status(self.data_dir)
        pending = status.pending
        if pending is None:
            return status
        active = active_pack(self.data_dir)
        if active is None or (active.pack_id, active.version) != (pending["pack_id"], pending["version"]):
            return record(self.data_dir, status, "switch not completed", pending=None)
        clock = time.monotonic()
        try:
            crash_point("health")
            check_library(active, segmenter=self._segmenter)
            for check in self.checks:
                check(active)
        except HealthError as exc:
            return self._roll_back(status, active, pending.get("previous"), str(exc))
        except Exception as exc:  # a check that breaks counts as failed: never keep an unchecked pack
            log.exception("health check raised")
            return self._roll_back(
                status, active, pending.get("previous"), f"健康检查出错 (check failed): {exc!r}"
            )
        self.timings["health"] = time.monotonic() - clock
        keep = {f"{active.pack_id}-{active.version}"}
        if pending.get("previous"):
            keep.add(f"{pending['previous']['pack_id']}-{pending['previous']['version']}")
        self.store.clear(keep)
        log.info("content pack %s v%s installed and healthy", active.pack_id, active.version)
        return record(
            self.data_dir, status, f"installed {active.pack_id} v{active.version}",
            pending=None, last_result=st.OK, last_error=None, failures=0, alert=None,
            last_success_at=st.now_text(), **_active_fields(active),
        )  # fmt: skip

    def _roll_back(
        self, status: UpdateStatus, failed: InstalledPack, previous: dict[str, Any] | None, why: str
    ) -> UpdateStatus:
        """Last good pack → bundled factory pack: the kiosk is never left blank."""
        back = (
            installed_pack(self.data_dir, previous["pack_id"], int(previous["version"])) if previous else None
        )
        try:
            if back is not None:
                activate(self.data_dir, back)
            else:
                back = install_pack(self.factory_pack, data_dir=self.data_dir, segmenter=self._segmenter)
        except PackError as exc:
            log.error("rollback failed: %s", exc)
        now_active = active_pack(self.data_dir)
        label = f"{now_active.pack_id} v{now_active.version}" if now_active else "none"
        alert = (
            f"内容包 {failed.pack_id} v{failed.version} 健康检查失败，已回退到 {label} "
            f"(pack failed its health check and was rolled back): {why}"
        )
        log.error("%s", alert)
        shutil.rmtree(failed.path, ignore_errors=True)  # never shown again; frees the disk
        return record(
            self.data_dir, status, "rolled back", pending=None, last_result=st.ROLLED_BACK, last_error=why,
            failures=status.failures + 1, alert=alert,
            failed_versions=(*status.failed_versions, f"{failed.pack_id}/{failed.version}"),
            **_active_fields(now_active),
        )  # fmt: skip

    def _drop_stale_staging(self, transfer: TransferManifest) -> None:
        """Staging folders of a killed install are named with the dead process's id."""
        root = packs_root(self.data_dir)
        for stale in root.glob(f".staging-{transfer.pack_id}-{transfer.version}-*") if root.is_dir() else []:
            shutil.rmtree(stale, ignore_errors=True)

    def _done(self, status: UpdateStatus, result: str, note: str | None) -> UpdateStatus:
        active = active_pack(self.data_dir)
        return record(
            self.data_dir, status, note or result, last_result=result, last_error=None, failures=0,
            **_active_fields(active),
        )  # fmt: skip

    def _fail(self, status: UpdateStatus, result: str, why: str) -> UpdateStatus:
        log.warning("content update %s: %s", result, why)
        active = active_pack(self.data_dir)
        return record(
            self.data_dir, status, result, last_result=result, last_error=why, failures=status.failures + 1,
            **_active_fields(active),
        )  # fmt: skip


def _active_fields(active: InstalledPack | None) -> dict[str, Any]:
    return {"active_pack_id": active.pack_id if active else None,
            "active_version": active.version if active else None}  # fmt: skip
