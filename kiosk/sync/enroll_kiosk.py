"""Enrolling this kiosk with a central server: used by `lawpost enroll` and the technician screen."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from kiosk import __version__
from kiosk.config import SyncSettings
from kiosk.security.token_vault import TokenUnreadableError
from kiosk.sync.client import SyncError, Timeouts, enroll
from kiosk.sync.enrollment import EnrollmentError, load_enrollment, save_enrollment


class EnrollFailed(Exception):
    """Enrollment did not happen; the message is a sentence for the technician (Chinese, English)."""


@dataclass(frozen=True)
class EnrollOutcome:
    device_id: str
    server_url: str
    kiosk_name: str
    heartbeat_interval_s: int


def normalise_server_url(text: str) -> str:
    url = text.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url) < 10 or " " in url:
        raise EnrollFailed(
            "请输入服务器地址，例如 https://lawpost.example.gov.cn "
            "(give the server's base URL, starting with https://)"
        )
    return url


def enroll_kiosk(
    db: sqlite_utils.Database,
    *,
    server_url: str,
    code: str,
    kiosk_name: str,
    sync: SyncSettings,
    force: bool = False,
) -> EnrollOutcome:
    """Trade a one-time code for this kiosk's credentials and store them (never printed)."""
    url = normalise_server_url(server_url)
    code = code.strip()
    if not code:
        raise EnrollFailed("请输入注册码 (enter the enrollment code)")
    try:
        existing = load_enrollment(db)
    except TokenUnreadableError:
        existing = None  # unusable here (a copied data folder): re-enrolling is the remedy
    if existing is not None and not force:
        raise EnrollFailed(
            f"此设备已注册为 {existing.device_id}（{existing.server_url}）；如需重新注册请选择强制 "
            "(already enrolled; use force to replace)"
        )
    try:
        answer = enroll(
            server_url=url,
            code=code,
            kiosk_name=kiosk_name,
            app_version=__version__,
            timeouts=Timeouts(connect_s=sync.connect_timeout_s, read_s=sync.read_timeout_s),
            # A server behind a private CA: enrollment must trust the same CA as the sync does.
            ca_bundle=sync.ca_bundle,
        )
        enrollment = save_enrollment(db, server_url=url, kiosk_name=kiosk_name, answer=answer)
    except (SyncError, EnrollmentError) as exc:
        raise EnrollFailed(f"注册失败：{exc}") from exc
    return EnrollOutcome(
        device_id=enrollment.device_id,
        server_url=enrollment.server_url,
        kiosk_name=enrollment.kiosk_name,
        heartbeat_interval_s=enrollment.heartbeat_interval_s,
    )
