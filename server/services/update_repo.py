"""The server's handle on the update repository: the folder served at /updates/, the online key
that signs channels/snapshot/timestamp, and one lock so two uploads or an upload and the
periodic job never write metadata at the same time (also across uvicorn workers)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from securesystemslib.signer import Signer

from kiosk.updates.chunks import blob_path
from kiosk.updates.keys import KeyError_, load_signer
from kiosk.updates.repository import ChannelPointer, Repository, RepositoryError
from server.services.channels import ChannelError
from server.settings import ServerSettings

LOCK_FILE = "updates.lock"


class RepositoryNotReady(Exception):
    """Publishing is not set up on this server; the message says what to run."""


class UpdateRepo:
    def __init__(self, repository: Repository, *, online: Signer, lock_path: Path) -> None:
        self.repository = repository
        self.online = online
        self._lock_path = lock_path

    @contextmanager
    def locked(self) -> Iterator[None]:
        # The lock file lives in the private data folder, not in the public repository.
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def packs_version(self) -> int:
        return self.repository.latest_version("packs")

    def has_blob(self, sha256: str, size: int) -> bool:
        path = self.repository.path / blob_path(sha256)
        try:
            return path.stat().st_size == size
        except OSError:
            return False

    def add_packs(self, bundle: Path, *, now: datetime) -> list[str]:
        """Verify (delegation, version = current + 1, hashes) and store; RepositoryError if refused."""
        return self.repository.add_packs(bundle, self.online, now=now)

    def write_channel(self, channel: str, document: dict[str, Any], *, now: datetime) -> None:
        """Make the signed channel file say what `document` says (only the entries that differ)."""
        try:
            current = self.repository.channels(channel)
            wanted_groups: dict[str, Any] = dict(document.get("groups") or {})
            if current.get("default") != document.get("default"):
                self.repository.set_channel(channel, _pointer(document.get("default")), self.online, now=now)
            for group in sorted(set(current.get("groups", {})) | set(wanted_groups)):
                if current.get("groups", {}).get(group) != wanted_groups.get(group):
                    self.repository.set_channel(
                        channel, _pointer(wanted_groups.get(group)), self.online, group=group, now=now
                    )
        except RepositoryError as exc:
            raise ChannelError(str(exc)) from exc

    def refresh(self, *, now: datetime) -> bool:
        """Re-sign channels/snapshot/timestamp that are past half their lifetime."""
        return self.repository.refresh(self.online, now=now)


def _pointer(entry: Any) -> ChannelPointer | None:
    if not isinstance(entry, dict):
        return None
    return ChannelPointer(pack_id=str(entry["pack_id"]), version=int(entry["version"]))


def open_repository(settings: ServerSettings) -> UpdateRepo:
    repository = Repository(settings.updates_dir)
    if not repository.exists():
        raise RepositoryNotReady(
            "内容发布尚未设置：请在离线电脑上执行 `lawpost pack repo-init`，把仓库复制到服务器 "
            f"{settings.updates_dir} 并配置在线密钥 (publishing is not set up: see docs/publishing.md)"
        )
    try:
        online = load_signer(settings.resolved_online_key_path)
    except KeyError_ as exc:
        raise RepositoryNotReady(f"无法读取在线密钥 (cannot read the online key): {exc}") from exc
    return UpdateRepo(repository, online=online, lock_path=settings.data_dir / LOCK_FILE)
