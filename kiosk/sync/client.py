"""HTTP client of the sync API (requests): enroll, ingest, heartbeat; errors sorted by remedy."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from kiosk.sync.enrollment import Secret
from kiosk.sync.wire import (
    ENROLL_PATH,
    HEARTBEAT_PATH,
    INGEST_PATH,
    ITEM_STATUSES,
    EnrollResponse,
    HeartbeatRequest,
    HeartbeatResponse,
    IngestResult,
    Item,
)

UNAUTHORIZED_MESSAGE = "此设备未注册或已被停用"
_MISMATCH = "服务器的答复与所发数据不符 (ingest answer does not match the batch)"
# Longest Retry-After we obey as given; a larger value is almost surely a misconfiguration.
MAX_RETRY_AFTER_S = 3600.0


class SyncError(Exception):
    """Base of every failure of a sync call; str() is a sentence for the technician screen."""


class TransientError(SyncError):
    """Try again later: network down, timeout, 5xx, 429/503, or an answer that makes no sense."""

    def __init__(
        self, message: str, *, retry_after_s: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
        self.status = status  # the HTTP status when there was an answer (429, 503, 5xx)


class UnauthorizedError(SyncError):
    """401: the device is unknown or revoked; stop syncing, keep the queue."""

    def __init__(self) -> None:
        super().__init__(f"{UNAUTHORIZED_MESSAGE} (device not enrolled or revoked)")


class RequestRejectedError(SyncError):
    """The server refuses the request as a whole (4xx other than 401/429); retrying won't help."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class EnrollRefusedError(SyncError):
    """The enrollment code is unknown (400), used or expired (410)."""


@dataclass(frozen=True)
class Timeouts:
    connect_s: float = 5.0
    read_s: float = 30.0


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), clamped to [0, 1 h]."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])[:200]
    return str(body)[:200]


def _post(
    session: requests.Session,
    url: str,
    *,
    body: Any,
    headers: dict[str, str],
    timeouts: Timeouts,
    ca_bundle: str = "",
) -> Any:
    """POST JSON and return the decoded 200 answer, or raise the SyncError that fits."""
    try:
        response = session.post(
            url,
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", **headers},
            timeout=(timeouts.connect_s, timeouts.read_s),
            verify=ca_bundle or True,
        )
        content = response.content  # a truncated body raises here (ChunkedEncoding/Protocol)
    except requests.Timeout as exc:
        raise TransientError("服务器响应超时 (server timed out)") from exc
    except requests.exceptions.SSLError as exc:
        raise TransientError(
            "服务器证书无法验证 (TLS certificate not trusted: check [sync] ca_bundle)"
        ) from exc
    except requests.RequestException as exc:
        raise TransientError(f"无法连接服务器 (cannot reach server: {type(exc).__name__})") from exc
    status = response.status_code
    if status == 401:
        raise UnauthorizedError
    if status in (429, 503):
        raise TransientError(
            f"服务器繁忙，稍后重试 (server busy, HTTP {status})",
            retry_after_s=parse_retry_after(response.headers.get("Retry-After")),
            status=status,
        )
    if status >= 500:
        raise TransientError(f"服务器出错，稍后重试 (server error, HTTP {status})", status=status)
    if status != 200:
        raise RequestRejectedError(
            f"服务器拒绝了请求 (HTTP {status}: {_detail(response)})", status=status
        )
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TransientError("服务器返回的数据不完整 (garbled or truncated answer)") from exc


