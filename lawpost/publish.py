"""The upload side of `lawpost pack publish`: log in (token or console), send a signed bundle.

Only the chunks the server lacks travel: the client asks first (`missing-blobs`), then sends a
tar of packs.json, manifest.json and those blobs. Qt-free; the command module only parses options.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from kiosk.sync.wire import MISSING_BLOBS_PATH, PUBLISH_PATH, UPDATES_STATE_PATH

TIMEOUT_S = (10, 600)


class PublishError(Exception):
    """The upload failed; the message says why and what to do."""


@dataclass(frozen=True)
class PublishResult:
    pack_id: str
    version: int
    packs_version: int
    channel: str
    blobs_sent: int
    bytes_sent: int


class PublishSession:
    """An authenticated connection to the server's publishing API."""

    def __init__(self, server: str, *, token: str = "", verify: bool | str = True) -> None:
        self.base = server.rstrip("/")
        self.http = requests.Session()
        self.http.verify = verify
        self._headers: dict[str, str] = {"Authorization": f"Bearer {token}"} if token else {}

    def login(self, username: str, password: str) -> None:
        """A console login (admin or technician); uploads then carry the session's CSRF token."""
        try:
            page = self.http.get(self.base + "/console/login", timeout=TIMEOUT_S)
            form = _csrf(page.text)
            answer = self.http.post(
                self.base + "/console/login",
                data={"username": username, "password": password, "csrf_token": form},
                timeout=TIMEOUT_S,
                allow_redirects=False,
            )
            if answer.status_code != 303 or "login" in answer.headers.get("location", ""):
                raise PublishError("登录失败：用户名或密码错误，或账户被锁定 (console login failed)")
            page = self.http.get(self.base + "/console/updates", timeout=TIMEOUT_S)
        except requests.RequestException as exc:
            raise PublishError(f"无法连接服务器 {self.base} (cannot reach the server): {exc}") from exc
        if page.status_code != 200:
            raise PublishError("该账户无权发布内容 (this account may not publish: technician or admin only)")
        self._headers = {"X-CSRF-Token": _csrf(page.text)}

    def _call(self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        try:
            answer = self.http.request(
                method,
                self.base + path,
                headers={**self._headers, **(headers or {})},
                timeout=TIMEOUT_S,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise PublishError(f"无法连接服务器 {self.base} (cannot reach the server): {exc}") from exc
        if answer.status_code >= 400:
            raise PublishError(f"服务器拒绝 (server refused, HTTP {answer.status_code}): {_detail(answer)}")
        return answer.json()

    def current_packs_json(self) -> bytes | None:
        """The packs.json a new bundle must follow (None on a repository with none yet)."""
        state = self._call("GET", UPDATES_STATE_PATH)
        version = int(state["packs_version"])
        if version == 0:
            return None
        try:
            answer = self.http.get(f"{self.base}/updates/metadata/{version}.packs.json", timeout=TIMEOUT_S)
            answer.raise_for_status()
        except requests.RequestException as exc:
            raise PublishError(f"无法下载当前的 packs.json (cannot fetch packs.json): {exc}") from exc
        return answer.content

    def publish(self, bundle: Path, *, channel: str) -> PublishResult:
        manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
        chunks = {c["sha256"]: c["bytes"] for f in manifest["files"] for c in f["chunks"]}
        wanted = self._call(
            "POST", MISSING_BLOBS_PATH, json={"blobs": [{"sha256": s, "bytes": n} for s, n in chunks.items()]}
        )
        missing = set(wanted["missing"])
        with tempfile.TemporaryFile() as archive:
            sent = _write_tar(archive, bundle, missing)
            size = archive.tell()
            archive.seek(0)
            answer = self._call(
                "POST",
                PUBLISH_PATH,
                params={"channel": channel},
                data=archive,
                headers={"Content-Type": "application/x-tar", "Content-Length": str(size)},
            )
        return PublishResult(
            pack_id=answer["pack_id"],
            version=answer["version"],
            packs_version=answer["packs_version"],
            channel=answer["channel"],
            blobs_sent=len(missing),
            bytes_sent=sent,
        )


def _write_tar(out: Any, bundle: Path, blobs: set[str]) -> int:
    """packs.json, manifest.json and the named blobs; returns the blob bytes written."""
    sent = 0
    with tarfile.open(fileobj=out, mode="w") as tar:
        tar.add(bundle / "packs.json", arcname="packs.json")
        tar.add(bundle / "manifest.json", arcname="manifest.json")
        for sha in sorted(blobs):
            path = bundle / "blobs" / sha[:2] / sha
            if not path.is_file():
                raise PublishError(f"发布包缺少数据块 {sha[:12]}… (the bundle lacks a chunk: sign it again)")
            tar.add(path, arcname=f"blobs/{sha[:2]}/{sha}")
            sent += path.stat().st_size
    return sent


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if match is None:
        raise PublishError("服务器页面格式不符 (unexpected console page: is this a LawPost server?)")
    return match.group(1)


def _detail(answer: requests.Response) -> str:
    try:
        detail = answer.json().get("detail")
    except (ValueError, AttributeError):
        return answer.text[:300]
    return detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)[:300]


def tar_bytes(bundle: Path, *, blobs: set[str] | None = None) -> bytes:
    """The whole upload body in memory (tests): all blobs unless `blobs` names some."""
    if blobs is None:
        blobs = {p.name for p in (bundle / "blobs").glob("*/*")}
    buffer = io.BytesIO()
    _write_tar(buffer, bundle, blobs)
    return buffer.getvalue()