def enroll(
    *,
    server_url: str,
    code: str,
    kiosk_name: str,
    app_version: str,
    timeouts: Timeouts = Timeouts(),
    ca_bundle: str = "",
    session: requests.Session | None = None,
) -> EnrollResponse:
    """Trade a one-time enrollment code for this kiosk's device id, token and the server key."""
    own = session or requests.Session()
    try:
        answer = _post(
            own,
            server_url.rstrip("/") + ENROLL_PATH,
            body={"code": code, "kiosk_name": kiosk_name, "app_version": app_version},
            headers={},
            timeouts=timeouts,
            ca_bundle=ca_bundle,
        )
    except RequestRejectedError as exc:
        if exc.status == 410:
            raise EnrollRefusedError(
                "注册码已被使用或已过期 (enrollment code used or expired)"
            ) from exc
        if exc.status == 400:
            raise EnrollRefusedError("注册码无效 (unknown enrollment code)") from exc
        raise
    finally:
        if session is None:
            own.close()
    if not (
        isinstance(answer, dict)
        and isinstance(answer.get("device_id"), str)
        and isinstance(answer.get("device_token"), str)
        and isinstance(answer.get("server_public_key"), str)
        and isinstance(answer.get("heartbeat_interval_s"), int)
    ):
        raise TransientError("服务器的注册答复格式错误 (malformed enrollment answer)")
    return EnrollResponse(
        device_id=answer["device_id"],
        device_token=answer["device_token"],
        server_public_key=answer["server_public_key"],
        heartbeat_interval_s=answer["heartbeat_interval_s"],
    )


def _ingest_results(answer: Any, items: Sequence[Item]) -> list[IngestResult]:
    """Validate an ingest answer against its batch; anything odd is a transient (garbled) answer."""
    results = answer.get("results") if isinstance(answer, dict) else None
    if not isinstance(results, list) or len(results) != len(items):
        raise TransientError(_MISMATCH)
    parsed: list[IngestResult] = []
    for result, item in zip(results, items, strict=True):
        if (
            not isinstance(result, dict)
            or result.get("id") != item["id"]
            or result.get("status") not in ITEM_STATUSES
        ):
            raise TransientError(_MISMATCH)
        code = result.get("code")
        reason = result.get("reason")
        parsed.append(
            IngestResult(
                id=item["id"],
                status=result["status"],
                code=code if isinstance(code, int) else 0,
                reason=reason if isinstance(reason, str) else None,
            )
        )
    return parsed


class SyncClient:
    """Authenticated calls of one enrolled kiosk; owns a keep-alive requests.Session."""

    def __init__(
        self,
        *,
        server_url: str,
        token: Secret,
        timeouts: Timeouts = Timeouts(),
        ca_bundle: str = "",
    ) -> None:
        self._base = server_url.rstrip("/")
        self._token = token
        self._timeouts = timeouts
        self._ca_bundle = ca_bundle
        self._session = requests.Session()

    def close(self) -> None:
        self._session.close()

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token.reveal()}"}

    def call(self, path: str, body: Any) -> Any:
        """POST to another endpoint of the kiosk API (take-home, drafts): the decoded answer."""
        return _post(self._session, self._base + path, body=body, headers=self._auth(),
                     timeouts=self._timeouts, ca_bundle=self._ca_bundle)  # fmt: skip

    def ingest(self, items: Sequence[Item]) -> list[IngestResult]:
        answer = _post(
            self._session,
            self._base + INGEST_PATH,
            body={"items": list(items)},
            headers=self._auth(),
            timeouts=self._timeouts,
            ca_bundle=self._ca_bundle,
        )
        return _ingest_results(answer, items)

    def heartbeat(self, body: HeartbeatRequest) -> HeartbeatResponse:
        answer = _post(
            self._session,
            self._base + HEARTBEAT_PATH,
            body=body,
            headers=self._auth(),
            timeouts=self._timeouts,
            ca_bundle=self._ca_bundle,
        )
        if not (
            isinstance(answer, dict)
            and isinstance(answer.get("server_time"), str)
            and isinstance(answer.get("clock_offset_s"), int | float)
            and isinstance(answer.get("heartbeat_interval_s"), int)
        ):
            raise TransientError("服务器的心跳答复格式错误 (malformed heartbeat answer)")
        key = answer.get("server_public_key")
        channel, group = answer.get("update_channel"), answer.get("update_group")
        return HeartbeatResponse(
            server_time=answer["server_time"],
            clock_offset_s=float(answer["clock_offset_s"]),
            heartbeat_interval_s=answer["heartbeat_interval_s"],
            server_public_key=key if isinstance(key, str) else "",
            update_channel=channel if isinstance(channel, str) and channel else "stable",
            update_group=group if isinstance(group, str) else "",
        )
